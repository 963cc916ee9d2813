/// Suppresses repeated reports of the same code on consecutive camera frames: a code is reported
/// when it first appears and again only after it has been absent for `absenceFrames` frames or for
/// `absenceDuration` (whichever comes first).
public struct ScanDeduplicator: Sendable {
    struct Key: Hashable, Sendable {
        var type: BarcodeFormat
        var payload: [UInt8]
    }
    struct Seen: Sendable {
        var frame: Int
        var time: Duration?
    }

    /// Consecutive frames without the code after which it is reported again.
    public var absenceFrames: Int
    /// Time without the code after which it is reported again (`nil` = frames only).
    public var absenceDuration: Duration?

    private var frame = 0
    private var seen: [Key: Seen] = [:]

    /// - Parameters:
    ///   - absenceFrames: frames a code must be missing before it counts as new again (>= 1).
    ///   - absenceDuration: optional time a code must be missing before it counts as new again.
    public init(absenceFrames: Int = 15, absenceDuration: Duration? = nil) {
        self.absenceFrames = max(1, absenceFrames)
        self.absenceDuration = absenceDuration
    }

    /// Feeds the results of one frame and returns only those that should be reported now.
    /// - Parameter time: the frame's timestamp; required for `absenceDuration` to apply.
    public mutating func filter(_ results: [ScanResult], at time: Duration? = nil) -> [ScanResult] {
        frame += 1
        var fresh: [ScanResult] = []
        var thisFrame = Set<Key>()
        for r in results {
            let key = Key(type: r.type, payload: r.rawData.isEmpty ? Array(r.result.utf8) : r.rawData)
            guard thisFrame.insert(key).inserted else { continue }
            if let last = seen[key], !isExpired(last, now: time) {
                // still present: refresh
            } else {
                fresh.append(r)
            }
            seen[key] = Seen(frame: frame, time: time)
        }
        // Drop entries that have expired so the table stays small.
        if seen.count > 64 {
            seen = seen.filter { !isExpired($0.value, now: time) }
        }
        return fresh
    }

    /// Forgets every code (e.g. when the camera restarts).
    public mutating func reset() {
        seen.removeAll()
        frame = 0
    }

    private func isExpired(_ s: Seen, now: Duration?) -> Bool {
        // frames strictly between the last sighting and this frame
        if frame - s.frame - 1 >= absenceFrames { return true }
        if let limit = absenceDuration, let now, let t = s.time, now - t >= limit {
            // absent for the whole interval only if at least one frame was missed
            return frame - s.frame > 1
        }
        return false
    }
}
