import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost
import Synchronization

/// Native code reaches JS through the session's `EventSink`: events, callbacks, keep-alives.
///
/// The session holds this link, not the runtime, so there is no session ↔ runtime cycle and no
/// weak reference to the runtime (a weak reference would move every retain of the runtime, on
/// every bridge call, to Swift's slow side-table path). The runtime detaches the link when it
/// goes; jobs already posted then do nothing.
final class RuntimeLink: EventSink, @unchecked Sendable {
    private let loop: EventLoop
    private let output: any RuntimeOutput
    private let lock = NSLock()
    /// Only dereferenced on the JS thread, while `attached` (checked under the lock).
    private unowned(unsafe) let runtime: JSRuntime
    private var attached = true

    init(_ runtime: JSRuntime) {
        self.runtime = runtime
        loop = runtime.loop
        output = runtime.output
    }

    func detach() { lock.withLock { attached = false } }

    /// Runs `body` with the runtime on the JS thread, if it is still there.
    private func onJSThread(_ body: @escaping @Sendable (JSRuntime) -> Void) {
        loop.post { [self] in
            guard lock.withLock({ attached }) else { return }
            body(runtime)
        }
    }

    func emit(_ event: String, target: UInt64?, payload: HostValue) {
        onJSThread { runtime in
            let core = runtime.core
            let args: [JSValueRef?] = [
                JSValueMakeNumber(core.ctx, Double(target ?? 0)), core.string(event), core.make(payload, functions: runtime.functions),
            ]
            runtime.callInternal("dispatch", args)
        }
    }

    func emit(_ event: String, target: UInt64?, payload: HostValue, unless dropped: @escaping @Sendable () -> Bool) {
        onJSThread { runtime in
            guard !dropped() else { return }
            let core = runtime.core
            let args: [JSValueRef?] = [
                JSValueMakeNumber(core.ctx, Double(target ?? 0)), core.string(event), core.make(payload, functions: runtime.functions),
            ]
            runtime.callInternal("dispatch", args)
        }
    }

    /// Calls a function from a call's arguments as an ordinary job (in order with results).
    func invoke(_ function: FunctionRef, _ arguments: [HostValue]) {
        loop.post { [self] in call(function, arguments) }
    }

    /// Like `invoke(_:_:)`, with native objects wrapped and put at their paths in the arguments.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], placing objects: [PlacedObject]) {
        loop.post { [self] in call(function, arguments, placing: objects, asQuery: true) }
    }

    /// A stream job (camera frames): served in turn with timers and results, never starving them.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void) {
        loop.postStream { [self] in
            defer { completion() }
            call(function, arguments)
        }
    }

    /// JS thread: calls the function if the runtime and the function are still there.
    private func call(_ function: FunctionRef, _ arguments: [HostValue], placing objects: [PlacedObject] = [], asQuery placing: Bool = false) {
        guard lock.withLock({ attached }) else { return }
        guard runtime.uncaughtError == nil, let fn = runtime.functions.value(function) else { return }
        let core = runtime.core
        let args = arguments.map { core.make($0, functions: runtime.functions) }
        for placed in objects {
            guard case .index(let first)? = placed.path.first, first < args.count, let last = placed.path.last, placed.path.count > 1,
                var container = core.object(args[first])
            else { continue }
            var ok = true
            for step in placed.path.dropFirst().dropLast() {
                let next: JSValueRef?
                switch step {
                case .index(let i): next = JSObjectGetPropertyAtIndex(core.ctx, container, UInt32(i), nil)
                case .key(let k): next = core.get(container, k)
                }
                guard let next, let object = core.object(next) else { ok = false; break }
                container = object
            }
            guard ok else { continue }
            let wrapped = runtime.wrap(placed.object)
            switch last {
            case .index(let i): JSObjectSetPropertyAtIndex(core.ctx, container, UInt32(i), wrapped, nil)
            case .key(let k): core.set(container, k, wrapped)
            }
        }
        // Selector-query results come this way; their callbacks run with `this` the page on top
        // (WeChat's own demos pass unbound page methods: `.node(this.init)`).
        let this = placing ? runtime.hooks.currentPage?() : nil
        _ = runtime.guarded { try core.call(fn, this: this, args) }
    }

    func retain(_ function: FunctionRef) -> KeepAlive {
        let loop = self.loop
        let take: @Sendable () -> Bool = { [self] in lock.withLock({ attached }) && runtime.functions.retain(function) }
        if !loop.isOwnerThread {
            // From an async call's body (another thread): the hold is taken on the JS thread by a
            // job posted now, which runs before the call's result (same FIFO queue), while the
            // call's own hold still stands; ending it is posted behind that job.
            let taken = Mutex(false)
            loop.post { taken.withLock { $0 = take() } }
            return KeepAlive { [self] in
                onJSThread { runtime in if taken.withLock({ $0 }) { runtime.functions.release(function) } }
            }
        }
        // On the JS thread (during the call that passed the function) the hold is taken now.
        guard take() else { return KeepAlive {} }
        return KeepAlive { [self] in
            onJSThread { runtime in runtime.functions.release(function) }
        }
    }

    /// Printed on stderr at once (from any thread), like a console warning.
    func warn(_ message: String) {
        output.error("[minimedia] warning: " + message)
    }

    func pendingWork(_ reason: String) -> KeepAlive {
        loop.beginCall()
        let loop = self.loop
        return KeepAlive { loop.endCall() }
    }

    func keepAlive(_ reason: String) -> KeepAlive {
        loop.retain()
        let loop = self.loop
        return KeepAlive { loop.release() }
    }
}
