/// Capability: reading an image's header (format, size, orientation) without
/// decoding pixels.
protocol HeaderProbing {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader
}

/// What a caller wants from a pixel decode.
struct DecodeRequest {
    /// Smallest acceptable stored-orientation output size; decoders that can decode
    /// at reduced scale (JPEG DCT scaling) pick the smallest scale that still meets
    /// both. `nil` means full size.
    var minWidth: Int?
    var minHeight: Int?
    var limits: ImagingLimits
    /// The pipeline's time budget; decoders check it per row or frame.
    var deadline: DecodeDeadline = .none
}

/// Capability: decoding encoded bytes of one format to RGBA8.
protocol PixelDecoding {
    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer
}

/// Capability: encoding an RGBA8 `PixelBuffer` into a file format.
public protocol ImageEncoding: Sendable {
    /// Format produced by `encode`.
    var format: ImageFormat { get }
    /// Encodes `image` and returns the file bytes.
    func encode(_ image: PixelBuffer) throws -> [UInt8]
}

extension ImageEncoding {
    /// Encodes `image` and writes it to `path` atomically (temporary name, then rename).
    public func write(_ image: PixelBuffer, to path: String) throws {
        let bytes = try encode(image)
        try bytes.withUnsafeBytes { try FileIO.writeAtomically($0, to: path) }
    }
}
