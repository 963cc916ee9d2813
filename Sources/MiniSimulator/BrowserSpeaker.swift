import Foundation
import MiniCapture
import MiniCore
import Synchronization

/// A block of what the session's mixer played, on its way to the browsers (WebAudio plays it).
public struct AudioChunk: Sendable {
    /// Interleaved 16-bit samples.
    public let samples: [Int16]
    public let sampleRate: Int
    public let channels: Int
    /// Chunks handed over before this one.
    public let sequence: Int
    /// Wall-clock time (ms since 1970) when the mixer played it.
    public let playedAtMs: Double

    public init(samples: [Int16], sampleRate: Int, channels: Int, sequence: Int, playedAtMs: Double) {
        (self.samples, self.sampleRate, self.channels, self.sequence, self.playedAtMs) = (samples, sampleRate, channels, sequence, playedAtMs)
    }
}

/// The simulator's speaker: paced like the `null` speaker (the host stays the one clock and
/// source of truth), and everything it plays goes to `sink` in chunks of about `chunkDuration`
/// (the mixer's 10 ms blocks gathered, so the WebSocket carries ~20 messages a second).
public final class BrowserSpeaker: SpeakerDevice {
    private let inner: NullSpeaker
    private let sink: @Sendable (AudioChunk) -> Void
    private let chunkDuration: Double
    private struct State {
        var format: AudioFormat?
        var pending: [Int16] = []
        var sequence = 0
    }
    private let state = Mutex(State())

    public init(clock: any MediaClock = SystemClock(), chunkDuration: Double = 0.05, sink: @escaping @Sendable (AudioChunk) -> Void) {
        inner = NullSpeaker(clock: clock, keptFrames: 0)
        self.sink = sink
        self.chunkDuration = chunkDuration
    }

    public var specDescription: String { "browser" }
    public var format: AudioFormat? { inner.format }

    public func open(_ configuration: SpeakerConfiguration) throws(CameraError) {
        try inner.open(configuration)
        state.withLock { s in
            s.format = configuration.format
            s.pending = []
        }
    }

    public func play(_ samples: [Int16]) async throws {
        let ready = state.withLock { s -> AudioChunk? in
            guard let f = s.format else { return nil }
            s.pending += samples
            guard s.pending.count >= Int(Double(f.sampleRate) * chunkDuration) * f.channels else { return nil }
            defer {
                s.pending = []
                s.sequence += 1
            }
            return AudioChunk(samples: s.pending, sampleRate: f.sampleRate, channels: f.channels, sequence: s.sequence, playedAtMs: Date().timeIntervalSince1970 * 1000)
        }
        if let ready { sink(ready) }
        try await inner.play(samples)
    }

    public func resync() { inner.resync() }

    public func close() {
        inner.close()
        state.withLock { s in
            s.format = nil
            s.pending = []
        }
    }
}
