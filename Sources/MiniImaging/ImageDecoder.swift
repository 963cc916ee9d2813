/// Result of `ImageDecoder.decode`.
public struct DecodedImage: Sendable {
    /// Decoded RGBA8 pixels.
    public var pixels: PixelBuffer
    /// Header of the source (original stored size, format, EXIF orientation).
    public var header: ImageHeader
    /// Orientation still to apply to `pixels` for upright display (`.up` if the
    /// decoder already applied it).
    public var orientation: ImageOrientation

    /// The pixels turned upright.
    public func upright() throws -> PixelBuffer { try pixels.applying(orientation) }
}

/// Decodes any supported format to RGBA8.
public enum ImageDecoder {
    /// Decodes a file.
    ///
    /// - Parameters:
    ///   - targetLongEdge: when set and smaller than the image's long edge, the result's
    ///     long edge is exactly this (aspect ratio kept). JPEG uses DCT-scaled decoding
    ///     (the smallest TurboJPEG scale still ≥ the target) and then a box filter, so
    ///     peak memory stays near the output size.
    ///   - applyOrientation: turn the pixels upright using the EXIF orientation.
    ///   - limits: refuses images above `limits.maxPixels` before allocating pixels.
    public static func decode(path: String, targetLongEdge: Int? = nil, applyOrientation: Bool = false,
                              limits: ImagingLimits = .default) throws -> DecodedImage {
        if let t = targetLongEdge, t <= 0 {
            throw ImagingError(.invalidArgument, "targetLongEdge must be positive, got \(t)")
        }
        let deadline = limits.deadline()
        let (header, fileBytes) = try ImageProbe.probeWithSize(path: path)
        try limits.check(width: header.width, height: header.height)
        let request = request(header, targetLongEdge: targetLongEdge, limits: limits, deadline: deadline)
        let cost = DecodeCost.bytes(header: header, fileBytes: fileBytes, request: request, output: nil)
        return try limits.memoryBudget.withReservation(cost, deadline: deadline, "image \(header.width)x\(header.height)") {
            let bytes = try FileIO.readAll(path, maxBytes: limits.maxFileBytes)
            let reread = try ImageProbe.probe(data: bytes)
            guard reread == header else { throw ImagingError(.corrupt, "image file changed while it was being read") }
            return try decodeReserved(bytes, header: header, request: request, targetLongEdge: targetLongEdge,
                                      applyOrientation: applyOrientation)
        }
    }

    /// Decodes encoded bytes in memory. See `decode(path:targetLongEdge:applyOrientation:limits:)`.
    public static func decode(data: [UInt8], targetLongEdge: Int? = nil, applyOrientation: Bool = false,
                              limits: ImagingLimits = .default) throws -> DecodedImage {
        if let t = targetLongEdge, t <= 0 {
            throw ImagingError(.invalidArgument, "targetLongEdge must be positive, got \(t)")
        }
        let deadline = limits.deadline()
        let header = try ImageProbe.probe(data: data)
        try limits.check(width: header.width, height: header.height)
        let request = request(header, targetLongEdge: targetLongEdge, limits: limits, deadline: deadline)
        // The caller holds `data` already: only the BMP copy of it counts.
        let cost = DecodeCost.bytes(header: header, fileBytes: header.format == .bmp ? data.count / 2 : 0,
                                    request: request, output: nil)
        return try limits.memoryBudget.withReservation(cost, deadline: deadline, "image \(header.width)x\(header.height)") {
            try decodeReserved(data, header: header, request: request, targetLongEdge: targetLongEdge,
                               applyOrientation: applyOrientation)
        }
    }

    private static func request(_ header: ImageHeader, targetLongEdge: Int?, limits: ImagingLimits,
                                deadline: DecodeDeadline) -> DecodeRequest {
        var minW: Int?, minH: Int?
        if let t = targetLongEdge, max(header.width, header.height) > t {
            let size = ImageResizer.fit(width: header.width, height: header.height, longEdge: t)
            (minW, minH) = (size.width, size.height)
        }
        return DecodeRequest(minWidth: minW, minHeight: minH, limits: limits, deadline: deadline)
    }

    private static func decodeReserved(_ data: [UInt8], header: ImageHeader, request: DecodeRequest, targetLongEdge: Int?,
                                       applyOrientation: Bool) throws -> DecodedImage {
        var pixels = try decodePixels(data, header: header, request: request)
        if let t = targetLongEdge, max(pixels.width, pixels.height) > t {
            let size = ImageResizer.fit(width: pixels.width, height: pixels.height, longEdge: t)
            pixels = try pixels.resized(width: size.width, height: size.height)
            try request.deadline.check("image resize")
        }
        var orientation = header.orientation
        if applyOrientation {
            pixels = try pixels.applying(orientation)
            orientation = .up
        }
        return DecodedImage(pixels: pixels, header: header, orientation: orientation)
    }

    /// Format dispatch; checks the pixel limit from the probed header first.
    static func decodePixels(_ data: [UInt8], header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        try request.limits.check(width: header.width, height: header.height)
        let decoder: any PixelDecoding.Type
        switch header.format {
        case .jpeg: decoder = JPEGDecoder.self
        case .png: decoder = PNGDecoder.self
        case .webp: decoder = WebPDecoder.self
        case .gif: decoder = GIFDecoder.self
        case .bmp: decoder = BMPDecoder.self
        case .heic: decoder = HEIFDecoder.self
        case .tiff: throw ImagingError(.unsupportedFormat, "TIFF decoding is not supported")
        case .unknown: throw ImagingError(.unsupportedFormat, "unrecognised image format")
        }
        let pixels = try data.withUnsafeBytes { try decoder.decodePixels($0, header: header, request: request) }
        // Every size downstream (resize targets, memory estimates) was planned from the header: a
        // stream that decodes to another size is refused rather than stretched. JPEG decodes
        // DCT-scaled; its decoder compares the frame header itself.
        if header.format != .jpeg, pixels.width != header.width || pixels.height != header.height {
            throw ImagingError(.corrupt, "\(header.format.rawValue) header says \(header.width)x\(header.height) "
                + "but the image data is \(pixels.width)x\(pixels.height)")
        }
        try request.deadline.check("\(header.format.rawValue) decode")
        return pixels
    }
}
