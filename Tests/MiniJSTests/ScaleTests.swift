import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import Testing

/// Work that page code can multiply (timers, calls with function options) costs linear time and
/// leaves nothing held once it is done.
@Suite("Scale: timers and function options are linear and released")
struct ScaleTests {
    /// CPU seconds the calling thread has used.
    static func threadCPU() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    /// Runs `source` (which uses `N`) in a script-only app until idle; returns the JS thread's CPU
    /// seconds for it (not wall time: a loaded machine does not skew the ratio) and what the
    /// runtime still holds afterwards.
    func measure(_ source: String, n: Int) async throws -> (seconds: Double, lines: [String], held: Int, timers: Int) {
        let test = try TestSession(registry: .foundation())
        var config = MiniAppConfiguration()
        config.timeout = 300
        let app = try MiniApp(config, session: test.session)
        let before = await app.withRuntime { _ in Self.threadCPU() } ?? 0
        #expect(await app.evaluate("const N = \(n);\n" + source, url: "scale.js"))
        #expect(await app.settle())
        let after = await app.withRuntime { _ in Self.threadCPU() } ?? 0
        let held = await app.withRuntime { ($0.heldFunctionCount, $0.pendingTimerCount) } ?? (-1, -1)
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        let lines = app.logLines
        _ = await app.stop()
        return (after - before, lines, held.0, held.1)
    }

    @Test func zeroDelayTimeoutsAreLinear() async throws {
        let source = """
            let fired = 0, inOrder = true, last = 0
            for (let i = 1; i <= N; i++) setTimeout(() => { if (i !== last + 1) inOrder = false; last = i; if (++fired === N) console.log('fired', fired, inOrder) }, 0)
            // Cancelled ones cost nothing later and never fire.
            for (let i = 0; i < N; i++) clearTimeout(setTimeout(() => { console.log('cancelled timer fired') }, 5))
            """
        let small = try await measure(source, n: 10_000)
        let large = try await measure(source, n: 100_000)
        #expect(small.lines == ["fired 10000 true"])
        #expect(large.lines == ["fired 100000 true"])
        #expect(large.timers == 0)
        print("timers: 10,000 in \(small.seconds) s CPU, 100,000 in \(large.seconds) s CPU")
        // Linear: 10× the timers in well under 30× the time (quadratic was ~60× at 8×).
        #expect(large.seconds < max(small.seconds, 0.05) * 30, "10k: \(small.seconds) s, 100k: \(large.seconds) s")
        #expect(large.seconds < 60)
    }

    @Test func callsWithFunctionOptionsAreLinearAndReleaseTheirFunctions() async throws {
        let source = """
            let done = 0, syncThrew = 0
            for (let i = 0; i < N; i++) {
              // Function values in options (not success/fail/complete) are held for the call only.
              wx.getSystemInfo({ extra: () => i, nested: { list: [function () {}] },
                complete: () => { if (++done === N) console.log('done', done, 'sync threw', syncThrew) } })
              if (i % 10 === 0) { try { wx.canIUse(() => i) } catch (e) { syncThrew++ } }
            }
            """
        let small = try await measure(source, n: 10_000)
        let large = try await measure(source, n: 100_000)
        #expect(small.lines == ["done 10000 sync threw 1000"])
        #expect(large.lines == ["done 100000 sync threw 10000"])
        // Nothing is held once the calls ended.
        #expect(small.held == 0)
        #expect(large.held == 0)
        print("calls with function options: 10,000 in \(small.seconds) s CPU, 100,000 in \(large.seconds) s CPU")
        #expect(large.seconds < max(small.seconds, 0.05) * 30, "10k: \(small.seconds) s, 100k: \(large.seconds) s")
        #expect(large.seconds < 90)
    }
}
