import CTurboJPEG

/// Encodes RGBA8 to baseline JPEG (4:2:0) with TurboJPEG, optionally inserting an
/// EXIF APP1 segment. Alpha is ignored (flatten first if needed).
public struct JPEGEncoder: ImageEncoding {
    public var format: ImageFormat { .jpeg }
    /// Quality 0–100 (0 is treated as 1, libjpeg's minimum).
    public let quality: Int
    /// EXIF written right after the JFIF APP0 segment, if any.
    public var exif: ExifMetadata?

    /// Creates an encoder; throws `.invalidArgument` for a quality outside 0–100.
    public init(quality: Int = 80, exif: ExifMetadata? = nil) throws {
        guard (0 ... 100).contains(quality) else {
            throw ImagingError(.invalidArgument, "JPEG quality must be 0–100, got \(quality)")
        }
        self.quality = quality
        self.exif = exif
    }

    public func encode(_ image: PixelBuffer) throws -> [UInt8] {
        let app1 = try exif?.app1Segment()
        guard let handle = tjInitCompress() else { throw ImagingError(.encodeFailed, "cannot create JPEG encoder") }
        defer { tjDestroy(handle) }
        let subsamp = TJSAMP_420
        let capacity = tjBufSize(Int32(image.width), Int32(image.height), Int32(subsamp.rawValue))
        guard capacity > 0, let out = tjAlloc(Int32(clamping: capacity)) else {
            throw ImagingError(.encodeFailed, "cannot allocate JPEG output buffer")
        }
        defer { tjFree(out) }
        var outPtr: UnsafeMutablePointer<UInt8>? = out
        var outSize: UInt = capacity
        let rc = image.withUnsafeBytes { raw in
            tjCompress2(handle, raw.baseAddress!.assumingMemoryBound(to: UInt8.self),
                        Int32(image.width), Int32(image.bytesPerRow), Int32(image.height),
                        Int32(TJPF_RGBA.rawValue), &outPtr, &outSize, Int32(subsamp.rawValue),
                        Int32(max(1, quality)), TJFLAG_NOREALLOC)
        }
        guard rc == 0, let encoded = outPtr else {
            let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error"
            throw ImagingError(.encodeFailed, "JPEG encode failed: \(message)")
        }
        return insertingExif(app1, into: UnsafeBufferPointer(start: encoded, count: Int(outSize)))
    }

    /// Encodes planar 4:2:0 YUV (JPEG YCbCr) without any colour conversion.
    func encode(_ image: I420Image) throws -> [UInt8] {
        let app1 = try exif?.app1Segment()
        guard let handle = tjInitCompress() else { throw ImagingError(.encodeFailed, "cannot create JPEG encoder") }
        defer { tjDestroy(handle) }
        let subsamp = Int32(TJSAMP_420.rawValue)
        let capacity = tjBufSize(Int32(image.width), Int32(image.height), subsamp)
        guard capacity > 0, let out = tjAlloc(Int32(clamping: capacity)) else {
            throw ImagingError(.encodeFailed, "cannot allocate JPEG output buffer")
        }
        defer { tjFree(out) }
        var outPtr: UnsafeMutablePointer<UInt8>? = out
        var outSize: UInt = capacity
        let rc = image.withPlanes { y, u, v in
            var planes: [UnsafePointer<UInt8>?] = [y, u, v]
            var strides: [Int32] = [Int32(image.width), Int32(image.chromaWidth), Int32(image.chromaWidth)]
            return tjCompressFromYUVPlanes(handle, &planes, Int32(image.width), &strides, Int32(image.height), subsamp,
                                           &outPtr, &outSize, Int32(max(1, quality)), TJFLAG_NOREALLOC)
        }
        guard rc == 0, let encoded = outPtr else {
            let message = tjGetErrorStr2(handle).map { String(cString: $0) } ?? "unknown error"
            throw ImagingError(.encodeFailed, "JPEG encode failed: \(message)")
        }
        return insertingExif(app1, into: UnsafeBufferPointer(start: encoded, count: Int(outSize)))
    }

    private func insertingExif(_ app1: [UInt8]?, into jpeg: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        guard let app1 else { return Array(jpeg) }
        // Insert after SOI, or after a JFIF APP0 that directly follows SOI.
        var insertAt = 2
        if jpeg.count > 6, jpeg[2] == 0xFF, jpeg[3] == 0xE0 {
            insertAt = 4 + (Int(jpeg[4]) << 8 | Int(jpeg[5]))
        }
        var result: [UInt8] = []
        result.reserveCapacity(jpeg.count + app1.count)
        result += jpeg[0 ..< insertAt]
        result += app1
        result += jpeg[insertAt...]
        return result
    }
}
