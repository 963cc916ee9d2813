// camera-bench: how fast camera frames reach JS, photos are taken and codes are scanned.
// Release build: swift build -c release --product camera-bench
import Foundation
import MiniBarcode
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniApp
import MiniJS
import MiniMediaTesting

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func row(_ cells: [String]) { print("| " + cells.joined(separator: " | ") + " |") }

/// Runs one page in a fresh session on its own thread; `during` runs on the calling thread
/// meanwhile. Returns the page's console lines.
func runPage(
    js: String, wxml: String, calls: [String], environment: CameraEnvironment,
    during: (AppSession) -> Void = { _ in }
) -> [String] {
    let dir = TemporaryDirectory("camera-bench")
    let pkg = dir.file("package")
    try! FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
    try! js.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
    try! wxml.write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
    var registry = APIRegistry.foundation()
    CameraModule.register(into: &registry, environment: environment)
    let session = try! TestSession(directory: dir, packageDir: pkg, registry: registry).session
    var config = MiniAppConfiguration(path: pkg.appendingPathComponent("index.js").path)
    config.timeout = 60
    let app = try! MiniApp(config, session: session)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        if app.openSync() { for c in calls where !app.tapSync(c) { break } }
        _ = app.stopSync()
        for e in app.errorLines { print("JS error:", e) }
        done.signal()
    }
    during(session)
    done.wait()
    return app.logLines
}

// MARK: 1. Frames to a JS callback that reads every pixel

let seconds = 3.0
print("## onCameraFrame → JS callback that reads every pixel (synthetic 1920x1080 I420, unpaced)")
print()
row(["frame-size", "frame", "fps", "target", "RGBA buffers allocated / frame (after 1 s warm-up)", "device buffers allocated"])
row(["---", "---", "---", "---", "---", "---"])
for (size, target) in [("large", 240), ("medium", 1000), ("small", 1000)] {
    let env = CameraEnvironment(spec: .synthetic(width: 1920, height: 1080, frameRate: 30), pacing: .unpaced)
    let js = """
        Page({
          start() {
            const ctx = wx.createCameraContext()
            let n = 0, sum = 0, t0 = 0, w = 0, h = 0, done = false
            const listener = ctx.onCameraFrame((f) => {
              if (done) return
              const px = new Uint32Array(f.data)
              for (let i = 0; i < px.length; i++) sum += px[i] & 0xff
              if (n === 0) { t0 = Date.now(); w = f.width; h = f.height }
              n++
              const t = Date.now() - t0
              if (t >= \(Int(seconds * 1000))) {
                done = true
                listener.stop()
                console.log('result', n - 1, t, w + 'x' + h, sum > 0)
              }
            })
            listener.start()
          },
        })
        """
    var warm: CameraController.Statistics?
    var end: CameraController.Statistics?
    var deviceAllocs = 0
    let lines = runPage(js: js, wxml: #"<camera frame-size="\#(size)"></camera>"#, calls: ["start"], environment: env) { session in
        var controller: CameraController?
        while controller == nil {
            Thread.sleep(forTimeInterval: 0.005)
            controller = CameraHub.of(session).controller
        }
        Thread.sleep(forTimeInterval: 1.0)
        warm = controller!.statistics
        Thread.sleep(forTimeInterval: seconds - 1.2)
        end = controller!.statistics
        deviceAllocs = controller!.device?.statistics.buffersAllocated ?? 0
    }
    let result = lines.first { $0.hasPrefix("result") }?.split(separator: " ").map(String.init) ?? []
    let fps = result.count > 2 ? Double(result[1])! / (Double(result[2])! / 1000) : 0
    var allocs = "n/a"
    if let w = warm, let e = end, e.framesConverted > w.framesConverted {
        allocs = String(format: "%.3f (%d over %d frames)", Double(e.rgbaAllocations - w.rgbaAllocations) / Double(e.framesConverted - w.framesConverted),
                        e.rgbaAllocations - w.rgbaAllocations, e.framesConverted - w.framesConverted)
    }
    row([size, result.count > 3 ? result[3] : "?", String(format: "%.0f", fps), "≥ \(target)", allocs, "\(deviceAllocs) in total"])
}

// MARK: 2. takePhoto

