import Synchronization

/// A clock that only moves when told to (tests, benchmarks, deterministic hosts).
///
/// With `autoAdvance` (the default) `sleep(until:)` returns at once and jumps `now()` to the
/// deadline, and an event loop with nothing else to do jumps to its next timer: paced capture and
/// timers run instantly, in order. Without it, sleepers stay suspended until `advance(by:)` /
/// `advance(to:)` moves time past their deadline. Every sleep deadline is recorded.
public final class ManualClock: MediaClock {
    private struct Sleeper {
        let id: Int
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }
    private struct State {
        var now: Duration
        var sleepers: [Sleeper] = []
        var nextID = 0
        var log: [Duration] = []
        var observers: [@Sendable () -> Void] = []
    }
    private let state: Mutex<State>
    private let wallStart: Double
    /// Whether `sleep(until:)` advances time itself instead of suspending.
    public let autoAdvance: Bool

    /// - Parameters:
    ///   - start: initial `now()`.
    ///   - wallStart: `wallTime()` at `now() == start` (seconds since 1970).
    ///   - autoAdvance: jump to each sleep deadline instead of waiting for `advance`.
    public init(start: Duration = .zero, wallStart: Double = 1_700_000_000, autoAdvance: Bool = true) {
        state = Mutex(State(now: start))
        self.wallStart = wallStart - start.seconds
        self.autoAdvance = autoAdvance
    }

    public func now() -> Duration { state.withLock { $0.now } }

    public func wallTime() -> Double { wallStart + now().seconds }

    public var mode: ClockMode { .manual(autoAdvance: autoAdvance) }

    /// Every deadline passed to `sleep(until:)`, in call order.
    public var sleepDeadlines: [Duration] { state.withLock { $0.log } }

    /// Number of tasks currently suspended in `sleep(until:)`.
    public var pendingSleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// Moves time to `instant` (never backwards), resuming sleepers whose deadline has passed.
    public func advance(to instant: Duration) {
        let (ready, observers): ([Sleeper], [@Sendable () -> Void]) = state.withLock { s in
            if instant > s.now { s.now = instant }
            let now = s.now
            let r = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return (r, s.observers)
        }
        for s in ready { s.continuation.resume() }
        for o in observers { o() }
    }

    public func onAdvance(_ wake: @escaping @Sendable () -> Void) {
        state.withLock { $0.observers.append(wake) }
    }

    public func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        let (id, observers): (Int?, [@Sendable () -> Void]) = state.withLock { s in
            s.log.append(deadline)
            if deadline <= s.now { return (nil, []) }
            if autoAdvance {
                s.now = deadline
                return (nil, s.observers)
            }
            s.nextID += 1
            return (s.nextID, [])
        }
        for o in observers { o() }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if deadline <= s.now { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: c))
                    return false
                }
                if resumeNow { c.resume() }
            }
        } onCancel: {
            let cancelled: Sleeper? = state.withLock { s in
                guard let i = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: i)
            }
            cancelled?.continuation.resume(throwing: CancellationError())
        }
    }
}
