/// Maps media timestamps to clock deadlines for paced delivery. When the consumer falls more
/// than `lateTolerance` behind, the schedule is re-anchored to "now" instead of bursting frames.
struct FramePacer: Sendable {
    private(set) var origin: Duration?
    let lateTolerance: Duration
    private(set) var reanchorCount = 0

    init(lateTolerance: Duration) {
        self.lateTolerance = lateTolerance
    }

    /// Deadline on the clock for a frame with the given media time.
    mutating func deadline(forMediaTime t: Duration, now: Duration) -> Duration {
        guard let o = origin else {
            origin = now - t
            return now
        }
        let d = o + t
        if now - d > lateTolerance {
            origin = now - t
            reanchorCount += 1
            return now
        }
        return d
    }

    /// When to deliver a frame of media time `t` and the capture time it carries: unpaced frames
    /// go out at once, stamped `now`.
    mutating func schedule(mediaTime t: Duration, now: Duration, pacing: FramePacing)
        -> (deadline: Duration?, captureTime: Duration)
    {
        guard pacing == .paced else { return (nil, now) }
        let d = deadline(forMediaTime: t, now: now)
        return (d, d)
    }

    mutating func reset() {
        origin = nil
    }
}
