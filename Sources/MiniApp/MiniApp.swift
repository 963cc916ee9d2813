import Foundation
import MiniCore
import MiniHost
import MiniJS
import MiniStorage
import MiniWXML

/// A running mini-program, for Swift host apps, the command line, benchmarks and tests alike:
/// configure it, open its page, send it events (taps, events with a `detail`), wait until its
/// work settles, observe what it does as structured `AppEvent`s, and stop it.
///
/// All JS runs on the app's own thread; every method may be called from any thread or task. The
/// async methods never block Swift's cooperative pool; the `…Sync` twins are for plain threads.
///
/// ```swift
/// var config = MiniAppConfiguration(path: "Examples/media-tour", modules: [PhotosModule()])
/// config.user = ScriptedUser(consent: .allow)
/// let app = try MiniApp(config)
/// app.observe { event in print(event) }
/// await app.open()
/// await app.tap("saveNote")
/// _ = await app.stop()
/// ```
public final class MiniApp: @unchecked Sendable {
    public let configuration: MiniAppConfiguration
    /// The app's session: sandbox, files, permissions, registry, user and clock.
    public let session: AppSession
    /// The page that `open()` loads (nil in script-only apps).
    public let location: PageLocation?
    private let thread: JSThread
    private let recorder: EventRecorder
    // JS thread only.
    private var runtime: JSRuntime?
    private var runner: PageRunner?
    private var stopped = false

    /// Sets up the session and the JS runtime. Throws `MiniAppError` for a bad path, page, app
    /// id or data directory, and the registry's errors for a module that cannot start.
    ///
    /// A host that manages sessions itself passes `session`: its registry, user, clock, dialect
    /// and data directory are used instead of the configuration's.
    public init(_ configuration: MiniAppConfiguration, session existing: AppSession? = nil) throws {
        self.configuration = configuration
        var location: PageLocation?
        if let path = configuration.path {
            let extensions = PageLocation.templateExtensions(for: existing?.dialect ?? configuration.dialect)
            do { location = try PageLocation.locate(path, page: configuration.page, templateExtensions: extensions) } catch let e as PageLocation.LocateError {
                throw MiniAppError(e.description)
            }
        }
        self.location = location
        recorder = EventRecorder(history: configuration.eventHistory)
        if let existing {
            session = existing
        } else {
            let appID: AppID
            do {
                appID = try AppID(configuration.appID ?? configuration.path.map(Self.defaultAppID(for:)) ?? "app")
            } catch {
                throw MiniAppError("app id: \((error as? MediaError)?.message ?? "\(error)")")
            }
            let registry = try APIRegistry.with(configuration.modules)
            let data = DataDirectory(root: configuration.dataDirectory ?? DataDirectory.defaultRoot())
            session = try AppSession(
                SessionConfiguration(
                    dataDirectory: data, appID: appID, dialect: configuration.dialect, packageDir: location?.root,
                    user: configuration.user, storageQuota: configuration.storageQuota, clock: configuration.clock,
                    network: configuration.network),
                registry: registry)
        }
        thread = JSThread(name: "minimedia.js.\(session.appID)")
        let recorder = self.recorder
        let output = RecordingOutput(recorder: recorder, forward: configuration.output)
        // Script-only apps resolve `require` in the session's package folder.
        let (session, packageRoot) = (session, location?.root ?? session.sandbox.packageDir)
        let made: Result<(JSRuntime, PageRunner?), any Error> = thread.runSync { [location] in
            Result {
                let runtime = try JSRuntime(session: session, packageRoot: packageRoot, output: output)
                let runner = location.map { PageRunner(runtime: runtime, location: $0) }
                runtime.observer = { recorder.record($0) }
                runtime.reportsAPICalls = recorder.isActive
                runner?.observer = { event in
                    if case .navigated(_, _, let stack) = event { recorder.setStack(stack) }
                    recorder.record(event)
                }
                return (runtime, runner)
            }
        }
        switch made {
        case .success(let (runtime, runner)):
            thread.runSync { [self] in
                self.runtime = runtime
                self.runner = runner
            }
        case .failure(let error):
            thread.finish()
            throw error
        }
    }

    deinit { thread.finish() }

