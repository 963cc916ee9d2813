import CJavaScriptCore
import MiniCore
import MiniHost

/// Native code reaches JS through the session's `EventSink`: events, callbacks, keep-alives.
extension JSRuntime: EventSink {
    public func emit(_ event: String, target: UInt64?, payload: HostValue) {
        loop.post { [unowned self] in
            let args: [JSValueRef] = [
                JSValueMakeNumber(core.ctx, Double(target ?? 0)), core.string(event),
                core.make(payload, functions: functions),
            ]
            callInternal("dispatch", args)
        }
    }

    public func invoke(_ function: FunctionRef, _ arguments: [HostValue]) {
        invoke(function, arguments) {}
    }

    public func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void) {
        loop.post { [unowned self] in
            defer { completion() }
            guard uncaughtError == nil, let fn = functions.value(function) else { return }
            let args = arguments.map { core.make($0, functions: functions) }
            _ = guarded { try core.call(fn, args) }
        }
    }

    /// Printed on stderr at once (from any thread), like a console warning.
    public func warn(_ message: String) {
        output.error("[minimedia] warning: " + message)
    }

    public func pendingWork(_ reason: String) -> KeepAlive {
        loop.beginCall()
        let loop = self.loop
        return KeepAlive { loop.endCall() }
    }

    public func keepAlive(_ reason: String) -> KeepAlive {
        loop.retain()
        let loop = self.loop
        return KeepAlive { loop.release() }
    }
}
