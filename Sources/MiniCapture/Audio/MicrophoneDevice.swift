import MiniCore

/// A PCM layout: sample rate and channel count (samples are interleaved signed 16-bit).
public struct AudioFormat: Sendable, Hashable, CustomStringConvertible {
    public var sampleRate: Int
    public var channels: Int

    public init(sampleRate: Int = 44_100, channels: Int = 1) {
        self.sampleRate = sampleRate
        self.channels = channels
    }

    public var description: String { "\(sampleRate) Hz × \(channels)" }
}

/// How a microphone is opened.
public struct MicrophoneConfiguration: Sendable, Equatable {
    /// What `nextChunk()` delivers (devices convert to it).
    public var format: AudioFormat
    /// Length of one chunk (default 20 ms).
    public var chunkDuration: Duration
    /// `.paced`: chunks arrive in real time on the device clock; `.unpaced`: as fast as produced.
    public var pacing: FramePacing

    public init(format: AudioFormat = AudioFormat(), chunkDuration: Duration = .milliseconds(20), pacing: FramePacing = .paced) {
        self.format = format
        self.chunkDuration = chunkDuration
        self.pacing = pacing
    }

    /// Sample frames per chunk.
    public var framesPerChunk: Int {
        max(1, Int(Int64(format.sampleRate) * chunkDuration.nanoseconds / 1_000_000_000))
    }

    func validate() throws(CameraError) {
        guard (8_000...192_000).contains(format.sampleRate), (1...8).contains(format.channels) else {
            throw .invalidConfiguration("audio format \(format) is out of range")
        }
        guard chunkDuration >= .milliseconds(1), chunkDuration <= .seconds(1) else {
            throw .invalidConfiguration("audio chunks must last 1 ms ... 1 s")
        }
    }
}

/// A chunk of captured PCM.
public struct AudioChunk: Sendable, Equatable {
    /// 0-based index since the device was opened.
    public let sequence: Int
    /// Media time of the first sample since the stream start (sample count / rate).
    public let presentationTime: Duration
    /// Time on the device's `MediaClock` at which the chunk was delivered.
    public let captureTime: Duration
    /// Interleaved S16 samples, `frames × format.channels`.
    public let samples: [Int16]
    public let format: AudioFormat

    public init(sequence: Int, presentationTime: Duration, captureTime: Duration, samples: [Int16], format: AudioFormat) {
        self.sequence = sequence
        self.presentationTime = presentationTime
        self.captureTime = captureTime
        self.samples = samples
        self.format = format
    }

    /// Sample frames in the chunk.
    public var frames: Int { samples.count / max(1, format.channels) }
}

/// A PCM source beside the cameras: synthetic tones, a media file's audio, or ALSA.
///
/// Lifecycle: `open(_:)` → `nextChunk()` … → `close()`. Errors are `CameraError`s (the capture
/// layer's errors). Thread-safe.
public protocol MicrophoneDevice: AnyObject, Sendable {
    /// The spec string this device was made from, e.g. `"synthetic"`.
    var specDescription: String { get }
    /// The delivered format while open, nil while closed.
    var format: AudioFormat? { get }
    /// Opens (or re-opens) the device.
    func open(_ configuration: MicrophoneConfiguration) throws(CameraError)
    /// Stops capture. Safe when closed.
    func close()
    /// The next chunk; in `.paced` mode waits until it is due. Throws `CameraError.notOpen`
    /// when closed, `CancellationError` when cancelled.
    func nextChunk() async throws -> AudioChunk
}

extension Duration {
    var nanoseconds: Int64 {
        let c = components
        return c.seconds &* 1_000_000_000 &+ c.attoseconds / 1_000_000_000
    }
}
