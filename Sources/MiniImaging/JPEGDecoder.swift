import CTurboJPEG
import CYUV

/// JPEG decoding through TurboJPEG, using DCT-domain scaling (1/8 … 1) when the
/// caller only needs a smaller image.
enum JPEGDecoder: PixelDecoding {
    /// The smallest TurboJPEG scaling factor (≤ 1) whose output is still at least
    /// `minWidth` x `minHeight`; 1/1 when no target is given or nothing smaller fits.
    static func scalingFactor(width: Int, height: Int, minWidth: Int?, minHeight: Int?) -> (num: Int, denom: Int) {
        guard minWidth != nil || minHeight != nil else { return (1, 1) }
        var count: Int32 = 0
        guard let factors = tjGetScalingFactors(&count), count > 0 else { return (1, 1) }
        var best = (num: 1, denom: 1)
        var bestArea = width * height
        for i in 0 ..< Int(count) {
            let f = factors[i]
            guard f.num > 0, f.denom > 0, f.num <= f.denom else { continue }
            let w = Int(mini_tj_scaled(Int32(clamping: width), f))
            let h = Int(mini_tj_scaled(Int32(clamping: height), f))
            if w >= (minWidth ?? 0), h >= (minHeight ?? 0), w * h < bestArea {
                best = (Int(f.num), Int(f.denom))
                bestArea = w * h
            }
        }
        return best
    }