print()
print("## takePhoto 1920x1080, quality normal (synthetic camera, paced 30 fps)")
print()
do {
    let env = CameraEnvironment(spec: .synthetic(width: 1920, height: 1080, frameRate: 30))
    let js = """
        Page({
          shoot() {
            const ctx = wx.createCameraContext()
            const times = []
            const one = (i) => {
              const t0 = Date.now()
              ctx.takePhoto({ quality: 'normal', success: (r) => {
                times.push(Date.now() - t0)
                if (i < 20) setTimeout(() => one(i + 1), 40)
                else {
                  times.shift()
                  times.sort((a, b) => a - b)
                  console.log('photo', r.width + 'x' + r.height, times[Math.floor(times.length / 2)], times[times.length - 1])
                }
              } })
            }
            one(0)
          },
        })
        """
    let lines = runPage(js: js, wxml: #"<camera resolution="high"></camera>"#, calls: ["shoot"], environment: env)
    let r = lines.first { $0.hasPrefix("photo") }?.split(separator: " ").map(String.init) ?? []
    row(["measure", "value", "target"])
    row(["---", "---", "---"])
    if r.count == 4 {
        row(["photo size", r[1], "1920x1080"])
        row(["call → success, median of 20 (JS Date.now)", "\(r[2]) ms", "≤ 20 ms"])
        row(["call → success, worst of 20", "\(r[3]) ms", ""])
    }
    // The encode step alone, in Swift.
    let cam = SyntheticCamera(width: 1920, height: 1080, clock: ManualClock())
    try cam.open(CameraConfiguration(pacing: .unpaced))
    let sem = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var encodeMs = 0.0
    Task.detached {
        let frame = try await cam.nextFrame()
        let request = PhotoRequest(quality: .normal, resolution: .high, dateTime: "2026:01:01 00:00:00")
        _ = try PhotoEncoder.encode(frame, request)
        let t0 = now()
        for _ in 0..<10 { _ = try PhotoEncoder.encode(frame, request) }
        encodeMs = (now() - t0) * 100
        sem.signal()
    }
    sem.wait()
    row(["PhotoEncoder.encode alone (convert + JPEG + EXIF)", String(format: "%.1f ms", encodeMs), ""])
}

// MARK: 3. Scan-code analysis

print()
print("## Scan-code analysis of 640x480 frames (synthetic card with a QR code, unpaced)")
print()
do {
    let overlay = try CameraEnvironment.overlay(format: .qrCode, text: "https://example.com/camera-bench")
    let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock(), overlay: overlay)
    try cam.open(CameraConfiguration(pacing: .unpaced))
    let sem = DispatchSemaphore(value: 0)
    nonisolated(unsafe) var out: (frames: Int, total: Double, zxing: Double, found: Int) = (0, 0, 0, 0)
    Task.detached {
        let scanner = BarcodeScanner(options: .camera)
        var dedupe = ScanDeduplicator()
        var frames = 0, found = 0
        var zx = 0.0
        let t0 = now()
        while now() - t0 < 3 {
            let f = try await cam.nextFrame()
            let l = f.luma!
            let s0 = now()
            let r = try scanner.scan(luminance: l.baseAddress, width: f.width, height: f.height, bytesPerRow: l.bytesPerRow)
            zx += now() - s0
            found += dedupe.filter(r, at: f.captureTime).count
            frames += 1
        }
        out = (frames, now() - t0, zx, found)
        sem.signal()
    }
    sem.wait()
    row(["measure", "value", "target"])
    row(["---", "---", "---"])
    row(["frames analysed per second (frame + zxing + dedupe)", String(format: "%.0f", Double(out.frames) / out.total), "≥ 150"])
    row(["zxing decode per frame", String(format: "%.2f ms", out.zxing / Double(out.frames) * 1000), ""])
    row(["share of time in zxing", String(format: "%.0f %%", out.zxing / out.total * 100), ""])
    row(["scancode events (deduplicated)", "\(out.found)", "1"])
}

// MARK: 4. Recording with a frame listener

print()
print("## startRecord 720p30 (synthetic, paced) for 5 s while a JS frame listener also runs")
print()
row(["frames recorded", "dropped by the recorder", "frames to JS", "stopRecord → success", "targets"])
row(["---", "---", "---", "---", "---"])
do {
    let env = CameraEnvironment(spec: .synthetic(width: 1280, height: 720, frameRate: 30))
    let js = """
        Page({
          start() {
            const ctx = wx.createCameraContext()
            let frames = 0
            const listener = ctx.onCameraFrame(() => { frames++ })
            listener.start()
            ctx.startRecord({ success: () => {
              setTimeout(() => {
                const t0 = Date.now()
                ctx.stopRecord({ success: (r) => {
                  listener.stop()
                  console.log('result', Date.now() - t0, frames, r.tempVideoPath)
                }, fail: (e) => console.log('fail', e.errMsg) })
              }, 5000)
            }, fail: (e) => console.log('fail', e.errMsg) })
          },
        })
        """
    var dropped = 0
    var recorded = "?"
    let lines = runPage(js: js, wxml: #"<camera resolution="medium" frame-size="small"></camera>"#, calls: ["start"], environment: env) { session in
        // Sample the recorder's drop counter while the page runs, then count the file's frames
        // (the session's folder goes away with the run).
        for _ in 0..<80 {
            Thread.sleep(forTimeInterval: 0.1)
            if let c = CameraHub.of(session).controller { dropped = max(dropped, c.recordingDroppedFrames) }
        }
        let root = session.files.sandbox.root
        let files = (FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".mp4") }
        guard let file = files.first else { return }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error", "-count_frames", "-select_streams", "v", "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0",
                       root.appendingPathComponent(file).path]
        let out = Pipe()
        p.standardOutput = out
        try? p.run()
        recorded = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        p.waitUntilExit()
    }
    if let r = lines.first(where: { $0.hasPrefix("result ") })?.split(separator: " "), r.count == 4 {
        row([recorded, "\(dropped)", String(r[2]), "\(r[1]) ms", "0 dropped, stop ≤ 300 ms (5 s clip)"])
    } else {
        print("recording failed: \(lines)")
    }
}
