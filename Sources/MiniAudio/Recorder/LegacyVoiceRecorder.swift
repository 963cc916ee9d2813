import MiniCore
import MiniHost
import Synchronization

/// The legacy `wx.startRecord` / `wx.stopRecord` (API.md §4): `startRecord` records until
/// `stopRecord` or WeChat's 60 s limit and succeeds then with `{tempFilePath}`.
/// **MiniMedia choice:** AAC in m4a, 16 kHz mono, 48 kbps (WeChat-era silk is not produced).
final class LegacyVoiceRecorder: Sendable {
    static let options = RecorderOptions(duration: 60_000, sampleRate: 16_000, numberOfChannels: 1, encodeBitRate: 48_000, format: .aac)

    let session: AppSession
    let environment: AudioEnvironment
    /// Starts and stops in call order (a stop in the same tick as its start finds it).
    private let chain = OperationChain()
    private let current = Mutex<AudioRecording?>(nil)

    init(session: AppSession, environment: AudioEnvironment) {
        self.session = session
        self.environment = environment
    }

    static func of(_ session: AppSession, environment: AudioEnvironment) -> LegacyVoiceRecorder {
        session.service(LegacyVoiceRecorder.self) { LegacyVoiceRecorder(session: session, environment: environment) }
    }

    /// `startRecord({success, fail, complete})`: called on the JS thread; the callbacks are
    /// held until the recording ends (stopRecord or the 60 s limit): success `{tempFilePath}`,
    /// or fail (`startRecord:fail auth deny`, `… recorder is recording`). The next tap waits
    /// until the recording has started, not until it ends.
    func start(callbacks: [FunctionRef?]) {
        let events = session.events
        let holds = callbacks.compactMap { $0.map { events.retain($0) } }
        let starting = events.pendingWork("startRecord")
        let alive = events.keepAlive("startRecord")
        let opened = chain.run { [self] () async throws -> AudioRecording in
            guard current.withLock({ $0 == nil }) else { throw MediaError(.recorderState, "recorder is recording") }
            var made: AudioRecording?
            try await RecorderHub.of(session).claim(for: "startRecord") { [self] in
                try await session.permissions.require(.record)
                let r = try AudioRecording(options: Self.options, session: session, environment: environment, onFrame: nil)
                current.withLock { $0 = r }
                r.start()
                made = r
                return r
            }
            environment.interruptionPlan?.schedule(on: session)
            return made!
        }
        Task { [self] in
            let outcome: Result<HostValue, MediaError>
            do {
                let recording = try await opened.value
                starting.end()
                let result = await recording.done.value
                current.withLock { if $0 === recording { $0 = nil } }
                RecorderHub.of(session).release("startRecord")
                outcome = result.map { .object(["tempFilePath": .string($0.tempFilePath)]) }
            } catch {
                outcome = .failure(MediaError.wrap(error))
            }
            let shaped: HostValue
            switch outcome {
            case .success(let v): shaped = session.dialect.success(api: "startRecord", result: v)
            case .failure(let e): shaped = session.failure(api: "startRecord", error: e)
            }
            if case .success = outcome, let f = callbacks[0] { events.invoke(f, [shaped]) }
            if case .failure = outcome, let f = callbacks[1] { events.invoke(f, [shaped]) }
            if let f = callbacks[2] { events.invoke(f, [shaped]) }
            holds.forEach { $0.end() }
            starting.end()
            alive.end()
        }
    }

    /// `stopRecord`: ends the running recording; succeeds once its file is complete.
    func stop() -> Task<HostValue, any Error> {
        chain.run { [self] in
            guard let recording = current.withLock({ $0 }) else { throw MediaError(.recorderState, "recorder not start") }
            recording.requestStop()
            _ = await recording.done.value
            return .object([:])
        }
    }
}
