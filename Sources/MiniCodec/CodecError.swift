/// Errors thrown by MiniCodec: inputs that cannot be read or decoded, encoders and outputs that
/// fail. Every case carries the reason FFmpeg gave (or ours), never a bare code.
public enum CodecError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input file does not exist.
    case fileNotFound(String)
    /// The input could not be opened, parsed or decoded.
    case unreadable(path: String, reason: String)
    /// The input has no stream of the wanted kind (`"video"`, `"audio"`).
    case noStream(path: String, kind: String)
    /// An encoder could not be set up or failed.
    case encoder(String)
    /// The output file could not be written.
    case output(path: String, reason: String)
    /// A caller passed a value the codec cannot take (size, rate, channel count).
    case invalidArgument(String)

    public var description: String {
        switch self {
        case .fileNotFound(let p): return "file not found: \(p)"
        case .unreadable(let p, let r): return "cannot decode \(p): \(r)"
        case .noStream(let p, let k): return "cannot decode \(p): no \(k) stream"
        case .encoder(let r): return "encoder failed: \(r)"
        case .output(let p, let r): return "cannot write \(p): \(r)"
        case .invalidArgument(let r): return "invalid argument: \(r)"
        }
    }

    /// The reason without the path (for messages that name the file themselves).
    public var reason: String {
        switch self {
        case .fileNotFound: return "file not found"
        case .unreadable(_, let r), .output(_, let r): return r
        case .noStream(_, let k): return "no \(k) stream"
        case .encoder(let r), .invalidArgument(let r): return r
        }
    }
}
