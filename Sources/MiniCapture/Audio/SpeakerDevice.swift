import Foundation

/// Parameters for `SpeakerDevice.open(_:)`: the mixed output's format and block size.
public struct SpeakerConfiguration: Sendable, Equatable {
    /// The interleaved 16-bit PCM format `play(_:)` is given.
    public var format: AudioFormat
    /// The duration of one block the mixer renders and plays.
    public var chunkDuration: Duration
    /// `.paced`: `play` returns when the block is due on the injected clock (null, file) or
    /// accepted by the hardware (ALSA); `.unpaced`: at once (benchmarks).
    public var pacing: FramePacing

    public init(format: AudioFormat = AudioFormat(sampleRate: 44_100, channels: 2), chunkDuration: Duration = .milliseconds(10),
                pacing: FramePacing = .paced) {
        self.format = format
        self.chunkDuration = chunkDuration
        self.pacing = pacing
    }

    /// Sample frames in one block.
    public var framesPerChunk: Int {
        let ns = chunkDuration.components.seconds * 1_000_000_000 + chunkDuration.components.attoseconds / 1_000_000_000
        return max(1, Int((Int64(format.sampleRate) * ns) / 1_000_000_000))
    }
}

/// The output beside the microphones: what the mixer plays its mix to — `null` (keeps the
/// samples, in time with the injected clock), `file:PATH` (a WAV file) or `alsa:DEVICE`.
///
/// Lifecycle: `open(_:)` → `play(_:)` … → `close()`. Errors are `CameraError`s (the capture
/// layer's errors). Thread-safe.
public protocol SpeakerDevice: AnyObject, Sendable {
    /// The spec string this device was made from, e.g. `"null"`.
    var specDescription: String { get }
    /// The accepted format while open, nil while closed.
    var format: AudioFormat? { get }
    /// Opens (or re-opens) the device.
    func open(_ configuration: SpeakerConfiguration) throws(CameraError)
    /// Plays one block of interleaved samples in the open format (see `SpeakerConfiguration.pacing`).
    /// Throws `CameraError.notOpen` when closed, `CancellationError` when cancelled.
    func play(_ samples: [Int16]) async throws
    /// Flushes what was played (a file's header is completed) and closes. Safe when closed.
    func close()
}

/// A stream of PCM the mixer pulls from: an InnerAudioContext, background audio, a `<video>`.
/// Called from the mixer's task, never concurrently with itself.
public protocol AudioSource: AnyObject, Sendable {
    /// Writes up to `frames` frames of interleaved samples in `format` (floats in −1…1) into
    /// `buffer` and returns how many it wrote; fewer than asked means nothing more for now
    /// (paused, buffering or ended) and the rest of the block is silence from this source.
    func render(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int, format: AudioFormat) -> Int
}

extension SpeakerDevice {
    /// After the mixer was idle: the next block starts a new schedule at the clock's `now()`
    /// instead of catching up the silent gap. Devices paced by hardware need nothing.
    public func resync() {}
}

/// Whether a source has sound to give now (a player that is playing): a mixer that runs only
/// while something plays follows it. Thread-safe; observers run on the caller's thread.
public final class AudioActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var active = false
    private var observers: [@Sendable (Bool) -> Void] = []

    public init() {}

    public var isActive: Bool { lock.withLock { active } }

    /// Sets the state; observers hear a change.
    public func set(_ on: Bool) {
        let changed: [@Sendable (Bool) -> Void] = lock.withLock {
            guard active != on else { return [] }
            active = on
            return observers
        }
        for o in changed { o(on) }
    }

    /// Calls `observer` with the current state now and with every change.
    public func observe(_ observer: @escaping @Sendable (Bool) -> Void) {
        let now = lock.withLock { () -> Bool in
            observers.append(observer)
            return active
        }
        observer(now)
    }
}

/// A source that says when it is playing (`<video>`'s sound): others count as playing while attached.
public protocol ActiveAudioSource: AudioSource {
    var activity: AudioActivity { get }
}