    /// An app id from a path: the package folder's or page file's name, made safe.
    public static func defaultAppID(for path: String) -> String {
        let name = URL(fileURLWithPath: path).standardizedFileURL.deletingPathExtension().lastPathComponent
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(64))
        return safe.isEmpty || safe == "." || safe == ".." ? "app" : safe
    }

    // MARK: Observing

    /// Calls `observer` with every event from now on (on the JS thread; keep it short).
    public func observe(_ observer: @escaping @Sendable (AppEvent) -> Void) {
        let wasActive = recorder.isActive
        recorder.add(observer)
        guard !wasActive else { return }
        let install = { [self] in runtime?.reportsAPICalls = true }
        if thread.isCurrent { install() } else { thread.runSync(install) }
    }

    /// The most recent events (up to `eventHistory`), oldest first.
    public var events: [AppEvent] { recorder.events }

    /// The `console.log/info/debug` lines so far.
    public var logLines: [String] {
        events.compactMap { if case .console(.log, let text) = $0 { text } else { nil } }
    }

    /// The `console.warn/error` lines, uncaught errors and host warnings so far.
    public var errorLines: [String] {
        events.compactMap { if case .console(.error, let text) = $0 { text } else { nil } }
    }

    /// The first uncaught JS error, with its stack.
    public var uncaughtError: String? { recorder.uncaughtError }

    /// The page stack, bottom first, as of the last navigation (`AppEvent.navigated`); empty
    /// before `open()` and after `stop()`.
    public var pageStack: [PageEntry] { recorder.stack }

    /// The route of the page on top (the one taps go to).
    public var currentRoute: String? { recorder.stack.last?.route }

    // MARK: Driving (async)

    /// Launches the app (`app.js`: onLaunch, onShow) and loads the page (onLoad with the query,
    /// onShow, components mounted, onReady), then waits until that work settles. False if an
    /// uncaught error stopped it.
    @discardableResult
    public func open() async -> Bool { await thread.run { [self] in openOnThread() } }

    /// Calls a page method as a user event: a tap, or (with `detail`) an event whose `detail` is
    /// that value. Waits until the work it started settles. False once an uncaught error stopped
    /// the app or the run reached `timeout` (then nothing runs).
    @discardableResult
    public func tap(_ method: String, detail: HostValue? = nil) async -> Bool {
        await thread.run { [self] in runner?.tap(method, detail: detail) ?? false }
    }

    /// Runs `handler` of the page on top for a user event with the given `type`, `target`,
    /// `currentTarget` and `detail` (see `PageRunner.dispatch`); waits until its work settles.
    @discardableResult
    public func dispatch(_ handler: String, type: String, target: HostValue, currentTarget: HostValue, detail: HostValue) async -> Bool {
        await thread.run { [self] in
            guard !stopped else { return false }
            return runner?.dispatch(handler, type: type, target: target, currentTarget: currentTarget, detail: detail) ?? false
        }
    }

    /// A user event of `type` on the rendered element `identity` of the page on top: the
    /// handlers it reaches (bubbling, catch, across custom components; see
    /// `PageRunner.fire`) run on their owners; waits until the work settles (unless not
    /// `settling`: a host that keeps running the loop itself, automation). False when the
    /// element is not on the page or the app stopped.
    @discardableResult
    public func fire(
        _ type: String, at identity: NodeIdentity, detail: HostValue, touches: HostValue? = nil, changedTouches: HostValue? = nil,
        settling: Bool = true
    ) async -> Bool {
        await thread.run { [self] in
            guard !stopped else { return false }
            return runner?.fire(type, at: identity, detail: detail, touches: touches, changedTouches: changedTouches, settling: settling) ?? false
        }
    }

    /// Keeps the page live for up to `seconds`: its timers, results and frames run (returns
    /// early when nothing is pending). False once the app stopped or failed.
    @discardableResult
    public func run(for seconds: Double) async -> Bool {
        await thread.run { [self] in
            guard !stopped else { return false }
            return runner?.run(for: seconds) ?? false
        }
    }

    /// `stop()` for a session that may never go idle (a page with an interval timer, a live
    /// camera): pending work gets at most `seconds` more, then the page hides and unloads.
    public func stop(within seconds: Double) async -> JSRuntime.RunResult {
        await thread.run { [self] in
            runner?.limitDeadline(to: seconds)
            return stopOnThread()
        }
    }

    /// The data of the page on top (each `setData` applied), for a host that shows it.
    public func pageData() async -> HostValue? {
        await thread.run { [self] in stopped ? nil : runner?.topPageData }
    }

    /// Evaluates a script at global scope (no page needed). False if it threw.
    @discardableResult
    public func evaluate(_ source: String, url: String = "eval.js") async -> Bool {
        await thread.run { [self] in evaluateOnThread(source, url: url) }
    }

    /// Waits until pending calls, jobs and due timers have run.
    @discardableResult
    public func settle() async -> Bool { await thread.run { [self] in settleOnThread() } }

    /// Moves a manual clock forward by `delta` (timers and devices see the new time), then
    /// settles.
    @discardableResult
    public func advance(by delta: Duration) async -> Bool {
        session.clock.advance(by: delta)
        return await settle()
    }

    /// Runs until nothing is pending (or the timeout), hides and unloads the page, and releases
    /// the runtime. The app cannot be used after.
    public func stop() async -> JSRuntime.RunResult { await thread.run { [self] in stopOnThread() } }

    // MARK: Driving (plain threads)

    /// `open()` for a caller on a plain thread (the command line).
    @discardableResult
    public func openSync() -> Bool { thread.runSync { [self] in openOnThread() } }

    /// `tap(_:detail:)` for a caller on a plain thread.
    @discardableResult
    public func tapSync(_ method: String, detail: HostValue? = nil) -> Bool {
        thread.runSync { [self] in runner?.tap(method, detail: detail) ?? false }
    }

    /// `evaluate(_:url:)` for a caller on a plain thread.
    @discardableResult
    public func evaluateSync(_ source: String, url: String = "eval.js") -> Bool {
        thread.runSync { [self] in evaluateOnThread(source, url: url) }
    }

    /// `stop()` for a caller on a plain thread.
    public func stopSync() -> JSRuntime.RunResult { thread.runSync { [self] in stopOnThread() } }

    /// Runs `body` with the runtime on the JS thread (benchmarks and tests that need the engine).
    public func withRuntime<T: Sendable>(_ body: @escaping (JSRuntime) -> T) async -> T? {
        await thread.run { [self] in runtime.map(body) }
    }

    // MARK: On the JS thread

    private func openOnThread() -> Bool {
        guard let runner, !stopped else { return false }
        return runner.load(query: configuration.query, timeout: configuration.timeout)
    }

    /// A script gets the configured timeout: the page run's deadline once a page is open,
    /// otherwise `timeout` from now. A script still running then is ended.
    private func evaluateOnThread(_ source: String, url: String) -> Bool {
        guard let runtime, !stopped else { return false }
        if runner == nil || runtime.deadline == .infinity { runtime.setDeadline(in: configuration.timeout) }
        return runtime.evaluate(source, url: url)
    }

    private func settleOnThread() -> Bool {
        if let runner { return runner.settle() }
        guard let runtime else { return false }
        return runtime.settle(timeout: configuration.timeout)
    }

    private func stopOnThread() -> JSRuntime.RunResult {
        guard let runtime, !stopped else { return .idle }
        stopped = true
        let result: JSRuntime.RunResult
        if runtime.uncaughtError != nil {
            result = .uncaughtError
        } else if let runner {
            result = runner.finish()
        } else {
            result = runtime.run(timeout: configuration.timeout)
        }
        runtime.detach()
        recorder.setStack([])
        self.runner = nil
        self.runtime = nil
        return result
    }
}

