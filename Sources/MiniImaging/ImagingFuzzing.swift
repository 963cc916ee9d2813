/// Entry points for the fuzz harnesses (Sources/MiniFuzzing): each runs one parser or decoder
/// of this module on arbitrary bytes the way the pipelines do — probe first, decode what the
/// probe accepted — and returns what happened. Any outcome but a crash or a hang is fine.
public enum ImagingFuzzing {
    /// What one input did.
    public enum Outcome: Sendable, Equatable {
        /// The probe refused the input.
        case refused(ImagingError.Code)
        /// The probe accepted it and decoding failed cleanly.
        case failed(ImagingError.Code)
        /// Decoded to an image of this size.
        case decoded(width: Int, height: Int)
    }

    /// Small limits so a fuzzer spends its time on parsing, not on painting huge canvases.
    public static let limits = ImagingLimits(maxPixels: 4_000_000, maxFileBytes: 16 << 20, maxDecodeSeconds: 5,
                                             memoryBudget: ImagingMemoryBudget(capacity: 256 << 20))

    /// Probes `bytes` with `format`'s header parser (whatever the magic bytes say), then decodes
    /// them as that format through the shared dispatch (pixel limit, size cross-check).
    public static func decode(_ format: ImageFormat, _ bytes: [UInt8]) -> Outcome {
        let header: ImageHeader
        do {
            header = try probe(format, bytes)
            try limits.check(width: header.width, height: header.height)
        } catch {
            return .refused((error as? ImagingError)?.code ?? .corrupt)
        }
        do {
            let request = DecodeRequest(minWidth: nil, minHeight: nil, limits: limits, deadline: limits.deadline())
            if format == .jpeg {
                // The compress fast path, at a reduced scale, as compressImage asks for it.
                let small = DecodeRequest(minWidth: max(1, header.width / 3), minHeight: max(1, header.height / 3),
                                          limits: limits, deadline: limits.deadline())
                _ = try bytes.withUnsafeBytes { try JPEGDecoder.decodeI420($0, header: header, request: small) }
            }
            let pixels = try ImageDecoder.decodePixels(bytes, header: header, request: request)
            return .decoded(width: pixels.width, height: pixels.height)
        } catch {
            return .failed((error as? ImagingError)?.code ?? .corrupt)
        }
    }

    /// The public pipeline on bytes of any format: detection by magic, probe, limits and budget,
    /// decode, a DCT-scaled/box resize to a 48-pixel long edge, and EXIF orientation.
    public static func pipeline(_ bytes: [UInt8]) -> Outcome {
        do {
            let image = try ImageDecoder.decode(data: bytes, targetLongEdge: 48, applyOrientation: true, limits: limits)
            return .decoded(width: image.pixels.width, height: image.pixels.height)
        } catch {
            return .failed((error as? ImagingError)?.code ?? .corrupt)
        }
    }

    /// The header parser alone.
    static func probe(_ format: ImageFormat, _ bytes: [UInt8]) throws -> ImageHeader {
        if format == .unknown { return try ImageProbe.probe(data: bytes) }
        return try ImageProbe.probe(format, ByteSource(bytes: bytes), path: nil, memory: bytes)
    }

    /// The EXIF reader on a bare TIFF block, and on the same block inside a JPEG APP1 segment.
    /// Returns the orientation read, if any.
    public static func exif(_ bytes: [UInt8]) -> ImageOrientation? {
        let fromTIFF = try? ExifMetadata.read(tiff: ByteSource(bytes: bytes), base: 0)
        let payload = Array("Exif".utf8) + [0, 0] + bytes.prefix(0xFFF0)
        let n = payload.count + 2
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE1, UInt8(n >> 8), UInt8(n & 0xFF)] + payload + [0xFF, 0xD9]
        let fromJPEG = try? ExifMetadata.read(jpeg: jpeg)
        _ = try? JPEGHeaderParser.probeHeader(ByteSource(bytes: jpeg))
        return fromTIFF?.orientation ?? fromJPEG?.orientation
    }

    /// The TIFF header parser (IFD0 walk: size, orientation).
    public static func tiff(_ bytes: [UInt8]) -> Outcome {
        do {
            let h = try TIFFHeaderParser.probeHeader(ByteSource(bytes: bytes))
            return .decoded(width: h.width, height: h.height)
        } catch {
            return .refused((error as? ImagingError)?.code ?? .corrupt)
        }
    }
}
