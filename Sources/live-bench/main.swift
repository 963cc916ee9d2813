import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniNet
import MiniVideo

// `make bench`: <live-player>'s time to first frame (statechange 2003, the first I-frame
// decoded) on a local nginx-rtmp server, beside ffprobe's time to read the first video frame of
// the same stream in the same run. Runs alternate; the table shows medians. Target ≤ 1.5×.

final class FirstFrameSink: ComponentEventSink, @unchecked Sendable {
    let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var fired = false
    func fire(_ event: String, detail: HostValue) {
        guard event == "statechange", detail["code"]?.numberValue == 2003 else { return }
        let first = lock.withLock { () -> Bool in defer { fired = true }; return !fired }
        if first { done.signal() }
    }
}

func seconds(_ d: Duration) -> Double { Double(d / .microseconds(1)) / 1e6 }

/// ffprobe reading the first video frame; `shortProbe` gives it the player's probe limits
/// (0.5 s of analysis, 256 KiB) instead of its defaults (5 s, 5 MB).
func ffprobeFirstFrame(_ url: String, shortProbe: Bool = false) -> Double? {
    let p = ChildProcess()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
    p.arguments = ["-v", "error"] + (shortProbe ? ["-analyzeduration", "500000", "-probesize", "262144"] : [])
        + ["-select_streams", "v:0", "-read_intervals", "%+#1", "-show_entries", "frame=pict_type", "-of", "csv", url]
    let devNull = FileHandle(forWritingAtPath: "/dev/null")
    defer { try? devNull?.close() }
    p.standardOutput = devNull
    p.standardError = devNull
    let start = ContinuousClock.now
    guard (try? p.run()) != nil else { return nil }
    p.waitUntilExit()
    return p.terminationStatus == 0 ? seconds(ContinuousClock.now - start) : nil
}

func oursFirstFrame(_ url: String, session: AppSession) throws -> Double? {
    let sink = FirstFrameSink()
    let start = ContinuousClock.now
    let component = try LivePlayerComponentFactory().mount(
        ComponentMount(tag: "live-player", id: nil, attributes: ["src": .string(url), "autoplay": .bool(true)], session: session,
                       events: sink, siblingsOfSameTag: 0))
    defer { component.unmount() }
    guard sink.done.wait(timeout: .now() + 15) == .success else { return nil }
    return seconds(ContinuousClock.now - start)
}

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.isEmpty ? .nan : s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

do {
    guard LiveStreamServer.isAvailable else {
        print("live-bench: nginx with libnginx-mod-rtmp is not installed (scripts/install-deps.sh)")
        exit(0)
    }
    let server = try LiveStreamServer()
    defer { server.stop() }
    let stream = LiveStreamServer.Stream(width: 1280, height: 720, fps: 30, videoKbps: 2000, audioKbps: 128)
    try server.publish(stream)
    let url = server.rtmpURL()
    // Warm-up: the stream is up once ffprobe reads a frame.
    var up = false
    for _ in 0..<20 where !up {
        up = ffprobeFirstFrame(url) != nil
        if !up { usleep(250_000) }
    }
    guard up else { throw LiveStreamServer.Failed(description: "the published stream never became readable") }
    let t = try TestSession(
        registry: try APIRegistry.with([VideoModule()]),
        network: NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(server.rtmpPort)")!])))
    let runs = Int(ProcessInfo.processInfo.environment["LIVE_BENCH_RUNS"] ?? "") ?? 7
    var ours: [Double] = [], probe: [Double] = [], short: [Double] = []
    for _ in 0..<runs {
        if let o = try oursFirstFrame(url, session: t.session) { ours.append(o) }
        if let p = ffprobeFirstFrame(url) { probe.append(p) }
        if let p = ffprobeFirstFrame(url, shortProbe: true) { short.append(p) }
    }
    let o = median(ours), p = median(probe), s = median(short)
    print("| live stream (rtmp, 1280x720 30 fps, keyframe every 1 s), median of \(runs) | MiniMedia | peer | ratio | target |")
    print("|---|---|---|---|---|")
    print(String(format: "| time to first frame (2003) vs ffprobe's first frame (default probe) | %.3f s | %.3f s | %.2f× | ≤ 1.5× |",
                 o, p, o / p))
    print(String(format: "| time to first frame (2003) vs ffprobe's first frame (-analyzeduration 0.5 s, as the player) | %.3f s | %.3f s | %.2f× | ≤ 1.5× |",
                 o, s, o / s))
} catch {
    print("live-bench: \(error)")
    exit(1)
}
