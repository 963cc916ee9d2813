import MiniCore

/// A microphone selected by a CLI string: `synthetic`, `file:PATH` or `alsa:DEVICE`
/// (an ALSA PCM name such as `default`, `hw:0,0` or one defined in an asoundrc).
public enum MicrophoneDeviceSpec: Sendable, Hashable, CustomStringConvertible {
    /// Deterministic tones: channel c carries `SyntheticMicrophone.frequency(channel: c)`.
    case synthetic
    /// Any audio or video file's audio (FFmpeg), looped.
    case file(path: String)
    /// ALSA capture.
    case alsa(device: String)

    public init(parsing text: String) throws(CameraError) {
        let s = text.trimmingWhitespace()
        if s.lowercased() == "synthetic" {
            self = .synthetic
            return
        }
        guard let colon = s.firstIndex(of: ":") else {
            throw .invalidSpec("'\(s)': expected synthetic, file:PATH or alsa:DEVICE")
        }
        let rest = String(s[s.index(after: colon)...])
        switch s[..<colon].lowercased() {
        case "file":
            guard !rest.isEmpty else { throw .invalidSpec("'\(s)': file spec needs a path, e.g. file:/tmp/voice.m4a") }
            self = .file(path: rest)
        case "alsa":
            guard !rest.isEmpty, rest.utf8.count <= 256, !rest.utf8.contains(where: { $0 < 0x20 }) else {
                throw .invalidSpec("'\(s)': alsa spec needs a PCM name, e.g. alsa:default or alsa:hw:0,0")
            }
            self = .alsa(device: rest)
        default:
            throw .invalidSpec("'\(s)': unknown microphone kind '\(s[..<colon])'; expected synthetic, file or alsa")
        }
    }

    public var description: String {
        switch self {
        case .synthetic: return "synthetic"
        case .file(let p): return "file:\(p)"
        case .alsa(let d): return "alsa:\(d)"
        }
    }

    /// Creates the device, paced by `clock`.
    public func makeDevice(clock: any MediaClock = SystemClock()) -> any MicrophoneDevice {
        switch self {
        case .synthetic: return SyntheticMicrophone(clock: clock)
        case .file(let path): return FileMicrophone(path: path, clock: clock)
        case .alsa(let device): return ALSAMicrophone(device: device, clock: clock)
        }
    }
}
