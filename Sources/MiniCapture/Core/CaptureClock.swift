/// Time source injected into camera devices for pacing. Times are `Duration`s since an
/// arbitrary, fixed origin of the clock.
public protocol CaptureClock: Sendable {
    /// Current time since the clock's origin.
    func now() -> Duration
    /// Suspends until `now() >= deadline`. Throws `CancellationError` if the task is cancelled.
    func sleep(until deadline: Duration) async throws
}
