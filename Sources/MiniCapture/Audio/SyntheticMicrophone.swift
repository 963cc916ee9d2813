import MiniCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The synthetic microphone: a continuous sine per channel that tests recognise —
/// channel 0 at 1 kHz, channel 1 at 1.5 kHz, and so on (`frequency(channel:)`), amplitude
/// `amplitude` — in chunks paced by the injected clock (sample n is due at n / rate).
public final class SyntheticMicrophone: MicrophoneDevice {
    /// Peak sample value of every tone.
    public static let amplitude = 8_000.0
    public let clock: any MediaClock

    /// The tone on `channel`: 1000 Hz + 500 Hz per channel.
    public static func frequency(channel: Int) -> Double { 1_000 + 500 * Double(channel) }

    private struct Session {
        var configuration: MicrophoneConfiguration
        var pacer: FramePacer
        var sequence = 0
        var sampleIndex: Int64 = 0
    }
    private let state = Mutex<Session?>(nil)

    public init(clock: any MediaClock = SystemClock()) {
        self.clock = clock
    }

    public var specDescription: String { MicrophoneDeviceSpec.synthetic.description }
    public var format: AudioFormat? { state.withLock { $0?.configuration.format } }

    public func open(_ configuration: MicrophoneConfiguration) throws(CameraError) {
        try configuration.validate()
        state.withLock { $0 = Session(configuration: configuration, pacer: FramePacer(lateTolerance: configuration.chunkDuration)) }
    }

    public func close() { state.withLock { $0 = nil } }

    public func nextChunk() async throws -> AudioChunk {
        try Task.checkCancellation()
        let now = clock.now()
        let (chunk, deadline) = try state.withLock { s throws(CameraError) -> (AudioChunk, Duration?) in
            guard var session = s else { throw .notOpen }
            let f = session.configuration.format
            let n = session.configuration.framesPerChunk
            var samples = [Int16](repeating: 0, count: n * f.channels)
            for c in 0..<f.channels {
                let w = 2 * Double.pi * Self.frequency(channel: c) / Double(f.sampleRate)
                for i in 0..<n {
                    // Phase from the absolute sample index: continuous across chunks.
                    let idx = Double((session.sampleIndex + Int64(i)) % Int64(f.sampleRate * 2))
                    samples[i * f.channels + c] = Int16(Self.amplitude * sin(w * idx))
                }
            }
            let media = Duration.nanoseconds(session.sampleIndex * 1_000_000_000 / Int64(f.sampleRate))
            let (deadline, capture) = session.pacer.schedule(mediaTime: media, now: now, pacing: session.configuration.pacing)
            let chunk = AudioChunk(sequence: session.sequence, presentationTime: media, captureTime: capture, samples: samples, format: f)
            session.sequence += 1
            session.sampleIndex += Int64(n)
            s = session
            return (chunk, deadline)
        }
        if let deadline { try await clock.sleep(until: deadline) }
        return chunk
    }
}