/// Keeps the most recent events and hands every event to observers.
final class EventRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private let history: Int
    private var ring: [AppEvent] = []
    private var start = 0
    private var observers: [@Sendable (AppEvent) -> Void] = []
    private var _uncaughtError: String?
    private var _stack: [PageEntry] = []

    init(history: Int) { self.history = max(0, history) }

    /// Whether events are wanted at all (kept, or observed).
    var isActive: Bool { lock.withLock { history > 0 || !observers.isEmpty } }

    func add(_ observer: @escaping @Sendable (AppEvent) -> Void) { lock.withLock { observers.append(observer) } }

    func record(_ event: AppEvent) {
        let observers = lock.withLock {
            if case .uncaughtError(let text) = event, _uncaughtError == nil { _uncaughtError = text }
            if history > 0 {
                if ring.count < history {
                    ring.append(event)
                } else {
                    ring[start] = event
                    start = (start + 1) % history
                }
            }
            return self.observers
        }
        for o in observers { o(event) }
    }

    var events: [AppEvent] { lock.withLock { Array(ring[start...] + ring[..<start]) } }

    var uncaughtError: String? { lock.withLock { _uncaughtError } }

    var stack: [PageEntry] { lock.withLock { _stack } }

    func setStack(_ stack: [PageEntry]) { lock.withLock { _stack = stack } }
}

/// Console output as events, also forwarded (the CLI prints it).
struct RecordingOutput: RuntimeOutput {
    let recorder: EventRecorder
    let forward: (any RuntimeOutput)?

    func log(_ line: String) {
        recorder.record(.console(level: .log, text: line))
        forward?.log(line)
    }

    func error(_ line: String) {
        recorder.record(.console(level: .error, text: line))
        forward?.error(line)
    }
}
