/// The playback warnings a `<live-player>` reports as statechange codes while it plays (the
/// TXLivePlayer numbers): 2104 when packets arrive unevenly, 2105 when the picture stalls, 2107
/// when the video's timestamps jump. Each is reported once per incident: a stall again after
/// frames flowed counts anew. Fed by the playback loop with wall-clock instants.
struct LiveWarnings {
    /// A gap between two packets, while playing, that is uneven delivery.
    static let arrivalGap = Duration.seconds(1)
    /// How long the picture may stay the same while playing before it counts as stalled.
    static let stallGap = Duration.milliseconds(500)

    /// A jump between consecutive frames' timestamps that means frames are missing: four frame
    /// intervals at the declared rate, at least half a second.
    let discontinuityGap: Duration
    private var lastArrival: ContinuousClock.Instant?
    private var lastPresentation: Duration?
    private var lastShown: ContinuousClock.Instant?
    private var stallReported = false

    init(frameRate: Double?) {
        let interval = frameRate.map { $0 > 0 && $0.isFinite ? 1 / $0 : 0.04 } ?? 0.04
        discontinuityGap = max(.milliseconds(500), .nanoseconds(Int64(4 * interval * 1e9)))
    }

    /// A packet arrived: 2104 when the previous one came more than `arrivalGap` earlier while playing.
    mutating func arrived(at now: ContinuousClock.Instant, playing: Bool) -> LiveStateCode? {
        defer { lastArrival = now }
        guard playing, let last = lastArrival, now - last > Self.arrivalGap else { return nil }
        return .receiveLag
    }

    /// A frame decoded: 2107 when its timestamp jumps ahead by more than `discontinuityGap`, or back.
    mutating func decoded(_ presentation: Duration) -> LiveStateCode? {
        defer { lastPresentation = presentation }
        guard let last = lastPresentation else { return nil }
        return presentation - last > discontinuityGap || presentation < last ? .videoDiscontinuity : nil
    }

    /// The screen was updated (or not) at `now` while playing: 2105 once the last new frame is
    /// more than `stallGap` old (or four frame intervals of a slow stream).
    mutating func presented(_ showed: Bool, at now: ContinuousClock.Instant, expectsVideo: Bool) -> LiveStateCode? {
        if showed || lastShown == nil {
            lastShown = now
            stallReported = false
            return nil
        }
        guard expectsVideo, !stallReported, let last = lastShown, now - last > max(Self.stallGap, discontinuityGap) else { return nil }
        stallReported = true
        return .videoLag
    }

    /// Playback restarts from the buffer (after buffering or a pause): the picture's age starts again.
    mutating func restarted() {
        lastShown = nil
        stallReported = false
    }
}
