import CWebP

/// WebP header probing (VP8 / VP8L / VP8X) and decoding with libwebp. Animated
/// files decode their first frame (through libwebpdemux).
enum WebPDecoder: HeaderProbing, PixelDecoding {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        let fourcc = String(decoding: try source.read(12, 4), as: UTF8.self)
        let width: Int, height: Int
        switch fourcc {
        case "VP8 ":
            guard try source.read(23, 3).elementsEqual([0x9D, 0x01, 0x2A]) else {
                throw ImagingError(.corrupt, "bad VP8 start code")
            }
            width = try source.u16le(26) & 0x3FFF
            height = try source.u16le(28) & 0x3FFF
        case "VP8L":
            guard try source.u8(20) == 0x2F else { throw ImagingError(.corrupt, "bad VP8L signature") }
            let bits = try source.u32le(21)
            width = (bits & 0x3FFF) + 1
            height = ((bits >> 14) & 0x3FFF) + 1
        case "VP8X":
            width = try source.u24le(24) + 1
            height = try source.u24le(27) + 1
        default:
            throw ImagingError(.corrupt, "unknown WebP chunk \(fourcc.debugDescription)")
        }
        guard width > 0, height > 0 else { throw ImagingError(.corrupt, "invalid WebP dimensions") }
        return ImageHeader(format: .webp, width: width, height: height)
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        let bytes = data.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var features = WebPBitstreamFeatures()
        let status = WebPGetFeatures(bytes, data.count, &features)
        guard status == VP8_STATUS_OK else { throw error(status, "WebP header") }
        if features.has_animation != 0 {
            return try decodeFirstFrame(data, request: request)
        }
        try request.limits.check(width: Int(features.width), height: Int(features.height))
        let width = Int(features.width), height = Int(features.height)
        return try PixelBuffer(uninitializedWidth: width, height: height) { out in
            let p = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            guard WebPDecodeRGBAInto(bytes, data.count, p, out.count, Int32(width * 4)) != nil else {
                // Distinguish truncation using the incremental status.
                var f = WebPBitstreamFeatures()
                let s = WebPGetFeatures(bytes, data.count, &f)
                throw s == VP8_STATUS_OK ? truncatedOrCorrupt(data) : error(s, "WebP data")
            }
        }
    }

    private static func decodeFirstFrame(_ data: UnsafeRawBufferPointer, request: DecodeRequest) throws -> PixelBuffer {
        var webpData = WebPData(bytes: data.baseAddress!.assumingMemoryBound(to: UInt8.self), size: data.count)
        guard let demux = WebPDemux(&webpData) else { throw truncatedOrCorrupt(data) }
        defer { WebPDemuxDelete(demux) }
        let canvasW = Int(WebPDemuxGetI(demux, WEBP_FF_CANVAS_WIDTH))
        let canvasH = Int(WebPDemuxGetI(demux, WEBP_FF_CANVAS_HEIGHT))
        try request.limits.check(width: canvasW, height: canvasH)
        var iter = WebPIterator()
        guard WebPDemuxGetFrame(demux, 1, &iter) != 0 else { throw ImagingError(.corrupt, "animated WebP has no frames") }
        defer { WebPDemuxReleaseIterator(&iter) }
        let fw = Int(iter.width), fh = Int(iter.height), fx = Int(iter.x_offset), fy = Int(iter.y_offset)
        guard fw > 0, fh > 0, fx + fw <= canvasW, fy + fh <= canvasH else {
            throw ImagingError(.corrupt, "WebP frame outside canvas")
        }
        let frame = try PixelBuffer(uninitializedWidth: fw, height: fh) { out in
            guard WebPDecodeRGBAInto(iter.fragment.bytes, iter.fragment.size,
                                     out.baseAddress!.assumingMemoryBound(to: UInt8.self), out.count, Int32(fw * 4)) != nil else {
                throw ImagingError(.corrupt, "cannot decode first WebP frame")
            }
        }
        if fw == canvasW && fh == canvasH { return frame }
        var canvas = try PixelBuffer(width: canvasW, height: canvasH)
        let canvasStride = canvas.bytesPerRow
        frame.withUnsafeBytes { src in
            canvas.withUnsafeMutableBytes { dst in
                for y in 0 ..< fh {
                    (dst.baseAddress! + (fy + y) * canvasStride + fx * 4)
                        .copyMemory(from: src.baseAddress! + y * fw * 4, byteCount: fw * 4)
                }
            }
        }
        return canvas
    }

    private static func truncatedOrCorrupt(_ data: UnsafeRawBufferPointer) -> ImagingError {
        // RIFF size field says how long the file should be.
        if data.count >= 8 {
            let riff = Int(data[4]) | Int(data[5]) << 8 | Int(data[6]) << 16 | Int(data[7]) << 24
            if data.count < riff + 8 { return ImagingError(.truncated, "WebP data is truncated") }
        }
        return ImagingError(.corrupt, "WebP decode failed")
    }

    private static func error(_ status: VP8StatusCode, _ what: String) -> ImagingError {
        switch status {
        case VP8_STATUS_NOT_ENOUGH_DATA: ImagingError(.truncated, "\(what) is truncated")
        case VP8_STATUS_UNSUPPORTED_FEATURE: ImagingError(.unsupportedFormat, "\(what) uses an unsupported feature")
        case VP8_STATUS_OUT_OF_MEMORY: ImagingError(.tooLarge, "\(what): out of memory")
        default: ImagingError(.corrupt, "\(what) is invalid (status \(status.rawValue))")
        }
    }
}
