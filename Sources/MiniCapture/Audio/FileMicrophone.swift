import MiniCodec
import MiniCore
import Synchronization

/// A microphone backed by a media file (`file:PATH`): the audio of any audio or video file
/// FFmpeg decodes, converted to the configured format and looped, paced by the clock.
public final class FileMicrophone: MicrophoneDevice {
    public let path: String
    public let clock: any MediaClock

    private struct Session: @unchecked Sendable {
        var configuration: MicrophoneConfiguration
        var decoder: AudioDecoder
        var pending: [Int16] = []
        var pacer: FramePacer
        var sequence = 0
        var sampleIndex: Int64 = 0
        var samplesThisPass = 0
        /// Times the file started over.
        var loops = 0
    }
    private let state = Mutex<Session?>(nil)

    public init(path: String, clock: any MediaClock = SystemClock()) {
        self.path = path
        self.clock = clock
    }

    public var specDescription: String { MicrophoneDeviceSpec.file(path: path).description }
    public var format: AudioFormat? { state.withLock { $0?.configuration.format } }
    /// How often the file was looped so far.
    public var loops: Int { state.withLock { $0?.loops ?? 0 } }

    public func open(_ configuration: MicrophoneConfiguration) throws(CameraError) {
        try configuration.validate()
        let f = configuration.format
        let decoder = try FileCamera.codec { () throws(CodecError) in
            try AudioDecoder(.file(path), output: .init(sampleRate: f.sampleRate, channels: f.channels))
        }
        state.withLock { $0 = Session(configuration: configuration, decoder: decoder, pacer: FramePacer(lateTolerance: configuration.chunkDuration)) }
    }

    public func close() { state.withLock { $0 = nil } }

    public func nextChunk() async throws -> AudioChunk {
        try Task.checkCancellation()
        let now = clock.now()
        let (chunk, deadline) = try state.withLock { s throws(CameraError) -> (AudioChunk, Duration?) in
            guard var session = s else { throw .notOpen }
            let f = session.configuration.format
            let want = session.configuration.framesPerChunk * f.channels
            while session.pending.count < want {
                let next = try FileCamera.codec { () throws(CodecError) in try session.decoder.nextChunk() }
                if let next {
                    session.pending += next.samples
                    session.samplesThisPass += next.samples.count
                    continue
                }
                guard session.samplesThisPass > 0 else { throw .unsupportedMedia(path: path, reason: "no decodable audio") }
                try FileCamera.codec { () throws(CodecError) in try session.decoder.rewind() }
                session.samplesThisPass = 0
                session.loops += 1
            }
            let samples = Array(session.pending.prefix(want))
            session.pending.removeFirst(want)
            let media = Duration.nanoseconds(session.sampleIndex * 1_000_000_000 / Int64(f.sampleRate))
            let (deadline, capture) = session.pacer.schedule(mediaTime: media, now: now, pacing: session.configuration.pacing)
            let chunk = AudioChunk(sequence: session.sequence, presentationTime: media, captureTime: capture, samples: samples, format: f)
            session.sequence += 1
            session.sampleIndex += Int64(want / f.channels)
            s = session
            return (chunk, deadline)
        }
        if let deadline { try await clock.sleep(until: deadline) }
        return chunk
    }
}
