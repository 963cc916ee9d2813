/// Header-only inspection: format (by magic bytes), stored size and EXIF orientation.
/// Never decodes pixels; reads only the bytes each format needs.
public enum ImageProbe {
    /// Probes a file. Throws `.fileNotFound`, `.truncated` (including zero-byte
    /// files), `.unsupportedFormat` or `.corrupt`.
    public static func probe(path: String) throws -> ImageHeader {
        let source = try ByteSource(path: path)
        return try probe(source, path: path)
    }

    /// Probes an open file (read with `pread` from its start; the descriptor stays the caller's).
    public static func probe(descriptor: Int32) throws -> ImageHeader {
        try probe(ByteSource(descriptor: descriptor), path: nil)
    }

    /// Probes a file and returns its size too (what a pipeline will read into memory).
    static func probeWithSize(path: String) throws -> (header: ImageHeader, fileBytes: Int) {
        let source = try ByteSource(path: path)
        return (try probe(source, path: path), source.count)
    }

    /// Probes encoded bytes in memory.
    public static func probe(data: [UInt8]) throws -> ImageHeader {
        try probe(ByteSource(bytes: data), path: nil, memory: data)
    }

    static func probe(_ source: ByteSource, path: String?, memory: [UInt8]? = nil) throws -> ImageHeader {
        guard source.count > 0 else { throw ImagingError(.truncated, "file is empty") }
        return try probe(ImageFormat.detect(magic: try source.read(0, min(64, source.count))), source, path: path, memory: memory)
    }

    /// The header parser of `format` (the fuzz harnesses name the format instead of detecting it).
    static func probe(_ format: ImageFormat, _ source: ByteSource, path: String?, memory: [UInt8]?) throws -> ImageHeader {
        switch format {
        case .jpeg: return try JPEGHeaderParser.probeHeader(source)
        case .png: return try PNGDecoder.probeHeader(source)
        case .webp: return try WebPDecoder.probeHeader(source)
        case .gif: return try GIFDecoder.probeHeader(source)
        case .bmp: return try BMPDecoder.probeHeader(source)
        case .tiff: return try TIFFHeaderParser.probeHeader(source)
        case .heic:
            if let path { return try HEIFDecoder.probe(path: path) }
            let bytes = try memory ?? Array(source.read(0, source.count))
            return try bytes.withUnsafeBytes { try HEIFDecoder.probe(data: $0) }
        case .unknown:
            throw ImagingError(.unsupportedFormat, "unrecognised image format")
        }
    }
}
