import Foundation
import MiniMediaTesting
import Testing

/// `--timeout` ends a run whatever page code does: a busy loop anywhere, or a frame listener
/// slower than the camera. The run ends with the timeout message and exit 0 (not an uncaught
/// error), the page still hides and unloads, and timers keep their turn while frames flow.
@Suite("minimedia run --timeout")
struct TimeoutCommandTests {
    /// Writes `js` (and `wxml`) as a one-page package and runs it with `args`.
    func run(js: String, wxml: String? = nil, _ args: [String]) async throws -> (CLI.Output, Double) {
        let dir = TemporaryDirectory("mm-timeout")
        let page = try dir.write("page/index.js", js)
        if let wxml { try dir.write("page/index.wxml", wxml) }
        let started = ContinuousClock.now
        let r = try await CLI.run(["run", page.path, "--data-dir", dir.file("data").path] + args)
        let elapsed = ContinuousClock.now - started
        return (r, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static let busyPage = """
        Page({
          onLoad(q) {
            console.log('onLoad')
            if (q.where === 'onLoad') { while (true) {} }
            if (q.where === 'timer') setTimeout(() => { console.log('timer'); for (;;) { try { while (true) {} } catch (e) {} } }, 10)
          },
          spin() { console.log('spin'); try { while (true) {} } finally { console.log('finally ran') } },
          after() { console.log('after') },
          onHide() { console.log('onHide') },
          onUnload() { console.log('onUnload') },
        })
        """

    @Test(arguments: [
        ("onLoad", [String]()), ("tap", ["--call", "spin", "--call", "after"]), ("timer", [String]()),
    ])
    func aBusyLoopEndsAtTheTimeout(where place: String, calls: [String]) async throws {
        let (r, seconds) = try await run(js: Self.busyPage, ["--timeout", "2", "--query", "where=\(place)"] + calls)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("minimedia: stopped at --timeout 2.0s with work still pending"), "\(r.stderr)")
        #expect(!r.stderr.contains("Uncaught"), "\(r.stderr)")
        // The loop was ended by the watchdog (no catch or finally ran), then the page unloaded.
        #expect(!r.lines.contains("finally ran"))
        #expect(!r.lines.contains("after"))
        #expect(Array(r.lines.suffix(2)) == ["onHide", "onUnload"], "\(r.lines)")
        // Generous: a loaded 2-core machine stalls whole test processes for many seconds.
        #expect(seconds >= 1.9 && seconds < 90, "took \(seconds) s")
    }

    @Test func aSlowFrameListenerLetsTimersAndTapsThroughAndEndsAtTheTimeout() async throws {
        // 50 ms callbacks on a 30 fps camera: JS is always busy with frames.
        let js = """
            let frames = 0, ticks = 0, ticksWhileFrames = 0
            Page({
              start() {
                const ctx = wx.createCameraContext()
                setInterval(() => { ticks++; if (frames > 0) ticksWhileFrames++ }, 50)
                const listener = ctx.onCameraFrame(() => {
                  frames++
                  const end = Date.now() + 50
                  while (Date.now() < end) {}
                })
                listener.start()
              },
              ping() { console.log('ping at frames', frames > 0) },
              onHide() { console.log('frames', frames, 'ticks', ticks, 'while frames', ticksWhileFrames) },
            })
            """
        let (r, seconds) = try await run(
            js: js, wxml: "<camera frame-size=\"small\"></camera>",
            ["--timeout", "3", "--camera", "synthetic:640x360", "--consent", "allow", "--call", "start", "--call", "ping"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("stopped at --timeout 3.0s"), "\(r.stderr)")
        #expect(r.lines.contains { $0.hasPrefix("ping at frames") }, "\(r.lines)")
        let summary = try #require(r.lines.first { $0.hasPrefix("frames ") }, "\(r.lines)")
        let numbers = summary.split(separator: " ").compactMap { Int($0) }
        try #require(numbers.count == 3)
        let (frames, ticks, ticksWhileFrames) = (numbers[0], numbers[1], numbers[2])
        print("slow listener: \(summary) in \(seconds) s")
        // Frames flowed, and the interval still ticked between them (it starved before).
        #expect(frames >= 5, "\(summary)")
        #expect(ticksWhileFrames >= 5, "\(summary)")
        #expect(ticks >= ticksWhileFrames)
        #expect(seconds >= 2.9 && seconds < 90, "took \(seconds) s")
    }
}
