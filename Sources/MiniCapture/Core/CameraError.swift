/// Errors thrown by MiniCapture devices and the spec parser.
public enum CameraError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The device spec string could not be parsed.
    case invalidSpec(String)
    /// An operation that needs an open device was called while closed.
    case notOpen
    /// The configuration cannot be satisfied (bad size etc.).
    case invalidConfiguration(String)
    /// The media file does not exist.
    case fileNotFound(String)
    /// The media file could not be opened or decoded.
    case unsupportedMedia(path: String, reason: String)
    /// The device does not offer a usable pixel format.
    case unsupportedPixelFormat(String)
    /// A system call on the device failed.
    case deviceFailure(operation: String, errno: Int32)
    /// The device is not a streaming video capture device.
    case notACaptureDevice(String)

    public var description: String {
        switch self {
        case .invalidSpec(let m): return "invalid camera spec: \(m)"
        case .notOpen: return "camera is not open"
        case .invalidConfiguration(let m): return "invalid camera configuration: \(m)"
        case .fileNotFound(let p): return "file not found: \(p)"
        case .unsupportedMedia(let p, let r): return "cannot decode \(p): \(r)"
        case .unsupportedPixelFormat(let m): return "unsupported pixel format: \(m)"
        case .deviceFailure(let op, let e): return "\(op) failed (errno \(e))"
        case .notACaptureDevice(let m): return "not a video capture device: \(m)"
        }
    }
}
