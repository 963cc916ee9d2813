import MiniCore

/// A speaker selected by a CLI string (`--speaker`): `null`, `file:PATH` (a WAV file) or
/// `alsa:DEVICE` (an ALSA PCM name such as `default`, `hw:0,0` or one defined in an asoundrc).
public enum SpeakerDeviceSpec: Sendable, Hashable, CustomStringConvertible {
    /// Keeps what it plays (samples and their play times), in time with the clock.
    case null
    /// Writes the mixed output to a WAV file, in time with the clock.
    case file(path: String)
    /// ALSA playback.
    case alsa(device: String)

    public init(parsing text: String) throws(CameraError) {
        let s = text.trimmingWhitespace()
        if s.lowercased() == "null" {
            self = .null
            return
        }
        guard let colon = s.firstIndex(of: ":") else {
            throw .invalidSpec("'\(s)': expected null, file:PATH or alsa:DEVICE")
        }
        let rest = String(s[s.index(after: colon)...])
        switch s[..<colon].lowercased() {
        case "file":
            guard !rest.isEmpty, !rest.utf8.contains(0) else { throw .invalidSpec("'\(s)': file spec needs a path, e.g. file:/tmp/out.wav") }
            self = .file(path: rest)
        case "alsa":
            guard !rest.isEmpty, rest.utf8.count <= 256, !rest.utf8.contains(where: { $0 < 0x20 }) else {
                throw .invalidSpec("'\(s)': alsa spec needs a PCM name, e.g. alsa:default or alsa:hw:0,0")
            }
            self = .alsa(device: rest)
        default:
            throw .invalidSpec("'\(s)': unknown speaker kind '\(s[..<colon])'; expected null, file or alsa")
        }
    }

    public var description: String {
        switch self {
        case .null: return "null"
        case .file(let p): return "file:\(p)"
        case .alsa(let d): return "alsa:\(d)"
        }
    }

    /// Creates the device, paced by `clock`.
    public func makeDevice(clock: any MediaClock = SystemClock()) -> any SpeakerDevice {
        switch self {
        case .null: return NullSpeaker(clock: clock)
        case .file(let path): return FileSpeaker(path: path, clock: clock)
        case .alsa(let device): return ALSASpeaker(device: device)
        }
    }
}

/// The schedule of a speaker paced by a clock: block n is due at origin + (frames before it) / rate.
/// Unlike camera pacing it never re-anchors on its own (a manual clock moved by a second plays a
/// second's blocks at once), only on `resync()`.
struct SpeakerSchedule: Sendable {
    var origin: Duration?
    var frames: Int64 = 0

    /// The due time of the next block of `count` frames at `rate`; advances the schedule.
    mutating func next(frames count: Int, rate: Int, now: Duration) -> Duration {
        let o = origin ?? now
        origin = o
        let due = o + .nanoseconds(frames * 1_000_000_000 / Int64(rate))
        frames += Int64(count)
        return due
    }

    mutating func resync() {
        origin = nil
        frames = 0
    }
}
