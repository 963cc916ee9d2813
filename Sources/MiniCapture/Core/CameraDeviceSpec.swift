import MiniCore
/// A camera device selected by a CLI string:
/// `synthetic`, `synthetic:WxH`, `synthetic:WxH@FPS`, `file:PATH`, `v4l2`, `v4l2:/dev/videoN`.
public enum CameraDeviceSpec: Sendable, Hashable, CustomStringConvertible {
    /// Deterministic test card in I420.
    case synthetic(width: Int, height: Int, frameRate: Int)
    /// A video or still image decoded with FFmpeg, looped forever.
    case file(path: String)
    /// A Video4Linux2 capture device.
    case v4l2(path: String)

    /// Default synthetic size and rate.
    public static let defaultSynthetic = CameraDeviceSpec.synthetic(width: 1920, height: 1080, frameRate: 30)
    /// Largest accepted synthetic dimension.
    public static let maxSyntheticDimension = 8192

    /// Parses a spec string; throws `CameraError.invalidSpec` with a reason.
    public init(parsing text: String) throws(CameraError) {
        let s = text.trimmingWhitespace()
        guard !s.isEmpty else { throw .invalidSpec("empty camera spec; expected synthetic[:WxH[@FPS]], file:PATH or v4l2:/dev/videoN") }
        let scheme: Substring
        let rest: Substring?
        if let colon = s.firstIndex(of: ":") {
            scheme = s[..<colon]
            rest = s[s.index(after: colon)...]
        } else {
            scheme = s[...]
            rest = nil
        }
        switch scheme.lowercased() {
        case "synthetic":
            guard let rest else {
                self = Self.defaultSynthetic
                return
            }
            self = try Self.parseSynthetic(String(rest), original: s)
        case "file":
            guard let rest, !rest.isEmpty else { throw .invalidSpec("'\(s)': file spec needs a path, e.g. file:/tmp/video.mp4") }
            self = .file(path: String(rest))
        case "v4l2":
            guard let rest else {
                self = .v4l2(path: "/dev/video0")
                return
            }
            guard rest.hasPrefix("/") else { throw .invalidSpec("'\(s)': v4l2 spec needs an absolute device path, e.g. v4l2:/dev/video0") }
            self = .v4l2(path: String(rest))
        default:
            throw .invalidSpec("'\(s)': unknown camera kind '\(scheme)'; expected synthetic, file or v4l2")
        }
    }

    private static func parseSynthetic(_ rest: String, original: String) throws(CameraError) -> CameraDeviceSpec {
        var sizePart = Substring(rest)
        var fps = 30
        if let at = rest.firstIndex(of: "@") {
            sizePart = rest[..<at]
            let f = rest[rest.index(after: at)...]
            guard let v = Int(f), (1...240).contains(v) else {
                throw .invalidSpec("'\(original)': frame rate must be an integer 1...240")
            }
            fps = v
        }
        let parts = sizePart.lowercased().split(separator: "x", omittingEmptySubsequences: false)
        guard parts.count == 2, let w = Int(parts[0]), let h = Int(parts[1]) else {
            throw .invalidSpec("'\(original)': size must look like 640x480")
        }
        guard w >= 64, h >= 64, w <= maxSyntheticDimension, h <= maxSyntheticDimension else {
            throw .invalidSpec("'\(original)': size must be between 64 and \(maxSyntheticDimension) in each dimension")
        }
        guard w % 2 == 0, h % 2 == 0 else {
            throw .invalidSpec("'\(original)': width and height must be even (I420)")
        }
        return .synthetic(width: w, height: h, frameRate: fps)
    }

    /// Canonical string form (parses back to the same value).
    public var description: String {
        switch self {
        case .synthetic(let w, let h, let fps): return fps == 30 ? "synthetic:\(w)x\(h)" : "synthetic:\(w)x\(h)@\(fps)"
        case .file(let p): return "file:\(p)"
        case .v4l2(let p): return "v4l2:\(p)"
        }
    }

    /// Creates the device for this spec.
    /// - Parameters:
    ///   - clock: clock used for paced delivery.
    ///   - overlay: optional code drawn on synthetic frames (ignored by other kinds).
    ///   - v4l2: system interface for V4L2 devices (tests inject `FakeV4L2Device`).
    public func makeDevice(clock: any MediaClock = SystemClock(), overlay: CodeOverlay? = nil,
                           v4l2: any V4L2Interface = GlibcV4L2()) -> any CameraDevice {
        switch self {
        case .synthetic(let w, let h, let fps):
            return SyntheticCamera(width: w, height: h, frameRate: fps, clock: clock, overlay: overlay)
        case .file(let path):
            return FileCamera(path: path, clock: clock)
        case .v4l2(let path):
            return V4L2Camera(path: path, interface: v4l2)
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
