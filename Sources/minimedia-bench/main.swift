// `make bench`, JS bridge table: JS→native call rates through MiniJS beside the raw
// JavaScriptCore function-call rate measured in the same run, and cold start of `minimedia run` beside a
// JavaScriptCore-only C program and `node -e 0`, measured in the same run.
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

/// The empty page every start-up row runs.
func emptyPage() throws -> URL {
    // Beside the data dir, not inside it: a package and a data dir must be disjoint.
    let folder = dataDir.appendingPathComponent("page")
    let page = folder.appendingPathComponent("empty.js")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try Data("Page({})\n".utf8).write(to: page)
    return page
}

/// What runs each start-up sample (scripts/cold-start.c, built beside this binary by bench.sh).
let launcher = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("cold-start").path

/// The programs whose cold start is measured, found beside this binary or on PATH; a peer that is
/// not there is a row saying why.
func startUpPrograms() throws -> [StartUpProgram] {
    let here = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let minimedia = here.appendingPathComponent("minimedia").path
    let page = try emptyPage()
    return [
        StartUpProgram(
            name: "`minimedia run` empty page", path: minimedia,
            arguments: ["run", page.path, "--data-dir", dataDir.appendingPathComponent("data").path, "--consent", "deny"]),
        StartUpProgram(
            name: "JavaScriptCore-only C program", path: here.appendingPathComponent("jsc-baseline").path,
            arguments: [], missing: "not built (scripts/bench.sh builds scripts/jsc-baseline.c)"),
        StartUpProgram(
            name: "`node -e 0`", path: StartUpProgram.onPath("node") ?? "", arguments: ["-e", "0"],
            missing: "node is not installed"),
    ]
}

if CommandLine.arguments.dropFirst().first == "startup" {
    // Only the start-up rows: `minimedia-bench startup [RUNS]`.
    let runs = CommandLine.arguments.dropFirst(2).first.flatMap { Int($0) } ?? 15
    for row in StartUpProgram.measure(try startUpPrograms(), runs: runs, launcher: launcher) { print(row.summary) }
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "async" {
    // Profiling aid: only the async loop.
    print(String(format: "async %.3f M calls/s", try asyncRate(calls: 200_000) / 1e6))
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "sync" {
    // Profiling aid: only the sync loop.
    print(String(format: "sync %.3f M calls/s", try syncRate(calls: 2_000_000) / 1e6))
    exit(0)
}

/// The render rows: `setData` on 200 custom component rows, 200 plain rows, and unbound data.
func renderRows() throws -> [String] {
    let bench = try RenderBench(count: 200, under: dataDir)
    let components = try bench.measure("components", dataDir: dataDir.appendingPathComponent("render-data"))
    let plain = try bench.measure("plain", dataDir: dataDir.appendingPathComponent("render-data"))
    let unbound = try bench.measure("unbound", dataDir: dataDir.appendingPathComponent("render-data"))
    func f(_ v: Double) -> String { String(format: "%.2f ms", v) }
    return [
        "| setData of every row → re-render + diff, 200 custom component rows (median of 31) | \(f(components.all)) | ≤ 16 ms (one frame) | 200 plain `<view>` rows: \(f(plain.all)) · no template reading it: \(f(unbound.all)) |",
        "| setData of one shown field, same page of 200 component rows | \(f(components.one)) | ≤ 16 ms | plain rows: \(f(plain.one)) · unbound: \(f(unbound.one)) |",
    ]
}

if CommandLine.arguments.dropFirst().first == "render" {
    for row in try renderRows() { print(row) }
    exit(0)
}

let raw = median((0..<3).map { _ in rawJSCRate(calls: 2_000_000) })
let sync = median(try (0..<3).map { _ in try syncRate(calls: 2_000_000) })
let async = median(try (0..<3).map { _ in try asyncRate(calls: 200_000) })
let startUpRuns = 15
let startUp = StartUpProgram.measure(try startUpPrograms(), runs: startUpRuns, launcher: launcher)

func rate(_ r: Double) -> String { String(format: "%.2f M calls/s", r / 1e6) }
let ours = startUp[0]
let peers = startUp.dropFirst()
func peerList(_ figure: (StartUpMeasurement) -> String) -> String {
    peers.map { "\($0.program.name): \($0.failure ?? figure($0))" }.joined(separator: " · ")
}
func ms(_ s: Double) -> String { String(format: "%.1f ms", s * 1000) }
func mib(_ kib: Int) -> String { String(format: "%.1f MiB", Double(kib) / 1024) }
func ourFigure(_ figure: (StartUpMeasurement) -> String) -> String { ours.failure ?? figure(ours) }
print("| measure | result | target | peer (same run) |")
print("|---|---|---|---|")
print("| JS→native sync call (`wx.canIUse`) | \(rate(sync)) | ≥ 1.43 M calls/s | raw JSC call rate: \(rate(raw)) |")
print("| async call + success callback (`wx.getSystemInfo`) | \(rate(async)) | ≥ 0.24 M calls/s | raw JSC call rate: \(rate(raw)) |")
print("| cold start, `minimedia run` empty page (median of \(startUpRuns), interleaved with the peers) | \(ourFigure { ms($0.wall) }) | ≤ 30 ms | \(peerList { ms($0.wall) }) |")
print("| peak RSS of that run (median `ru_maxrss`) | \(ourFigure { mib($0.peakKiB) }) | ≤ 40 MiB | \(peerList { mib($0.peakKiB) }) |")
print("| CPU time of that run (median user + system) | \(ourFigure { ms($0.cpu) }) | — | \(peerList { ms($0.cpu) }) |")
for row in try renderRows() { print(row) }
