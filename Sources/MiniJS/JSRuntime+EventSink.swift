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

    /// Calls a function from a call's arguments as an ordinary job (in order with results).
    func invoke(_ function: FunctionRef, _ arguments: [HostValue]) {
        loop.post { [self] in call(function, arguments) }
    }

    /// A stream job (camera frames): served in turn with timers and results, never starving them.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void) {
        loop.postStream { [self] in
            defer { completion() }
            call(function, arguments)
        }
    }

    /// JS thread: calls the function if the runtime and the function are still there.
    private func call(_ function: FunctionRef, _ arguments: [HostValue]) {
        guard lock.withLock({ attached }) else { return }
        guard runtime.uncaughtError == nil, let fn = runtime.functions.value(function) else { return }
        let args = arguments.map { runtime.core.make($0, functions: runtime.functions) }
        _ = runtime.guarded { try runtime.core.call(fn, args) }
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
