import MiniCore
import MiniHost
import Synchronization

extension MediaError.Code {
    /// A recorder call that does not fit the recorder's state (start while recording, pause when
    /// not recording, …). Alipay documents 7 ("already recording"); the other columns are each
    /// platform's internal-error number (**MiniMedia choice**).
    public static let recorderState = Self(rawValue: "recorderState")
}

/// The recorder's error numbers (registered by `AudioModule`).
let recorderErrorNumbers: [MediaError.Code: ErrorNumbers] = [
    .recorderState: .init(wx: 4, swan: 10001, tt: 102, my: 7)
]

/// The app's one RecorderManager (`getRecorderManager()` returns it every time): start, pause,
/// resume and stop run in call order on an `OperationChain`; results are events on this
/// object (onStart, onPause, onResume, onStop, onError, onFrameRecorded, onInterruptionBegin/End).
/// Errors are `onError({errMsg: "operateRecorder:fail …"})` in the session's dialect.
public final class RecorderManager: NativeObject, @unchecked Sendable {
    override public var className: String { "RecorderManager" }
    public let session: AppSession
    let environment: AudioEnvironment
    private let chain = OperationChain()

    private struct State {
        var recording: AudioRecording?
        /// The task that emits the recording's onStop / onError once it has ended.
        var ending: Task<Void, Never>?
        var alive: KeepAlive?
        var interrupted = false
    }
    private let state = Mutex(State())
    private let interruptions: AudioInterruption
    private var interruptionObserver: UInt64 = 0

    init(session: AppSession, environment: AudioEnvironment, interruptions: AudioInterruption) {
        self.session = session
        self.environment = environment
        self.interruptions = interruptions
        super.init()
        interruptionObserver = interruptions.observe { [weak self] active in self?.interruption(active) }
    }

    deinit { interruptions.remove(interruptionObserver) }

    /// The manager of `session`.
    public static func of(_ session: AppSession, environment: AudioEnvironment) -> RecorderManager {
        // Taken first: a service is never made while another is being made.
        let interruptions = AudioInterruption.of(session)
        return session.service(RecorderManager.self) { RecorderManager(session: session, environment: environment, interruptions: interruptions) }
    }

    /// Whether a recording runs (paused or not).
    public var isRecording: Bool { state.withLock { $0.recording != nil } }
    /// Microphone chunks the current recording took (0 when idle): how tests on a manual clock
    /// know the recorder caught up before moving the clock again.
    public var chunksReceived: Int { state.withLock { $0.recording?.chunksReceived ?? 0 } }
    /// Recorded time of the current recording in milliseconds (0 when idle).
    public var recordedMilliseconds: Int { state.withLock { $0.recording?.recordedMilliseconds ?? 0 } }

    private func emit(_ event: String, _ payload: HostValue = .object([:])) {
        session.events.emit(event, target: handle, payload: payload)
    }

    private func emitOK(_ event: String) { emit(event, session.dialect.success(api: "operateRecorder", result: .object([:]))) }

    private func emitError(_ error: any Error) { emit("error", session.failure(api: "operateRecorder", error: MediaError.wrap(error))) }

    /// Queues `op` in call order; the next tap waits until its events are out. A failure is
    /// onError and also the call's own `fail` (pages rarely pass callbacks; the task's value
    /// is the call's result).
    private func enqueue(_ what: String, _ op: @escaping @Sendable () async throws -> Void) -> Task<HostValue, any Error> {
        let work = session.events.pendingWork("recorder " + what)
        return chain.run { [self] in
            defer { work.end() }
            do { try await op() } catch {
                emitError(error)
                throw error
            }
            return .object([:])
        }
    }

    // MARK: Control (called on the JS thread by RecorderAPIs)

    /// `start(options)`: validates now (an invalid option is onError), then asks for
    /// `scope.record`, opens the microphone and the file, and fires onStart.
    func start(_ args: HostValue) -> Task<HostValue, any Error> {
        let options: Result<RecorderOptions, any Error> = Result { try RecorderOptions(try Options(args), dialect: session.dialect) }
        return enqueue("start") { [self] in
            let options = try options.get()
            guard state.withLock({ $0.recording == nil }) else { throw MediaError(.recorderState, "recorder is recording") }
            guard !interruptions.isActive else { throw MediaError(.recorderState, "the microphone is interrupted") }
            try await RecorderHub.of(session).claim(for: "RecorderManager") { [self] in
                try await session.permissions.require(.record)
                let recording = try AudioRecording(options: options, session: session, environment: environment) { [weak self] bytes, last in
                    self?.emit("frameRecorded", .object(["frameBuffer": .bytes(ByteBuffer(copying: bytes)), "isLastFrame": .bool(last)]))
                }
                let alive = session.events.keepAlive("recording")
                state.withLock { s in
                    s.recording = recording
                    s.alive = alive
                }
                recording.start()
                let ending = Task { [self] in
                    let result = await recording.done.value
                    ended(recording, result)
                }
                state.withLock { $0.ending = ending }
                return recording
            }
            emitOK("start")
            environment.interruptionPlan?.schedule(on: session)
        }
    }

