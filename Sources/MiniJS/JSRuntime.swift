import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost

/// A JavaScriptCore context with the mini-program globals (`wx`, `swan`, `tt`, `my`, `console`,
/// timers, `require`, `App`/`Page`/`Component`) and the event loop it runs on.
///
/// Create, use and run it on one thread: JS is single-threaded. Native work completes on other
/// threads and posts its result back to the loop.
public final class JSRuntime: @unchecked Sendable {
    public let session: AppSession
    public let output: any RuntimeOutput
    let core: JSCore
    let loop: EventLoop
    let functions: FunctionTable
    let objects = ObjectTable()
    var prototypes: [String: JSObjectRef] = [:]
    var adapters: [String: JSObjectRef] = [:]
    var pending: [Int: PendingCall] = [:]
    /// The prelude's private helpers (`settle`, `fireTimer`, `loadPage`…), protected; page code
    /// cannot reach them.
    var helpers: JSObjectRef!
    /// The prelude's `begin(id, options, usesPromise)` and `settle(id, ok, res)`.
    var begin: JSObjectRef!
    var settle: JSObjectRef!
    /// `begin`'s out-parameter: a protected null-prototype object whose slot 0 gets the Promise.
    let beginOut: JSObjectRef
    var nextCall = 0
    /// True while a user tap's handler runs.
    var inUserGesture = false
    /// Automation calls waiting for their result (JSRuntime+Automation).
    var automationReplies: [Int: (AutomationOutcome) -> Void] = [:]
    var automationNextReply = 0
    var automationBindingSink: ((String, String) -> Void)?
    /// The first uncaught error, printed with its stack; the run stops there.
    public private(set) var uncaughtError: String?
    /// Module source roots: `require` and pages resolve inside this folder.
    public let packageRoot: URL?
    var hooks = RuntimeHooks()
    /// Ends JS still running at the deadline of the current run.
    let watchdog = ScriptWatchdog()
    /// What the session holds to reach this runtime.
    private var link: RuntimeLink?
    /// Receives API results and uncaught errors as they happen (JS thread).
    public var observer: ((AppEvent) -> Void)?
    /// Whether `observer` gets `apiCall` events (building them costs a copy of each result).
    public var reportsAPICalls = true

    public init(session: AppSession, packageRoot: URL? = nil, output: any RuntimeOutput = StandardOutput()) throws {
        self.session = session
        self.output = output
        self.packageRoot = packageRoot?.standardizedFileURL
        core = JSCore()
        loop = EventLoop(clock: session.clock)
        beginOut = JSObjectMake(core.ctx, nil, nil)
        JSObjectSetPrototype(core.ctx, beginOut, JSValueMakeNull(core.ctx))
        JSValueProtect(core.ctx, beginOut)
        functions = FunctionTable(core: core)
        guard let prelude = core.object(try core.evaluate(Prelude.source, url: "minimedia://prelude.js")),
            let helpers = core.object(try core.call(prelude, [makeNative()]))
        else { throw MediaError.internalError("the prelude did not load") }
        JSValueProtect(core.ctx, helpers)
        self.helpers = helpers
        begin = core.object(core.get(helpers, "begin"))
        settle = core.object(core.get(helpers, "settle"))
        try installNamespaces()
        installRejectionTracker()
        let link = RuntimeLink(self)
        self.link = link
        session.attach(link)
    }

    deinit {
        link?.detach()
        JSContextGroupClearExecutionTimeLimit(JSContextGetGroup(core.ctx))
    }

    /// The real time (`EventLoop.now()` seconds) past which running JS is ended and runs stop
    /// as timed out. `run`, `settle` and `runLoop` set it from their timeout; a host that
    /// evaluates outside a run sets it first (the default, infinity, never ends a script).
    /// JSC's watchdog is armed only while a deadline is set: armed, it reads the thread's CPU clock
    /// on every entry into JS (about 0.7 µs, an 18% cost on small async calls).
    public var deadline: Double {
        get { watchdog.deadline }
        set {
            watchdog.deadline = newValue
            if newValue.isFinite && !watchdogArmed {
                watchdog.install(on: core.ctx)
            } else if !newValue.isFinite && watchdogArmed {
                JSContextGroupClearExecutionTimeLimit(JSContextGetGroup(core.ctx))
            }
            watchdogArmed = newValue.isFinite
        }
    }
    private var watchdogArmed = false

    /// Sets the deadline `seconds` of real time from now.
    public func setDeadline(in seconds: Double) { deadline = EventLoop.now() + seconds }

    /// Whether the watchdog ended a script because the deadline passed.
    public var stoppedAtDeadline: Bool { watchdog.fired && EventLoop.now() >= watchdog.deadline }

    /// Functions held for native code right now (tests: none once the calls that passed them
    /// ended).
    public var heldFunctionCount: Int { functions.count }
    /// Collects garbage now, then releases the functions of native objects JS no longer
    /// reaches (tests; hosts under memory pressure).
    public func collectGarbage() {
        JSSynchronousGarbageCollectForDebugging(core.ctx)
        releaseOrphanedFunctions()
    }

