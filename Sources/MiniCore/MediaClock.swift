import Foundation

/// The one time source of a session: the event loop's timers, device pacing, players, recording
/// limits and file timestamps all read it, so tests run timed behaviour in milliseconds with a
/// `ManualClock`.
///
/// `now()` is monotonic, a `Duration` since the clock's fixed origin; `wallTime()` is the same
/// instant as seconds since 1970 (stored timestamps, temp expiry).
public protocol MediaClock: Sendable {
    /// Current time since the clock's origin.
    func now() -> Duration
    /// Suspends until `now() >= deadline`. Throws `CancellationError` if the task is cancelled.
    func sleep(until deadline: Duration) async throws
    /// Seconds since 1970 at `now()`.
    func wallTime() -> Double
    /// How the clock moves.
    var mode: ClockMode { get }
    /// Moves a manual clock to `instant` (never backwards); real clocks ignore it.
    func advance(to instant: Duration)
    /// Calls `wake` after every move of a manual clock (real clocks never call it), so a waiting
    /// event loop looks at its timers again.
    func onAdvance(_ wake: @escaping @Sendable () -> Void)
}

/// How a `MediaClock` moves.
public enum ClockMode: Sendable, Equatable {
    /// Real time.
    case realTime
    /// Only when told: with `autoAdvance`, a sleeper (or an event loop with nothing else to do)
    /// jumps the clock to its deadline, so paced work runs as fast as it can in virtual time.
    case manual(autoAdvance: Bool)
}

extension MediaClock {
    /// Moves a manual clock forward by `delta`.
    public func advance(by delta: Duration) { advance(to: now() + delta) }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}

/// Real time: `SuspendingClock` (CLOCK_MONOTONIC on Linux) from the moment it was created.
public struct SystemClock: MediaClock {
    private let origin: SuspendingClock.Instant
    private let wallOrigin: Double

    public init() {
        origin = SuspendingClock.now
        wallOrigin = Date().timeIntervalSince1970
    }

    public func now() -> Duration { SuspendingClock.now - origin }

    public func sleep(until deadline: Duration) async throws {
        let target = origin.advanced(by: deadline)
        if target <= SuspendingClock.now { return }
        try await SuspendingClock().sleep(until: target, tolerance: .microseconds(100))
    }

    public func wallTime() -> Double { Date().timeIntervalSince1970 }
    public var mode: ClockMode { .realTime }
    public func advance(to instant: Duration) {}
    public func onAdvance(_ wake: @escaping @Sendable () -> Void) {}
}