    func pause() -> Task<HostValue, any Error> {
        enqueue("pause") { [self] in
            try state.withLock { s throws(MediaError) in
                guard let r = s.recording else { throw MediaError(.recorderState, "recorder not start") }
                guard !r.isPaused else { throw MediaError(.recorderState, "recorder is paused") }
                r.setPaused(true)
            }
            emitOK("pause")
        }
    }

    func resume() -> Task<HostValue, any Error> {
        enqueue("resume") { [self] in
            try state.withLock { s throws(MediaError) in
                guard let r = s.recording else { throw MediaError(.recorderState, "recorder not start") }
                guard r.isPaused else { throw MediaError(.recorderState, "recorder is not paused") }
                guard !s.interrupted else { throw MediaError(.recorderState, "the microphone is interrupted") }
                r.setPaused(false)
            }
            emitOK("resume")
        }
    }

    /// `stop()`: ends the recording; onStop follows once the file is complete.
    func stop() -> Task<HostValue, any Error> {
        enqueue("stop") { [self] in
            let (recording, ending) = state.withLock { ($0.recording, $0.ending) }
            guard let recording, let ending else { throw MediaError(.recorderState, "recorder not start") }
            recording.requestStop()
            await ending.value
        }
    }

    /// The recording ended (stopped, or at its duration): onStop, or onError when the file
    /// could not be finished.
    private func ended(_ recording: AudioRecording, _ result: Result<RecordedAudio, MediaError>) {
        let alive = state.withLock { s -> KeepAlive? in
            guard s.recording === recording else { return nil }
            defer {
                s.recording = nil
                s.ending = nil
                s.alive = nil
            }
            return s.alive
        }
        RecorderHub.of(session).release("RecorderManager")
        switch result {
        case .success(let audio): emit("stop", audio.hostValue)
        case .failure(let error): emitError(error)
        }
        alive?.end()
    }

    /// An interruption began (the recording pauses) or ended.
    private func interruption(_ active: Bool) {
        let recording = state.withLock { s -> AudioRecording? in
            s.interrupted = active
            return s.recording
        }
        guard let recording else { return }
        let work = session.events.pendingWork("recorder interruption")
        chain.enqueue { [self] in
            if active {
                emit("interruptionBegin")
                if !recording.isPaused {
                    recording.setPaused(true)
                    emitOK("pause")
                }
            } else {
                emit("interruptionEnd")
            }
            work.end()
        }
    }
}

/// Who has the session's microphone: the RecorderManager or the legacy `startRecord`, one at a time.
final class RecorderHub: Sendable {
    private struct Owner {
        var name: String
        var recording: AudioRecording?
    }
    private let owner = Mutex<Owner?>(nil)

    static func of(_ session: AppSession) -> RecorderHub { session.service(RecorderHub.self) { RecorderHub() } }

    /// Runs `open` holding the microphone for `name` until `release(name)`; fails when a
    /// recorder has it. A failing `open` releases it. `open` returns the recording it started.
    func claim(for name: String, _ open: () async throws -> AudioRecording) async throws {
        try owner.withLock { o throws(MediaError) in
            if let o { throw MediaError(.recorderState, o.name == name ? "recorder is recording" : "the microphone is used by \(o.name)") }
            o = Owner(name: name)
        }
        do {
            let r = try await open()
            owner.withLock { o in if o?.name == name { o?.recording = r } }
        } catch {
            release(name)
            throw error
        }
    }

    func release(_ name: String) {
        owner.withLock { o in if o?.name == name { o = nil } }
    }

    var recording: AudioRecording? { owner.withLock { $0?.recording } }
}

/// What embedders and tests can read about a session's recording (RecorderManager or
/// `startRecord`).
public enum RecorderStatistics {
    /// Microphone chunks the running recording took, nil when none runs: how a test on a
    /// manual clock knows the recorder caught up before it moves the clock again.
    public static func chunksReceived(in session: AppSession) -> Int? { RecorderHub.of(session).recording?.chunksReceived }
}