    /// Pending timers (tests).
    public var pendingTimerCount: Int { loop.timerCount }
    /// Timer entries stored, cancelled ones included until they are dropped (tests).
    public var timerStorageCount: Int { loop.timerStorage }

    /// Detaches the runtime from its session: events and callbacks posted after this are dropped.
    public func detach() { link?.detach() }

    /// Evaluates a script at global scope. A thrown exception is reported as uncaught.
    @discardableResult
    public func evaluate(_ source: String, url: String = "eval.js") -> Bool {
        guard uncaughtError == nil else { return false }
        do {
            try core.evaluate(source, url: url)
            return true
        } catch let t as JSThrow {
            reportUncaught(t.value)
        } catch {
            reportUncaught(core.error("\(error)"))
        }
        return false
    }

    /// How a `run` ended.
    public enum RunResult: Equatable, Sendable {
        /// Nothing left to do.
        case idle
        /// `--timeout` reached while work was still pending.
        case timedOut
        /// An uncaught JS error stopped the run.
        case uncaughtError
    }

    /// Runs the event loop until idle, the timeout, or an uncaught error.
    public func run(timeout: Double) -> RunResult {
        runLoop(deadline: EventLoop.now() + timeout, untilSettled: false)
    }

    /// Runs the event loop until the work started so far settles (no call in flight, no one-shot
    /// timer pending). False if an uncaught error stopped it.
    public func settle(timeout: Double) -> Bool {
        runLoop(deadline: EventLoop.now() + timeout, untilSettled: true) != .uncaughtError
    }

    func runLoop(deadline: Double, untilSettled: Bool) -> RunResult {
        if uncaughtError != nil { return .uncaughtError }
        self.deadline = deadline
        let exit = loop.run(deadline: deadline, untilSettled: untilSettled) { id in
            self.callInternal("fireTimer", [JSValueMakeNumber(core.ctx, Double(id))])
        }
        if uncaughtError != nil { return .uncaughtError }
        switch exit {
        case .idle, .settled: return .idle
        case .deadline: return .timedOut
        case .stopped: return uncaughtError != nil ? .uncaughtError : .idle
        }
    }

    /// Calls one of the prelude's private helpers, reporting a throw as uncaught.
    @discardableResult
    func callInternal(_ name: String, _ args: [JSValueRef?]) -> JSValueRef? {
        guard uncaughtError == nil, let fn = core.object(core.get(helpers, name)) else { return nil }
        return guarded { try core.call(fn, args) }
    }

    /// Runs `body`; a JS exception becomes the uncaught error and stops the loop.
    func guarded(_ body: () throws -> JSValueRef) -> JSValueRef? {
        do {
            return try body()
        } catch let t as JSThrow {
            reportUncaught(t.value)
        } catch {
            reportUncaught(core.error("\(error)"))
        }
        return nil
    }

    func reportUncaught(_ exception: JSValueRef, inPromise: Bool = false) {
        // The watchdog's termination: the run ends at its deadline (the loop sees it), not as a
        // page error.
        guard uncaughtError == nil, !stoppedAtDeadline else { return }
        let text = core.describe(exception)
        uncaughtError = text
        output.error((inPromise ? "Uncaught (in promise) " : "Uncaught ") + text)
        observer?(.uncaughtError(text))
        loop.stop()
    }
}

extension JSRuntime {
    /// Reports every promise rejected with no handler as an uncaught error (in promise), not
    /// only those returned by page methods.
    func installRejectionTracker() {
        let tracker = core.function("unhandledRejection") { [unowned self] _, args in
            reportUncaught(args[safe: 1] ?? core.undefined, inPromise: true)
            return nil
        }
        JSGlobalContextSetUnhandledRejectionCallback(core.ctx, tracker, nil)
    }
}

/// An async call waiting for its result (JS thread only); its callbacks live in JS.
struct PendingCall {
    let api: String
    /// `"<api>:ok"`, made once per API.
    let okMessage: JSStringRef
    let adapter: JSObjectRef?
    /// Functions the options held, released once the result is delivered.
    var holds = FunctionHolds()
}

/// Points where the page runner plugs into the runtime.
struct RuntimeHooks {
    var setData: ((Int, HostValue) -> Void)?
    /// The JS object of the page on top of the stack (the `this` of selector-query callbacks).
    var currentPage: (() -> JSObjectRef?)?
    /// A component instance's `triggerEvent(name, detail, {bubbles, composed, capturePhase})`
    /// (by the instance's setData id).
    var triggerEvent: ((Int, String, HostValue, CustomEventOptions) throws -> Void)?
    /// `selectComponent(selector)` / `selectAllComponents` of a page or instance (by setData
    /// id): the instance object(s), null / an empty array when none matches.
    var selectComponent: ((Int, String, Bool) throws -> JSValueRef)?
    /// The custom component instance whose host element has this identity description on the
    /// page on top (automation's `Element.getData` / `setData` / `callMethod`).
    var componentObject: ((String) -> JSObjectRef?)?
}

/// The options of a component's `triggerEvent`.
struct CustomEventOptions {
    var bubbles = false
    var composed = false
    var capturePhase = false
}
