import MiniCore

/// One call from JS: which API, its arguments, the app session and, for methods, the object.
public struct APIRequest: Sendable {
    /// The name in errMsg (`saveFile`, `readFile`, `takePhoto`).
    public let api: String
    /// The options object (positional arguments are already zipped into one).
    public let args: HostValue
    public let session: AppSession
    /// The native object a method was called on.
    public let target: NativeObject?
    /// True while a user tap's handler runs (needed by `openSetting`).
    public let isUserGesture: Bool

    public init(api: String, args: HostValue, session: AppSession, target: NativeObject? = nil, isUserGesture: Bool = false) {
        self.api = api
        self.args = args
        self.session = session
        self.target = target
        self.isUserGesture = isUserGesture
    }

    public var dialect: Dialect { session.dialect }

    /// A validating reader over the options object.
    public func options() throws -> Options { try Options(args) }

    /// The target cast to the class a method belongs to.
    public func target<T: NativeObject>(as type: T.Type) throws -> T {
        guard let t = target as? T else { throw MediaError.internalError("\(api) called on the wrong object") }
        return t
    }
}

/// What the JS runtime offers native code: events, calling back into JS, keeping the loop alive.
public protocol EventSink: Sendable {
    /// Emits `event` to listeners registered with `onX` on the object `target` (nil: the global
    /// namespace).
    func emit(_ event: String, target: UInt64?, payload: HostValue)
    /// Emits like `emit(_:target:payload:)` unless `dropped()` is true when the event is
    /// delivered (on the JS thread): an object destroyed in between fires nothing more.
    func emit(_ event: String, target: UInt64?, payload: HostValue, unless dropped: @escaping @Sendable () -> Bool)
    /// Calls a JS function that was passed in as an argument.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue])
    /// Calls a JS function like `invoke(_:_:)`, then runs `completion` (on the JS thread) once the
    /// call has returned or was dropped — how producers know JS is ready for the next camera frame.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void)
    /// Keeps a JS function from a call's arguments alive after that call ends (a listener that
    /// outlives it) until the returned token ends. Take it during the call: on the JS thread, or
    /// from an async call's body before it returns.
    func retain(_ function: FunctionRef) -> KeepAlive
    /// Keeps the event loop alive until the returned token is released (an active listener,
    /// a device that streams). A tap (`--call`) does not wait for it.
    func keepAlive(_ reason: String) -> KeepAlive
    /// Finite work in progress (a camera starting: permission, open, `initdone`): the loop stays
    /// alive and the next tap waits until the returned token is released.
    func pendingWork(_ reason: String) -> KeepAlive
    /// Tells the developer about something tolerated but wrong (an invalid component attribute),
    /// as the platforms' developer tools print a warning.
    func warn(_ message: String)
    /// Calls a JS function like `invoke(_:_:)` with native objects put into the arguments at
    /// their paths (a selector query's `context` results), with `this` the page on top, as
    /// WeChat calls selector-query callbacks.
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], placing objects: [PlacedObject])
}

extension EventSink {
    public func emit(_ event: String, target: UInt64?, payload: HostValue, unless dropped: @escaping @Sendable () -> Bool) {
        if !dropped() { emit(event, target: target, payload: payload) }
    }
    public func warn(_ message: String) {}
    /// Sinks that cannot make JS objects drop the objects (their places stay as given).
    public func invoke(_ function: FunctionRef, _ arguments: [HostValue], placing objects: [PlacedObject]) {
        invoke(function, arguments)
    }
    public func pendingWork(_ reason: String) -> KeepAlive { keepAlive(reason) }
    /// Sinks without a JS thread hold no functions.
    public func retain(_ function: FunctionRef) -> KeepAlive { KeepAlive {} }

    /// Sinks without a JS thread call back at once.
    public func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void) {
        invoke(function, arguments)
        completion()
    }
}

/// A reason the event loop must not end yet. Release it with `end()` (or let it deinit).
public final class KeepAlive: @unchecked Sendable {
    private let onEnd: @Sendable () -> Void
    private var ended = false
    private let lock = NSLockish()

    public init(onEnd: @escaping @Sendable () -> Void) { self.onEnd = onEnd }

    public func end() {
        let first = lock.withLock { () -> Bool in
            defer { ended = true }
            return !ended
        }
        if first { onEnd() }
    }

    deinit { end() }
}

/// An `EventSink` that drops everything, for hosts without JS (tests, the CLI's admin commands).
public struct NullEventSink: EventSink {
    public init() {}
    public func emit(_ event: String, target: UInt64?, payload: HostValue) {}
    public func invoke(_ function: FunctionRef, _ arguments: [HostValue]) {}
    public func keepAlive(_ reason: String) -> KeepAlive { KeepAlive {} }
}
