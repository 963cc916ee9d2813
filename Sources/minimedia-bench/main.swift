// `make bench`, JS bridge table: JS→native call rates through MiniJS beside the raw
// JavaScriptCore function-call rate measured in the same run, and cold start of `minimedia run`.
import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost
import MiniApp
import MiniJS
import MiniStorage

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

/// Raw JSC: a JS loop calling a C callback that does nothing.
func rawJSCRate(calls: Int) -> Double {
    let ctx = JSGlobalContextCreate(nil)!
    defer { JSGlobalContextRelease(ctx) }
    let name = JSStringCreateWithUTF8CString("nativeNoop")
    let fn = JSObjectMakeFunctionWithCallback(ctx, name, { ctx, _, _, _, _, _ in JSValueMakeUndefined(ctx) })
    JSObjectSetProperty(ctx, JSContextGetGlobalObject(ctx), name, fn, 0, nil)
    JSStringRelease(name)
    let src = JSStringCreateWithUTF8CString("for (let i = 0; i < \(calls); i++) nativeNoop('getFileInfo');")
    defer { JSStringRelease(src) }
    let t0 = now()
    JSEvaluateScript(ctx, src, nil, nil, 1, nil)
    return Double(calls) / (now() - t0)
}

let dataDir = FileManager.default.temporaryDirectory.appendingPathComponent("minimedia-bench-\(getpid())")
defer { try? FileManager.default.removeItem(at: dataDir) }

func makeApp() throws -> MiniApp {
    var config = MiniAppConfiguration(dataDirectory: dataDir)
    config.appID = "bench.app"
    config.timeout = 120
    config.eventHistory = 1_000
    return try MiniApp(config)
}

/// `wx.canIUse(name)` in a JS loop: a sync API with one argument and a value back.
func syncRate(calls: Int) throws -> Double {
    let app = try makeApp()
    app.evaluateSync("for (let i = 0; i < 1000; i++) wx.canIUse('getFileInfo')")
    let t0 = now()
    app.evaluateSync("for (let i = 0; i < \(calls); i++) wx.canIUse('getFileInfo')")
    let rate = Double(calls) / (now() - t0)
    _ = app.stopSync()
    return rate
}

/// `wx.getSystemInfo({success})`: an async API, its result object and the success callback.
func asyncRate(calls: Int) throws -> Double {
    let app = try makeApp()
    let t0 = now()
    // Batches of 1,000 in flight (a page never has hundreds of thousands outstanding).
    app.evaluateSync("""
        let done = 0
        function batch() {
          for (let i = 0; i < 1000; i++) wx.getSystemInfo({ success(res) {
            if (res.windowWidth > 0) done++
            if (done % 1000 === 0) { if (done < \(calls)) batch(); else console.log(done) }
          } })
        }
        batch()
        """)
    _ = app.stopSync()
    let rate = Double(calls) / (now() - t0)
    guard app.logLines.last == String(calls) else { fatalError("async bench lost callbacks: \(app.logLines)") }
    return rate
}

/// Wall time of `minimedia run` on an empty page, as a new process each time.
func coldStart(runs: Int) throws -> Double {
    let page = dataDir.appendingPathComponent("empty.js")
    try FileManager.default.createDirectory(at: dataDir, withIntermediateDirectories: true)
    try Data("Page({})\n".utf8).write(to: page)
    let binary = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("minimedia")
    var times: [Double] = []
    for _ in 0..<runs {
        let p = Process()
        p.executableURL = binary
        p.arguments = ["run", page.path, "--data-dir", dataDir.path, "--consent", "deny"]
        let t0 = now()
        try p.run()
        p.waitUntilExit()
        times.append(now() - t0)
        guard p.terminationStatus == 0 else { fatalError("minimedia run failed: \(p.terminationStatus)") }
    }
    return median(times)
}

if CommandLine.arguments.dropFirst().first == "async" {
    // Profiling aid: only the async loop.
    print(String(format: "async %.3f M calls/s", try asyncRate(calls: 200_000) / 1e6))
    exit(0)
}

let raw = median((0..<3).map { _ in rawJSCRate(calls: 2_000_000) })
let sync = median(try (0..<3).map { _ in try syncRate(calls: 2_000_000) })
let async = median(try (0..<3).map { _ in try asyncRate(calls: 200_000) })
let cold = try coldStart(runs: 15)

func rate(_ r: Double) -> String { String(format: "%.2f M calls/s", r / 1e6) }
print("| measure | result | target | raw JSC call rate (same run) |")
print("|---|---|---|---|")
print("| JS→native sync call (`wx.canIUse`) | \(rate(sync)) | ≥ 1.00 M calls/s | \(rate(raw)) |")
print("| async call + success callback (`wx.getSystemInfo`) | \(rate(async)) | ≥ 0.20 M calls/s | \(rate(raw)) |")
print("| cold start, `minimedia run` empty page (median of 15) | \(String(format: "%.1f ms", cold * 1000)) | ≤ 150 ms | — |")
