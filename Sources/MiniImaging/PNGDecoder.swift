import CPNG

/// PNG header probing (IHDR) and decoding through libpng's simplified API, which
/// expands palette, grey, 16-bit and interlaced images to RGBA8.
enum PNGDecoder: HeaderProbing, PixelDecoding {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        let ihdr = try source.read(12, 4)
        guard ihdr.elementsEqual(Array("IHDR".utf8)) else {
            throw ImagingError(.corrupt, "PNG does not start with IHDR")
        }
        let width = try source.u32be(16), height = try source.u32be(20)
        guard width > 0, height > 0, width <= Int(Int32.max), height <= Int(Int32.max) else {
            throw ImagingError(.corrupt, "invalid PNG dimensions \(width)x\(height)")
        }
        return ImageHeader(format: .png, width: width, height: height)
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        var image = png_image()
        image.version = mini_png_image_version()
        defer { png_image_free(&image) }
        guard png_image_begin_read_from_memory(&image, data.baseAddress, data.count) != 0 else {
            throw error(image, "PNG header")
        }
        try request.limits.check(width: Int(image.width), height: Int(image.height))
        image.format = mini_png_format_rgba()
        // 16-bit files without gAMA/sRGB are almost always sRGB-encoded in practice.
        image.flags |= mini_png_flag_16bit_srgb()
        let width = Int(image.width), height = Int(image.height)
        return try PixelBuffer(uninitializedWidth: width, height: height) { out in
            guard png_image_finish_read(&image, nil, out.baseAddress, Int32(width * 4), nil) != 0 else {
                throw error(image, "PNG data")
            }
        }
    }

    private static func error(_ image: png_image, _ what: String) -> ImagingError {
        var copy = image
        let message = withUnsafeBytes(of: &copy.message) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
        let lower = message.lowercased()
        if lower.contains("end of") || lower.contains("not enough") || lower.contains("truncat") || lower.contains("eof") {
            return ImagingError(.truncated, "\(what) is truncated: \(message)")
        }
        return ImagingError(.corrupt, "\(what) is invalid: \(message)")
    }
}
