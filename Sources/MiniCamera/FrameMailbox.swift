import MiniCore
import MiniHost
import Synchronization

/// Hands camera frames to one JS callback with at most one frame in flight and one waiting:
/// while JS is busy with a frame, a newer frame replaces the waiting one (never a queue).
public final class FrameMailbox: Sendable {
    /// Counters for tests and benches.
    public struct Counters: Sendable, Equatable {
        /// Frames JS's callback received (its call returned).
        public var delivered = 0
        /// Frames replaced while waiting, never seen by JS.
        public var replaced = 0

        public init(delivered: Int = 0, replaced: Int = 0) {
            self.delivered = delivered
            self.replaced = replaced
        }
    }

    private struct State {
        var inFlight = false
        var waiting: HostValue?
        var stopped = false
        var counters = Counters()
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())
    private let sink: any EventSink
    private let callback: FunctionRef
    /// Keeps the callback alive in JS until the mailbox stops.
    private let hold: KeepAlive

    /// Make it on the JS thread, during the call that starts the listener (it holds `callback`).
    public init(sink: any EventSink, callback: FunctionRef) {
        self.sink = sink
        self.callback = callback
        hold = sink.retain(callback)
    }

    /// Offers the newest frame: sent now if JS is idle, otherwise kept as the waiting frame
    /// (replacing an older waiting one).
    public func offer(_ frame: HostValue) {
        let send = state.withLock { s -> Bool in
            guard !s.stopped else { return false }
            if s.inFlight {
                if s.waiting != nil { s.counters.replaced += 1 }
                s.waiting = frame
                return false
            }
            s.inFlight = true
            return true
        }
        if send { deliver(frame) }
    }

    /// Whether a frame is waiting behind the one in flight.
    public var isFull: Bool { state.withLock { $0.waiting != nil } }

    /// Suspends until no frame is waiting (used with unpaced devices so nothing is converted in
    /// vain), or the mailbox is stopped.
    public func waitForRoom() async {
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            let now = state.withLock { s -> Bool in
                if s.waiting == nil || s.stopped { return true }
                s.roomWaiters.append(c)
                return false
            }
            if now { c.resume() }
        }
    }

    /// Stops delivery: the waiting frame is dropped; a frame in flight still completes.
    public func stop() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.stopped = true
            s.waiting = nil
            defer { s.roomWaiters = [] }
            return s.roomWaiters
        }
        waiters.forEach { $0.resume() }
        hold.end()
    }

    public var counters: Counters { state.withLock { $0.counters } }

    private func deliver(_ frame: HostValue) {
        sink.invoke(callback, [frame]) { [self] in finished() }
    }

    private func finished() {
        let (next, waiters) = state.withLock { s -> (HostValue?, [CheckedContinuation<Void, Never>]) in
            s.counters.delivered += 1
            let w = s.roomWaiters
            s.roomWaiters = []
            if let n = s.waiting, !s.stopped {
                s.waiting = nil
                return (n, w)
            }
            s.inFlight = false
            return (nil, w)
        }
        waiters.forEach { $0.resume() }
        if let next { deliver(next) }
    }
}
