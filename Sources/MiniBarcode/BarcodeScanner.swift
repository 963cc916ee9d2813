import CZXingShim

/// Decodes barcodes from 8-bit luminance (e.g. the Y plane of a camera frame) or RGBA pixels
/// using zxing-cpp. Stateless and thread-safe.
public struct BarcodeScanner: Sendable {
    /// Decoder options used by every call.
    public var options: ScanOptions

    /// Creates a scanner with the given options (default `.camera`).
    public init(options: ScanOptions = .camera) {
        self.options = options
    }

    /// Decodes an 8-bit luminance image.
    /// - Parameters:
    ///   - luminance: first pixel of the image.
    ///   - width, height: size in pixels.
    ///   - bytesPerRow: row stride in bytes (0 = `width * pixelStride`).
    ///   - pixelStride: bytes between horizontally adjacent samples (1 for a Y plane, 2 for YUYV).
    public func scan(luminance: UnsafeRawPointer, width: Int, height: Int, bytesPerRow: Int = 0,
                     pixelStride: Int = 1) throws(BarcodeError) -> [ScanResult] {
        try decode(luminance, width, height, bytesPerRow, pixelStride, ZXS_IMAGE_LUM, minStride: width * pixelStride)
    }

    /// Decodes an 8-bit luminance image held in an array (`bytesPerRow` 0 = tightly packed).
    public func scan(luminance: [UInt8], width: Int, height: Int, bytesPerRow: Int = 0) throws(BarcodeError) -> [ScanResult] {
        let stride = bytesPerRow == 0 ? width : bytesPerRow
        try Self.check(count: luminance.count, width: width, height: height, stride: stride, minStride: width)
        do {
            return try luminance.withUnsafeBytes { buf in
                try scan(luminance: buf.baseAddress!, width: width, height: height, bytesPerRow: stride)
            }
        } catch let e as BarcodeError { throw e } catch { throw .decoderFailure }
    }

    /// Decodes RGBA (R,G,B,A byte order) pixels; luminance conversion happens inside.
    public func scan(rgba: UnsafeRawPointer, width: Int, height: Int, bytesPerRow: Int = 0) throws(BarcodeError) -> [ScanResult] {
        try decode(rgba, width, height, bytesPerRow, 4, ZXS_IMAGE_RGBA, minStride: width * 4)
    }

    /// Decodes RGBA pixels held in an array (`bytesPerRow` 0 = `width * 4`).
    public func scan(rgba: [UInt8], width: Int, height: Int, bytesPerRow: Int = 0) throws(BarcodeError) -> [ScanResult] {
        let stride = bytesPerRow == 0 ? width * 4 : bytesPerRow
        try Self.check(count: rgba.count, width: width, height: height, stride: stride, minStride: width * 4)
        do {
            return try rgba.withUnsafeBytes { buf in
                try scan(rgba: buf.baseAddress!, width: width, height: height, bytesPerRow: stride)
            }
        } catch let e as BarcodeError { throw e } catch { throw .decoderFailure }
    }

    /// Decodes the decoded pixels of an image file (album picture, `wx.scanCode`): converts RGBA to
    /// luminance in Swift and decodes with thorough settings (`ScanOptions.image` merged with this
    /// scanner's format filter).
    public func scanImage(rgba: [UInt8], width: Int, height: Int, bytesPerRow: Int = 0) throws(BarcodeError) -> [ScanResult] {
        let stride = bytesPerRow == 0 ? width * 4 : bytesPerRow
        try Self.check(count: rgba.count, width: width, height: height, stride: stride, minStride: width * 4)
        let lum = Luminance.fromRGBA(rgba, width: width, height: height, bytesPerRow: stride)
        var opts = ScanOptions.image
        opts.formats = options.formats
        return try BarcodeScanner(options: opts).scan(luminance: lum, width: width, height: height)
    }

    // MARK: - Internals

    static func check(count: Int, width: Int, height: Int, stride: Int, minStride: Int) throws(BarcodeError) {
        guard width > 0, height > 0 else { throw .invalidImage("size \(width)x\(height)") }
        guard stride >= minStride else { throw .invalidImage("bytesPerRow \(stride) < \(minStride)") }
        guard count >= stride * (height - 1) + minStride else {
            throw .invalidImage("buffer of \(count) bytes too small for \(width)x\(height) stride \(stride)")
        }
    }

    private func decode(_ data: UnsafeRawPointer, _ width: Int, _ height: Int, _ bytesPerRow: Int, _ pixelStride: Int,
                        _ format: zxs_image_format, minStride: Int) throws(BarcodeError) -> [ScanResult] {
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw .invalidImage("size \(width)x\(height)")
        }
        guard pixelStride >= 1 else { throw .invalidImage("pixelStride \(pixelStride)") }
        guard bytesPerRow == 0 || bytesPerRow >= minStride else {
            throw .invalidImage("bytesPerRow \(bytesPerRow) < \(minStride)")
        }
        var opts = options.cOptions
        var results: UnsafeMutablePointer<zxs_result>? = nil
        let n = zxs_decode(data.assumingMemoryBound(to: UInt8.self), Int32(width), Int32(height), Int32(bytesPerRow),
                           Int32(pixelStride), format, &opts, &results)
        guard n >= 0 else { throw .decoderFailure }
        defer { zxs_free_results(results, n) }
        guard let results, n > 0 else { return [] }
        var out: [ScanResult] = []
        out.reserveCapacity(Int(n))
        for i in 0..<Int(n) {
            if let r = ScanResult(results[i]) { out.append(r) }
        }
        return out
    }
}

extension ScanOptions {
    /// The equivalent C option struct.
    var cOptions: zxs_decode_options {
        var o = zxs_decode_options()
        zxs_decode_options_default(&o)
        o.formats = BarcodeFormat.mask(formats)
        o.try_harder = tryHarder ? 1 : 0
        o.try_rotate = tryRotate ? 1 : 0
        o.try_downscale = tryDownscale ? 1 : 0
        o.is_pure = isPure ? 1 : 0
        o.binarizer = binarizer.rawValue
        o.max_symbols = Int32(max(1, min(255, maxSymbols)))
        return o
    }
}

extension ScanResult {
    /// Converts one C result; `nil` for formats without a WeChat mapping.
    init?(_ r: zxs_result) {
        guard let type = BarcodeFormat(zxingBit: r.format) else { return nil }
        let text: String
        if let t = r.text {
            text = String(decoding: UnsafeRawBufferPointer(start: t, count: r.text_length), as: UTF8.self)
        } else {
            text = ""
        }
        let raw: [UInt8] = r.bytes.map { Array(UnsafeBufferPointer(start: $0, count: r.bytes_length)) } ?? []
        var cs = r.charset
        var sid = r.symbology_id
        let charSet = withUnsafeBytes(of: &cs) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let symbology = withUnsafeBytes(of: &sid) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let c = r.corners
        let corners = [ScanPoint(x: Int(c.0), y: Int(c.1)), ScanPoint(x: Int(c.2), y: Int(c.3)),
                       ScanPoint(x: Int(c.4), y: Int(c.5)), ScanPoint(x: Int(c.6), y: Int(c.7))]
        self.init(type: type, result: text, charSet: charSet, rawData: raw, hasECI: r.has_eci != 0,
                  symbologyIdentifier: symbology, corners: corners)
    }
}
