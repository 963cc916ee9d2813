import Dispatch
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniStorage
import Synchronization

/// A finished recording: its temp file and what it holds.
public struct RecordedAudio: Sendable, Equatable {
    /// The temp path page code gets (`wxfile://tmp_….m4a`).
    public var tempFilePath: String
    /// Recorded time in milliseconds (pauses excluded).
    public var durationMilliseconds: Int
    /// File size in bytes.
    public var fileSize: Int64

    var hostValue: HostValue {
        .object(["tempFilePath": .string(tempFilePath), "duration": .number(Double(durationMilliseconds)), "fileSize": .number(Double(fileSize))])
    }
}

/// One recording from the environment's microphone into a temp file: a capture loop (a task)
/// that pulls PCM chunks on the session clock, drops them while paused, encodes the rest and
/// ends at `duration` or when stopped. The file is written in the app's `partial/` folder
/// (`StagedFile`) and renamed into temp only when finished, so a killed process leaves no
/// result file (the partial folder is swept at the next start).
final class AudioRecording: @unchecked Sendable {
    let options: RecorderOptions
    let session: AppSession
    private let microphone: any MicrophoneDevice
    private let staged: StagedFile
    private let encoder: AudioFileEncoder
    private let chunker: FrameChunker?
    private let limitSamples: Int
    /// Encoding and finishing run here, never on Swift's cooperative pool (the capture loop
    /// awaits each chunk's encode, so there is no backlog).
    private let queue = DispatchQueue(label: "minimedia.audio-recording")
    /// The microphone's chunk length.
    static let chunkDuration = Duration.milliseconds(20)

    private struct State {
        var paused = false
        /// Stop requested at this clock time: chunks captured from then on are not recorded.
        var stopAt: Duration?
        /// The loop waits in `nextChunk` for a chunk due at about this time.
        var waitingFor: Duration?
        var recordedSamples = 0
        var chunksReceived = 0
    }
    private let state = Mutex(State())
    private var loop: Task<(any Error)?, Never>?
    /// The recording's end: the loop, then the file finished and committed into temp.
    private(set) var done: Task<Result<RecordedAudio, MediaError>, Never>!

    /// Opens the microphone at the options' rate and channels and the encoder on a staged file.
    /// `onFrame` gets `onFrameRecorded` chunks (called from the capture task).
    init(options: RecorderOptions, session: AppSession, environment: AudioEnvironment,
         onFrame: (@Sendable ([UInt8], Bool) -> Void)?) throws {
        self.options = options
        self.session = session
        limitSamples = Int(Int64(options.duration) * Int64(options.sampleRate) / 1_000)
        staged = try session.files.stageFile()
        let chunker = options.frameBytes.flatMap { bytes in onFrame.map { FrameChunker(size: bytes, deliver: $0) } }
        self.chunker = chunker
        do {
            encoder = try AudioFileEncoder(options.encoding, fd: staged.file.fd, onPacket: chunker.map { c in { c.add($0) } })
        } catch {
            throw MediaError.internalError("cannot start recording: \(error.reason)")
        }
        microphone = environment.makeMicrophone(clock: session.clock)
        do {
            try microphone.open(MicrophoneConfiguration(
                format: AudioFormat(sampleRate: options.sampleRate, channels: options.numberOfChannels),
                chunkDuration: Self.chunkDuration, pacing: environment.pacing))
        } catch {
            throw MediaError.internalError("microphone error: \(error)")
        }
    }

    /// Starts capturing.
    func start() {
        let loop = Task { await self.capture() }
        self.loop = loop
        done = Task {
            let failure = await loop.value
            self.microphone.close()
            if let failure { return .failure(MediaError.internalError("microphone error: \(failure)")) }
            return await withCheckedContinuation { c in self.queue.async { c.resume(returning: self.finish()) } }
        }
    }

    var isPaused: Bool { state.withLock { $0.paused } }
    /// PCM chunks the loop took from the microphone (recorded or dropped while paused).
    var chunksReceived: Int { state.withLock { $0.chunksReceived } }
    /// Recorded time so far.
    var recordedMilliseconds: Int { state.withLock { $0.recordedSamples } * 1_000 / options.sampleRate }

    func setPaused(_ paused: Bool) { state.withLock { $0.paused = paused } }

    /// Ends the recording: chunks already due are still recorded, none captured later.
    func requestStop() {
        let now = session.clock.now()
        let cancel = state.withLock { s -> Bool in
            if s.stopAt == nil { s.stopAt = now }
            return s.waitingFor.map { $0 > now } ?? false
        }
        if cancel { loop?.cancel() }
    }

    /// The capture loop; returns the microphone's error, nil when it ended normally.
    private func capture() async -> (any Error)? {
        var expected: Duration = .zero
        while true {
            let go = state.withLock { s -> Bool in
                if let stop = s.stopAt, expected > stop || s.recordedSamples >= limitSamples { return false }
                if s.recordedSamples >= limitSamples { return false }
                s.waitingFor = expected
                return true
            }
            guard go else { return nil }
            let chunk: AudioChunk
            do { chunk = try await microphone.nextChunk() } catch is CancellationError { return nil } catch { return error }
            expected = chunk.captureTime + Self.chunkDuration
            let take = state.withLock { s -> Int in
                s.waitingFor = nil
                s.chunksReceived += 1
                if let stop = s.stopAt, chunk.captureTime >= stop { return -1 }
                if s.paused { return 0 }
                let n = min(chunk.frames, limitSamples - s.recordedSamples)
                s.recordedSamples += n
                return n
            }
            if take < 0 { return nil }
            guard take > 0 else { continue }
            let (samples, count) = (chunk.samples, take * options.numberOfChannels)
            do {
                try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                    queue.async {
                        c.resume(with: Result {
                            try samples.withUnsafeBufferPointer { p in try self.encoder.append(UnsafeBufferPointer(rebasing: p[0..<count])) }
                        })
                    }
                }
            } catch { return error }
        }
    }

    /// Completes the file and commits it into temp.
    private func finish() -> Result<RecordedAudio, MediaError> {
        do {
            let summary = try encoder.finish()
            chunker?.finish()
            let size = staged.size
            let path = try session.files.commitTempFile(staged, ext: options.format.fileExtension)
            return .success(RecordedAudio(tempFilePath: path, durationMilliseconds: Int(summary.samples * 1_000 / options.sampleRate),
                                          fileSize: size))
        } catch let e as CodecError {
            return .failure(MediaError.internalError("cannot finish recording: \(e.reason)"))
        } catch {
            return .failure(MediaError.wrap(error))
        }
    }
}

/// Cuts encoded packets into `onFrameRecorded` chunks of at least `size` bytes (whole packets,
/// so every chunk ends on a frame boundary); the rest goes out as the last frame.
final class FrameChunker: @unchecked Sendable {
    let size: Int
    private let deliver: @Sendable ([UInt8], Bool) -> Void
    private var buffer: [UInt8] = []

    init(size: Int, deliver: @escaping @Sendable ([UInt8], Bool) -> Void) {
        self.size = size
        self.deliver = deliver
        buffer.reserveCapacity(size + 4096)
    }

    func add(_ packet: UnsafeRawBufferPointer) {
        buffer.append(contentsOf: packet)
        if buffer.count >= size {
            deliver(buffer, false)
            buffer.removeAll(keepingCapacity: true)
        }
    }

    /// The last chunk (possibly empty), `isLastFrame` true.
    func finish() {
        deliver(buffer, true)
        buffer = []
    }
}
