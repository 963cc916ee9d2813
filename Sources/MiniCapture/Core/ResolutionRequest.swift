/// Requested capture size. WeChat's `<camera resolution>` is `low`/`medium`/`high`.
public enum ResolutionRequest: Sendable, Hashable {
    /// The device's own default (the spec size for synthetic, the file's size, 1280x720 for V4L2).
    case native
    /// 640x480.
    case low
    /// 1280x720.
    case medium
    /// 1920x1080.
    case high
    /// An explicit size (devices may round or adjust it).
    case size(width: Int, height: Int)

    /// Concrete size for this request, or `nil` for `.native`.
    public var dimensions: (width: Int, height: Int)? {
        switch self {
        case .native: return nil
        case .low: return (640, 480)
        case .medium: return (1280, 720)
        case .high: return (1920, 1080)
        case .size(let w, let h): return (w, h)
        }
    }
}
