import MiniCodec
import MiniCore

/// The figures of one netstatus event, measured over the window since the previous one: bytes
/// of the packets received per stream (bitrates in kbit/s), frames decoded (videoFPS), the GOP
/// (seconds between the last two keyframes), what is buffered and not yet shown (ms).
public struct LiveNetStatus: Sendable, Equatable {
    public var videoBitrate: Int
    public var audioBitrate: Int
    public var videoFPS: Double
    public var videoGOP: Double
    public var netSpeed: Int
    public var videoWidth: Int
    public var videoHeight: Int
    public var videoCache: Int
    public var audioCache: Int
    /// Seconds the window covered.
    public var interval: Double

    /// `{info: {...}}` as page code receives it.
    public var hostValue: HostValue {
        .object(["info": .object([
            "videoBitrate": .number(Double(videoBitrate)), "audioBitrate": .number(Double(audioBitrate)),
            "videoFPS": .number((videoFPS * 10).rounded() / 10), "videoGOP": .number((videoGOP * 10).rounded() / 10),
            "netSpeed": .number(Double(netSpeed)),
            "videoWidth": .number(Double(videoWidth)), "videoHeight": .number(Double(videoHeight)),
            "videoCache": .number(Double(videoCache)), "audioCache": .number(Double(audioCache)),
        ])])
    }
}

/// Counts what arrives between two netstatus events.
struct LiveNetStats {
    private(set) var windowStart: ContinuousClock.Instant
    private var videoBytes = 0, audioBytes = 0, totalBytes = 0, frames = 0
    private var lastKeyTime: Duration?
    private var gop = 0.0

    init(start: ContinuousClock.Instant) { windowStart = start }

    mutating func add(_ step: LiveReadStep) {
        totalBytes += step.bytes
        switch step.kind {
        case .video: videoBytes += step.bytes
        case .audio: audioBytes += step.bytes
        case .other: break
        }
    }

    mutating func decodedFrame(_ frame: LiveVideoFrame) {
        frames += 1
        guard frame.isKeyframe else { return }
        if let last = lastKeyTime, frame.presentationTime > last {
            gop = Double((frame.presentationTime - last) / .milliseconds(1)) / 1000
        }
        lastKeyTime = frame.presentationTime
    }

    /// The window's figures; starts the next window at `now`.
    mutating func report(now: ContinuousClock.Instant, videoCache: Duration, audioCache: Duration, size: (Int, Int)?) -> LiveNetStatus {
        let secs = max(0.001, Double((now - windowStart) / .microseconds(1)) / 1e6)
        func kbps(_ bytes: Int) -> Int { Int((Double(bytes) * 8 / 1000 / secs).rounded()) }
        let status = LiveNetStatus(
            videoBitrate: kbps(videoBytes), audioBitrate: kbps(audioBytes), videoFPS: Double(frames) / secs, videoGOP: gop,
            netSpeed: kbps(totalBytes), videoWidth: size?.0 ?? 0, videoHeight: size?.1 ?? 0,
            videoCache: Int(videoCache / .milliseconds(1)), audioCache: Int(audioCache / .milliseconds(1)), interval: secs)
        (videoBytes, audioBytes, totalBytes, frames, windowStart) = (0, 0, 0, 0, now)
        return status
    }
}
