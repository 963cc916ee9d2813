import CPNG

/// Encodes RGBA8 (with alpha) to PNG through libpng's simplified write API.
public struct PNGEncoder: ImageEncoding {
    public var format: ImageFormat { .png }

    /// Creates an encoder.
    public init() {}

    public func encode(_ image: PixelBuffer) throws -> [UInt8] {
        var png = png_image()
        png.version = mini_png_image_version()
        png.width = UInt32(image.width)
        png.height = UInt32(image.height)
        png.format = mini_png_format_rgba()
        defer { png_image_free(&png) }
        let capacity = mini_png_size_max(&png)
        var size = capacity
        var failed = false
        let out = [UInt8](unsafeUninitializedCapacity: capacity) { buf, initialized in
            let ok = image.withUnsafeBytes { raw in
                png_image_write_to_memory(&png, buf.baseAddress, &size, 0, raw.baseAddress,
                                          Int32(image.bytesPerRow), nil)
            }
            if ok == 0 || size > capacity {
                failed = true
                initialized = 0
            } else {
                initialized = size
            }
        }
        if failed {
            let message = withUnsafeBytes(of: &png.message) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            throw ImagingError(.encodeFailed, "PNG encode failed: \(message)")
        }
        return out
    }
}
