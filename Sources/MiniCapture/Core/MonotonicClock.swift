/// A real monotonic clock (Swift's `SuspendingClock`, CLOCK_MONOTONIC on Linux); its origin is
/// the moment it was created.
public struct MonotonicClock: CaptureClock {
    private let origin: SuspendingClock.Instant

    /// Creates a clock whose `now()` starts at zero.
    public init() {
        origin = SuspendingClock.now
    }

    public func now() -> Duration {
        SuspendingClock.now - origin
    }

    public func sleep(until deadline: Duration) async throws {
        let target = origin.advanced(by: deadline)
        if target <= SuspendingClock.now { return }
        try await SuspendingClock().sleep(until: target, tolerance: .microseconds(100))
    }
}