    /// A TurboJPEG decompressor with the header read and the size checked against `limits`.
    /// The caller destroys the handle.
    /// When `expected` is given, the frame header TurboJPEG reads must match it (our parser and
    /// libjpeg must agree on what is being decoded, or every size planned from the probe is wrong).
    static func openDecompressor(_ data: UnsafeRawBufferPointer, limits: ImagingLimits, expected: ImageHeader? = nil) throws
        -> (handle: tjhandle, width: Int32, height: Int32, subsampling: Int32, colorspace: Int32)
    {
        guard let handle = tjInitDecompress() else { throw ImagingError(.corrupt, "cannot create JPEG decoder") }
        var w: Int32 = 0, h: Int32 = 0, subsamp: Int32 = 0, colorspace: Int32 = 0
        let src = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        if tjDecompressHeader3(handle, src, UInt(data.count), &w, &h, &subsamp, &colorspace) != 0 {
            let failure = error(handle, data)
            tjDestroy(handle)
            throw failure
        }
        do {
            try limits.check(width: Int(w), height: Int(h))
            if let expected, expected.width != Int(w) || expected.height != Int(h) {
                throw ImagingError(.corrupt, "JPEG header says \(expected.width)x\(expected.height) but the frame is \(w)x\(h)")
            }
        } catch {
            tjDestroy(handle)
            throw error
        }
        return (handle, w, h, subsamp, colorspace)
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        let (handle, w, h, _, colorspace) = try openDecompressor(data, limits: request.limits, expected: header)
        defer { tjDestroy(handle) }
        let src = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let len = UInt(data.count)

        let factor = scalingFactor(width: Int(w), height: Int(h), minWidth: request.minWidth, minHeight: request.minHeight)
        let sf = tjscalingfactor(num: Int32(factor.num), denom: Int32(factor.denom))
        let outW = Int(mini_tj_scaled(w, sf)), outH = Int(mini_tj_scaled(h, sf))
        let cmyk = colorspace == Int32(TJCS_CMYK.rawValue) || colorspace == Int32(TJCS_YCCK.rawValue)
        let pixelFormat = cmyk ? TJPF_CMYK : TJPF_RGBA

        var buffer = try PixelBuffer(uninitializedWidth: outW, height: outH) { out in
            let rc = tjDecompress2(handle, src, len, out.baseAddress!.assumingMemoryBound(to: UInt8.self),
                                   Int32(outW), Int32(outW * 4), Int32(outH), Int32(pixelFormat.rawValue), decodeFlags)
            if rc != 0 {
                let e = error(handle, data)
                // Non-fatal libjpeg warnings (e.g. extraneous bytes) still give a full image;
                // a premature end of data does not.
                if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) || e.code == .truncated {
                    throw e
                }
            }
        }
        if cmyk { convertAdobeCMYKToRGBA(&buffer) }
        return buffer
    }

    /// A progressive JPEG may repeat scans without end, each costing a pass over the whole
    /// image: libjpeg-turbo stops after 500 with this flag (an error, not a warning).
    static let decodeFlags = Int32(TJFLAG_LIMITSCANS)

    /// The stored-orientation size a decode for `request` produces (DCT scaling applied).
    static func decodedSize(width: Int, height: Int, request: DecodeRequest) -> (width: Int, height: Int) {
        let factor = scalingFactor(width: width, height: height, minWidth: request.minWidth, minHeight: request.minHeight)
        let sf = tjscalingfactor(num: Int32(factor.num), denom: Int32(factor.denom))
        return (Int(mini_tj_scaled(Int32(clamping: width), sf)), Int(mini_tj_scaled(Int32(clamping: height), sf)))
    }

    /// Maps the current TurboJPEG error to an `ImagingError`.
    static func error(_ handle: tjhandle, _ data: UnsafeRawBufferPointer) -> ImagingError {
        let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown JPEG error"
        if message.contains("Premature end") || message.contains("premature end") || !containsEOI(data) {
            return ImagingError(.truncated, "JPEG data is truncated: \(message)")
        }
        return ImagingError(.corrupt, "JPEG decode failed: \(message)")
    }

    /// DCT-scaled decode straight to I420 (no RGB conversion) for the compress fast
    /// path. Returns `nil` when the JPEG is CMYK or uses a subsampling other than
    /// 4:2:0, 4:2:2, 4:4:4 or grey, in which case callers use the RGBA path.
    static func decodeI420(_ data: UnsafeRawBufferPointer, header: ImageHeader? = nil, request: DecodeRequest) throws
        -> I420Image?
    {
        let (handle, w, h, subsamp, colorspace) = try openDecompressor(data, limits: request.limits, expected: header)
        defer { tjDestroy(handle) }
        let src = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let len = UInt(data.count)
        guard colorspace == Int32(TJCS_YCbCr.rawValue) || colorspace == Int32(TJCS_GRAY.rawValue) else { return nil }
        let supported = [TJSAMP_420, TJSAMP_422, TJSAMP_444, TJSAMP_GRAY].map { Int32($0.rawValue) }
        guard supported.contains(subsamp) else { return nil }

        let factor = scalingFactor(width: Int(w), height: Int(h), minWidth: request.minWidth, minHeight: request.minHeight)
        let sf = tjscalingfactor(num: Int32(factor.num), denom: Int32(factor.denom))
        let sw = mini_tj_scaled(w, sf), sh = mini_tj_scaled(h, sf)

        func decode(into planes: [UnsafeMutablePointer<UInt8>], strides: [Int32]) throws {
            var p: [UnsafeMutablePointer<UInt8>?] = planes
            var s = strides
            if tjDecompressToYUVPlanes(handle, src, len, &p, sw, &s, sh, decodeFlags) != 0 {
                let e = error(handle, data)
                if tjGetErrorCode(handle) != Int32(TJERR_WARNING.rawValue) || e.code == .truncated { throw e }
            }
        }

        if subsamp == Int32(TJSAMP_420.rawValue) {
            return try I420Image(width: Int(sw), height: Int(sh)) { y, u, v in
                let cw = (sw + 1) / 2
                try decode(into: [y, u, v], strides: [sw, cw, cw])
            }
        }
        if subsamp == Int32(TJSAMP_GRAY.rawValue) {
            return try I420Image(width: Int(sw), height: Int(sh)) { y, u, v in
                try decode(into: [y], strides: [sw])
                let c = Int((sw + 1) / 2) * Int((sh + 1) / 2)
                u.update(repeating: 128, count: c)
                v.update(repeating: 128, count: c)
            }
        }
        // 4:2:2 / 4:4:4: decode natively, then convert to 4:2:0.
        let cw = Int(tjPlaneWidth(1, sw, subsamp)), ch = Int(tjPlaneHeight(1, sh, subsamp))
        guard cw > 0, ch > 0 else { return nil }
        let ySize = Int(sw) * Int(sh), cSize = cw * ch
        var native = [UInt8](unsafeUninitializedCapacity: ySize + 2 * cSize) { _, n in n = ySize + 2 * cSize }
        try native.withUnsafeMutableBufferPointer { b in
            let base = b.baseAddress!
            try decode(into: [base, base + ySize, base + ySize + cSize], strides: [sw, Int32(cw), Int32(cw)])
        }
        return try native.withUnsafeBufferPointer { b in
            let sy = b.baseAddress!, su = sy + ySize, sv = su + cSize
            return try I420Image(width: Int(sw), height: Int(sh)) { y, u, v in
                let dcw = (sw + 1) / 2
                let rc = subsamp == Int32(TJSAMP_422.rawValue)
                    ? I422ToI420(sy, sw, su, Int32(cw), sv, Int32(cw), y, sw, u, dcw, v, dcw, sw, sh)
                    : I444ToI420(sy, sw, su, Int32(cw), sv, Int32(cw), y, sw, u, dcw, v, dcw, sw, sh)
                guard rc == 0 else { throw ImagingError(.corrupt, "chroma conversion failed (\(rc))") }
            }
        }
    }

    /// True if an EOI marker occurs in the last 64 KiB (allowing trailing junk).
    private static func containsEOI(_ data: UnsafeRawBufferPointer) -> Bool {
        let n = data.count
        guard n >= 4 else { return false }
        var i = n - 2
        let stop = max(2, n - 65536)
        while i >= stop {
            if data[i] == 0xFF && data[i + 1] == 0xD9 { return true }
            i -= 1
        }
        return false
    }

    /// Converts inverted (Adobe-style) CMYK, as libjpeg returns it, to RGBA in place.
    private static func convertAdobeCMYKToRGBA(_ buffer: inout PixelBuffer) {
        buffer.withUnsafeMutableBytes { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for i in stride(from: 0, to: raw.count, by: 4) {
                let k = Int(p[i + 3])
                p[i] = UInt8(Int(p[i]) * k / 255)
                p[i + 1] = UInt8(Int(p[i + 1]) * k / 255)
                p[i + 2] = UInt8(Int(p[i + 2]) * k / 255)
                p[i + 3] = 255
            }
        }
    }
}
