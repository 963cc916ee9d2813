import Synchronization

/// A test clock that only moves when told to.
///
/// In `autoAdvance` mode `sleep(until:)` returns immediately and jumps `now()` to the deadline,
/// which makes paced capture deterministic and instant. Otherwise sleepers stay suspended until
/// `advance(by:)`/`advance(to:)` moves time past their deadline. Every sleep deadline is recorded.
public final class ManualClock: CaptureClock {
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
    }
    private let state: Mutex<State>
    /// Whether `sleep(until:)` advances time itself instead of suspending.
    public let autoAdvance: Bool

    /// - Parameters:
    ///   - start: initial `now()`.
    ///   - autoAdvance: jump to each sleep deadline instead of waiting for `advance`.
    public init(start: Duration = .zero, autoAdvance: Bool = true) {
        state = Mutex(State(now: start))
        self.autoAdvance = autoAdvance
    }

    public func now() -> Duration {
        state.withLock { $0.now }
    }

    /// Every deadline passed to `sleep(until:)`, in call order.
    public var sleepDeadlines: [Duration] {
        state.withLock { $0.log }
    }

    /// Number of tasks currently suspended in `sleep(until:)`.
    public var pendingSleeperCount: Int {
        state.withLock { $0.sleepers.count }
    }

    /// Moves time forward by `delta`, resuming sleepers whose deadline has passed.
    public func advance(by delta: Duration) {
        advance(to: now() + delta)
    }

    /// Moves time to `instant` (never backwards), resuming sleepers whose deadline has passed.
    public func advance(to instant: Duration) {
        let ready: [Sleeper] = state.withLock { s in
            if instant > s.now { s.now = instant }
            let now = s.now
            let r = s.sleepers.filter { $0.deadline <= now }
            s.sleepers.removeAll { $0.deadline <= now }
            return r
        }
        for s in ready { s.continuation.resume() }
    }

    public func sleep(until deadline: Duration) async throws {
        try Task.checkCancellation()
        let id: Int? = state.withLock { s in
            s.log.append(deadline)
            if deadline <= s.now { return nil }
            if autoAdvance {
                s.now = deadline
                return nil
            }
            s.nextID += 1
            return s.nextID
        }
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
