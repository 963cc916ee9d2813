/// The time budget of one decode pipeline: decoders call `check` per row or frame and the
/// pipelines between stages, so a slow-to-decode file fails with a clear `.tooLarge` instead of
/// holding a thread for as long as it likes.
struct DecodeDeadline: Sendable {
    private let start: ContinuousClock.Instant
    private let end: ContinuousClock.Instant
    private let seconds: Double

    init(seconds: Double) {
        start = .now
        self.seconds = seconds
        let clamped = seconds.isFinite ? min(max(seconds, 0), 1e9) : 1e9
        end = start.advanced(by: .milliseconds(Int64((clamped * 1000).rounded(.up))))
    }

    /// No limit (for callers outside a pipeline).
    static let none = DecodeDeadline(seconds: .infinity)

    /// True once the budget is spent.
    var expired: Bool { ContinuousClock.now >= end }

    /// Time left (zero when expired).
    var remaining: Duration { max(.zero, end - .now) }

    /// Throws `.tooLarge` once the budget is spent.
    func check(_ what: @autoclosure () -> String) throws {
        if expired {
            throw ImagingError(.tooLarge, "\(what()) exceeded the decode time budget of \(Self.format(seconds)) s")
        }
    }

    private static func format(_ s: Double) -> String {
        s == s.rounded() && s < 1e9 ? String(Int(s)) : String(s)
    }
}
