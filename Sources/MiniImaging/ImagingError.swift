/// The single error type thrown by MiniImaging.
///
/// `code` is stable and meant for programmatic handling (mapping to mini-program
/// `errMsg` values); `message` is a human-readable explanation.
public struct ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Machine-readable failure category.
    public enum Code: String, Sendable, CaseIterable {
        /// The input path does not exist.
        case fileNotFound
        /// The bytes are not an image format this library can handle (or decoding
        /// that format is not available, e.g. TIFF pixels).
        case unsupportedFormat
        /// The data is structurally invalid.
        case corrupt
        /// The data ends early (including zero-byte files).
        case truncated
        /// The image exceeds the configured pixel limit.
        case tooLarge
        /// A caller-supplied argument is out of range.
        case invalidArgument
        /// An encoder failed.
        case encodeFailed
        /// A file system operation failed (permissions, disk full, ...).
        case ioFailed
    }

    /// Failure category.
    public let code: Code
    /// Human-readable explanation.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
