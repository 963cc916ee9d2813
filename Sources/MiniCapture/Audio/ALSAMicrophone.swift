import CALSA
import MiniCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Real capture through ALSA (`alsa:DEVICE`): interleaved S16 at the configured rate and
/// channels (ALSA's plug layer converts), read without blocking so no thread is held while the
/// hardware fills a period. Timestamps: sample count / rate; capture time from the clock.
///
/// `configurationFile` (an asoundrc) replaces the system configuration for this device: tests
/// define a `file`/`null` plugin PCM there and need no sound card.
public final class ALSAMicrophone: MicrophoneDevice {
    public let device: String
    public let configurationFile: String?
    public let clock: any MediaClock

    private struct Session: @unchecked Sendable {
        var configuration: MicrophoneConfiguration
        var pcm: OpaquePointer
        var sequence = 0
        var sampleIndex: Int64 = 0
        /// A chunk being filled across non-blocking reads.
        var partial: [Int16] = []
        var partialFrames = 0
    }
    private let state = Mutex<Session?>(nil)

    public init(device: String, configurationFile: String? = nil, clock: any MediaClock = SystemClock()) {
        self.device = device
        self.configurationFile = configurationFile
        self.clock = clock
    }

    deinit { close() }

    public var specDescription: String { MicrophoneDeviceSpec.alsa(device: device).description }
    public var format: AudioFormat? { state.withLock { $0?.configuration.format } }

    public func open(_ configuration: MicrophoneConfiguration) throws(CameraError) {
        try configuration.validate()
        close()
        let pcm = try ALSAPCM.open(
            device: device, configurationFile: configurationFile, direction: .capture, format: configuration.format,
            latencyMicroseconds: UInt32(max(Int64(20_000), configuration.chunkDuration.nanoseconds / 1_000 * 2)))
        state.withLock { $0 = Session(configuration: configuration, pcm: pcm) }
    }

    public func close() {
        state.withLock { s in
            if let pcm = s?.pcm { snd_pcm_close(pcm) }
            s = nil
        }
    }

    static func message(_ r: Int32) -> String { ALSAPCM.message(r) }

    public func nextChunk() async throws -> AudioChunk {
        while true {
            try Task.checkCancellation()
            let now = clock.now()
            let ready = try state.withLock { s throws(CameraError) -> AudioChunk? in
                guard var session = s else { throw .notOpen }
                let f = session.configuration.format
                let frames = session.configuration.framesPerChunk
                var samples = session.partial
                if samples.count != frames * f.channels { samples = [Int16](repeating: 0, count: frames * f.channels) }
                var got = session.partialFrames
                while got < frames {
                    let n = samples.withUnsafeMutableBufferPointer { b in
                        snd_pcm_readi(session.pcm, b.baseAddress! + got * f.channels, snd_pcm_uframes_t(frames - got))
                    }
                    if n > 0 {
                        got += Int(n)
                        continue
                    }
                    if n == -Int(EAGAIN) || n == 0 {
                        // Not filled yet: keep what was read and come back later.
                        session.partial = samples
                        session.partialFrames = got
                        s = session
                        return nil
                    }
                    // Overrun and the like: recover, else the device is lost.
                    let rec = snd_pcm_recover(session.pcm, Int32(n), 1)
                    guard rec >= 0 else { throw .deviceFailure(operation: "snd_pcm_readi \(device): \(Self.message(Int32(n)))", errno: Int32(-n)) }
                    _ = snd_pcm_start(session.pcm)
                }
                session.partial = []
                session.partialFrames = 0
                let media = Duration.nanoseconds(session.sampleIndex * 1_000_000_000 / Int64(f.sampleRate))
                let chunk = AudioChunk(sequence: session.sequence, presentationTime: media, captureTime: now, samples: samples, format: f)
                session.sequence += 1
                session.sampleIndex += Int64(frames)
                s = session
                return chunk
            }
            if let ready { return ready }
            // The hardware has not filled a chunk yet: wait a few milliseconds of real time.
            try await Task.sleep(for: .milliseconds(4))
        }
    }
}
