/// Estimated peak memory of one decode pipeline, reserved from `ImagingMemoryBudget` before the
/// file is read. Deliberately generous: it counts the input, the decoder's own buffers, the
/// decoded pixels, the 2:1 resize chain, the output and its rotated copy, and the encoder.
enum DecodeCost {
    /// - Parameters:
    ///   - fileBytes: size of the encoded input (held in memory while decoding).
    ///   - output: the pipeline's final stored-orientation size (nil: the decoded size).
    ///   - yuv: the JPEG fast path (planes, not RGBA).
    static func bytes(header: ImageHeader, fileBytes: Int, request: DecodeRequest, output: (width: Int, height: Int)?,
                      yuv: Bool = false) -> Int {
        let decoded = header.format == .jpeg
            ? JPEGDecoder.decodedSize(width: header.width, height: header.height, request: request)
            : (width: header.width, height: header.height)
        let decodedPixels = pixels(decoded.width, decoded.height)
        let outputPixels = output.map { pixels($0.width, $0.height) } ?? decodedPixels
        // Bytes per decoded pixel, decoder buffers included.
        let perPixel: Int
        switch header.format {
        case .jpeg: perPixel = yuv ? 5 : 4           // planes + 4:2:2/4:4:4 native planes, or RGBA
        case .heic: perPixel = 12                    // libheif's YUV and RGBA images, our copy
        case .webp: perPixel = 8                     // VP8L keeps an ARGB copy of the frame
        case .png, .gif, .bmp, .tiff, .unknown: perPixel = 4
        }
        let input = header.format == .bmp ? 2 * fileBytes : fileBytes  // BMP copies its input
        return sum([
            input,
            product(decodedPixels, perPixel),
            product(decodedPixels, 2),              // the 2:1 halving chain (≤ 4/3 of the pixels)
            product(outputPixels, 12),              // output, rotated copy, encoder buffer
        ])
    }

    private static func pixels(_ w: Int, _ h: Int) -> Int { product(max(0, w), max(0, h)) }

    private static func product(_ a: Int, _ b: Int) -> Int {
        let (p, o) = a.multipliedReportingOverflow(by: b)
        return o ? .max : p
    }

    private static func sum(_ values: [Int]) -> Int {
        values.reduce(0) { acc, v in
            let (s, o) = acc.addingReportingOverflow(v)
            return o ? .max : s
        }
    }
}
