import MiniCore
import Synchronization

/// The headless speaker: plays each block at its due time on the injected clock and keeps what
/// it was given — the samples and the time each block played — for tests and the CLI's summary.
/// At most `keptFrames` frames are kept (the oldest are dropped; `totalFrames` counts all).
public final class NullSpeaker: SpeakerDevice {
    /// One played block.
    public struct Block: Sendable, Equatable {
        /// Clock time the block played at.
        public let time: Duration
        /// Sample frames in the block.
        public let frames: Int
        /// Frame index of the block's first sample since the device first opened.
        public let start: Int64
    }

    public let clock: any MediaClock
    /// How many frames of samples are kept (default: 10 minutes at the open rate).
    public let keptFrames: Int?

    private struct State {
        var configuration: SpeakerConfiguration?
        var schedule = SpeakerSchedule()
        var samples: [Int16] = []
        var droppedFrames: Int64 = 0
        var totalFrames: Int64 = 0
        var blocks: [Block] = []
        var peak: Int16 = 0
        var lastFormat: AudioFormat?
    }
    private let state = Mutex(State())

    public init(clock: any MediaClock = SystemClock(), keptFrames: Int? = nil) {
        self.clock = clock
        self.keptFrames = keptFrames
    }

    public var specDescription: String { SpeakerDeviceSpec.null.description }
    public var format: AudioFormat? { state.withLock { $0.configuration?.format } }

    public func open(_ configuration: SpeakerConfiguration) throws(CameraError) {
        try configuration.validate()
        state.withLock { s in
            if s.configuration?.format != configuration.format {
                s = State()
            }
            s.configuration = configuration
            s.lastFormat = configuration.format
            s.schedule.resync()
        }
    }

    public func close() { state.withLock { $0.configuration = nil } }

    public func resync() { state.withLock { $0.schedule.resync() } }

    public func play(_ samples: [Int16]) async throws {
        try Task.checkCancellation()
        let now = clock.now()
        let (due, paced) = try state.withLock { s throws(CameraError) -> (Duration, Bool) in
            guard let c = s.configuration else { throw .notOpen }
            let frames = samples.count / c.format.channels
            let due = s.schedule.next(frames: frames, rate: c.format.sampleRate, now: now)
            s.blocks.append(Block(time: due, frames: frames, start: s.totalFrames))
            s.totalFrames += Int64(frames)
            s.samples += samples
            for v in samples where v.magnitude > s.peak.magnitude { s.peak = v == .min ? .max : (v < 0 ? -v : v) }
            let keep = (keptFrames ?? c.format.sampleRate * 600) * c.format.channels
            if s.samples.count > keep {
                let extra = s.samples.count - keep
                s.samples.removeFirst(extra)
                s.droppedFrames += Int64(extra / c.format.channels)
            }
            return (due, c.pacing == .paced)
        }
        if paced { try await clock.sleep(until: due) }
    }

    /// The kept samples (interleaved, in the open format), oldest first.
    public var samples: [Int16] { state.withLock { $0.samples } }
    /// Every block played, in order.
    public var blocks: [Block] { state.withLock { $0.blocks } }
    /// Frames played in all.
    public var totalFrames: Int64 { state.withLock { $0.totalFrames } }
    /// Frames dropped from the front of `samples` to keep it bounded.
    public var droppedFrames: Int64 { state.withLock { $0.droppedFrames } }
    /// The largest magnitude played.
    public var peak: Int16 { state.withLock { $0.peak } }
    /// The format of the last open (kept after close).
    public var lastFormat: AudioFormat? { state.withLock { $0.lastFormat } }
}

extension SpeakerConfiguration {
    func validate() throws(CameraError) {
        guard (8_000...192_000).contains(format.sampleRate), (1...8).contains(format.channels) else {
            throw .invalidConfiguration("audio format \(format) is out of range")
        }
        guard chunkDuration >= .milliseconds(1), chunkDuration <= .seconds(1) else {
            throw .invalidConfiguration("audio blocks must last 1 ms ... 1 s")
        }
    }
}
