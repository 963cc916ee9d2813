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
        switch try AudioDeviceSpecText.parse(text, bare: "synthetic", noun: "microphone", example: "/tmp/voice.m4a") {
        case .bare: self = .synthetic
        case .file(let path): self = .file(path: path)
        case .alsa(let device): self = .alsa(device: device)
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
