// capture-bench — throughput of the synthetic camera and of barcode scanning.
// Build and run in release: swift run -c release -j 1 capture-bench [seconds-per-row]
import CZXingShim
import MiniBarcode
import MiniCapture
import MiniCodec
import Foundation

let secondsPerRow = CommandLine.arguments.dropFirst().first.flatMap(Double.init) ?? 2.0
let budget = Duration.milliseconds(Int64(secondsPerRow * 1000))

func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
func fmt(_ v: Double, _ digits: Int = 1) -> String {
    var p = 1.0
    for _ in 0..<digits { p *= 10 }
    let r = (v * p).rounded() / p
    return String(r)
}
func row(_ name: String, _ fps: Double, _ extra: String = "") {
    print("| \(pad(name, 52)) | \(pad(fmt(fps), 10)) | \(pad(fmt(1000 / fps, 3), 9)) | \(pad(extra, 26)) |")
}

/// Runs `body` repeatedly for about `budget`; returns iterations per second.
func measure(_ body: () async throws -> Void) async rethrows -> (fps: Double, count: Int) {
    let clock = ContinuousClock()
    for _ in 0..<5 { try await body() } // warm-up
    let start = clock.now
    var n = 0
    while clock.now - start < budget {
        try await body()
        n += 1
    }
    let s = Double((clock.now - start).components.attoseconds) / 1e18 + Double((clock.now - start).components.seconds)
    return (Double(n) / s, n)
}

print("capture-bench: \(secondsPerRow) s per row, zxing-cpp \(zxs_version() / 10000).\(zxs_version() / 100 % 100).\(zxs_version() % 100)")
print("| \(pad("benchmark", 52)) | \(pad("frames/s", 10)) | \(pad("ms/frame", 9)) | \(pad("notes", 26)) |")
print("|\(String(repeating: "-", count: 54))|\(String(repeating: "-", count: 12))|\(String(repeating: "-", count: 11))|\(String(repeating: "-", count: 28))|")

// 1. Synthetic frame production, unpaced.
for (w, h) in [(1920, 1080), (1280, 720), (640, 480)] {
    let cam = SyntheticCamera(width: w, height: h)
    try cam.open(CameraConfiguration(pacing: .unpaced))
    let r = try await measure { _ = try await cam.nextFrame() }
    row("synthetic \(w)x\(h) I420, unpaced", r.fps, "buffers allocated: \(cam.statistics.buffersAllocated)")
    cam.close()
}

// 2. Scanning 640x480 frames with a QR code.
let qr = try BarcodeGenerator().generate("https://minimedia.example/scan?id=0123456789", format: .qrCode)
let overlay = CodeOverlay(width: qr.width, height: qr.height, modules: qr.bits, quietZone: 4, coverage: 0.6)
let cam = SyntheticCamera(width: 640, height: 480, overlay: overlay)
try cam.open(CameraConfiguration(pacing: .unpaced))
var frames: [CameraFrame] = []
for _ in 0..<30 { frames.append(try await cam.nextFrame()) } // 30 distinct frames (moving square, counter)

for (label, options) in [("QR only", ScanOptions.qrOnly), ("all formats", ScanOptions.camera)] {
    let scanner = BarcodeScanner(options: options)
    var i = 0
    var hits = 0
    let r = try await measure {
        let f = frames[i % frames.count]
        i += 1
        let l = f.luma!
        let res = try scanner.scan(luminance: l.baseAddress, width: f.width, height: f.height, bytesPerRow: l.bytesPerRow)
        if res.first?.type == .qrCode { hits += 1 }
    }
    row("BarcodeScanner 640x480 QR frame (\(label))", r.fps, "decoded \(hits)/\(i) frames")

    // zxing's own decode time through the shim, timed in C++ on one frame.
    var copts = zxs_decode_options()
    zxs_decode_options_default(&copts)
    copts.formats = options.formats.reduce(Int32(0)) { $0 | $1.zxingBit }
    copts.try_harder = options.tryHarder ? 1 : 0
    copts.try_rotate = options.tryRotate ? 1 : 0
    copts.try_downscale = options.tryDownscale ? 1 : 0
    copts.max_symbols = Int32(options.maxSymbols)
    let f = frames[0], l = f.luma!
    var found: Int32 = 0
    let iterations: Int32 = max(20, Int32(200 * secondsPerRow))
    let ns = zxs_benchmark_decode(l.baseAddress.assumingMemoryBound(to: UInt8.self), Int32(f.width), Int32(f.height),
                                  Int32(l.bytesPerRow), 1, ZXS_IMAGE_LUM, &copts, iterations, &found)
    let perFrameMs = ns / Double(iterations) / 1e6
    row("zxing direct (shim, C++ timed) 640x480 (\(label))", 1000 / perFrameMs, "\(iterations) runs, found \(found)")
}

// 3. Camera + scan pipeline.
do {
    let scanner = BarcodeScanner(options: .qrOnly)
    var dedup = ScanDeduplicator()
    var reported = 0
    let r = try await measure {
        let f = try await cam.nextFrame()
        let l = f.luma!
        let res = try scanner.scan(luminance: l.baseAddress, width: f.width, height: f.height, bytesPerRow: l.bytesPerRow)
        reported += dedup.filter(res, at: f.presentationTime).count
    }
    row("pipeline: synthetic 640x480 + scan + dedup (QR only)", r.fps, "codes reported: \(reported)")
}
frames.removeAll()
cam.close()

// 4. Recording: 720p30 synthetic frames → H.264 (libx264 veryfast, keyframe per second) + AAC in
//    a crash-safe fragmented MP4, then stop (remux to faststart); beside the ffmpeg CLI doing the
//    same encode (same frames piped, same x264 settings, same fragmented MP4) in the same run.
//    Three runs of each, interleaved (a 2-core machine's noise is larger than the gap): medians.
func seconds(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
func median(_ xs: [Double]) -> Double { xs.sorted()[xs.count / 2] }

struct RecordRun { var fps: Double; var cpuPerSecond: Double; var stopMs: Double; var frames: Int }

func recordOurs(seconds clip: Int, fps: Int, dir: String) async throws -> RecordRun {
    let rate = 44_100
    let cam = SyntheticCamera(width: 1280, height: 720)
    try cam.open(CameraConfiguration(pacing: .unpaced))
    defer { cam.close() }
    let recorder = try MP4Recorder(destination: dir + "/clip.mp4", workDirectory: dir,
                                   video: VideoEncodeSettings(width: 1280, height: 720, frameRate: fps),
                                   audio: AudioEncodeSettings(sampleRate: rate, channels: 1))
    let tone = (0..<(rate / fps)).map { Int16(8_000 * sin(2 * Double.pi * 1_000 * Double($0) / Double(rate))) }
    let wall = ContinuousClock()
    let cpu0 = Glibc.clock()
    let start = wall.now
    for n in 0..<(clip * fps) {
        let f = try await cam.nextFrame()
        let t = Duration.nanoseconds(Int64(n) * 1_000_000_000 / Int64(fps))
        try recorder.appendVideo(f.buffer.yuvPlanes, at: t)
        try tone.withUnsafeBufferPointer { try recorder.appendAudio($0, format: .init(sampleRate: rate, channels: 1), at: t) }
    }
    let encode = wall.now - start
    let stopStart = wall.now
    let summary = try recorder.finish()
    let stop = wall.now - stopStart
    let cpu = Double(Glibc.clock() - cpu0) / Double(CLOCKS_PER_SEC)
    try? FileManager.default.removeItem(atPath: dir + "/clip.mp4")
    return RecordRun(fps: Double(clip * fps) / seconds(encode), cpuPerSecond: cpu / Double(clip),
                     stopMs: seconds(stop) * 1000, frames: summary.videoFrames)
}

/// The CLI gets the same synthetic frames through a pipe (raw I420), produced the same way.
func recordCLI(seconds clip: Int, fps: Int, dir: String) async throws -> Double {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
    p.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pix_fmt", "yuv420p", "-s", "1280x720", "-r", "\(fps)",
                   "-i", "-", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100", "-t", "\(clip)", "-c:v", "libx264",
                   "-preset", "veryfast", "-crf", "23", "-g", "30", "-bf", "0", "-x264-params", "scenecut=0", "-threads", "2",
                   "-c:a", "aac", "-ac", "1", "-movflags", "frag_keyframe+empty_moov+default_base_moof", dir + "/cli.mp4"]
    let pipe = Pipe()
    p.standardInput = pipe
    let cam = SyntheticCamera(width: 1280, height: 720)
    try cam.open(CameraConfiguration(pacing: .unpaced))
    defer { cam.close() }
    let wall = ContinuousClock()
    let start = wall.now
    try p.run()
    for _ in 0..<(clip * fps) {
        let f = try await cam.nextFrame()
        for plane in f.planes { pipe.fileHandleForWriting.write(Data(plane.bytes)) }
    }
    try pipe.fileHandleForWriting.close()
    p.waitUntilExit()
    return Double(clip * fps) / seconds(wall.now - start)
}

do {
    let clip = 10, fps = 30
    let dir = "/tmp/capture-bench-\(getpid())"
    mkdir(dir, 0o700)
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    var ours: [RecordRun] = []
    var theirs: [Double] = []
    for _ in 0..<3 {
        ours.append(try await recordOurs(seconds: clip, fps: fps, dir: dir))
        theirs.append(try await recordCLI(seconds: clip, fps: fps, dir: dir))
    }
    let ourFPS = median(ours.map(\.fps)), cliFPS = median(theirs)
    row("record 720p30 H.264+AAC fragmented MP4 (MP4Recorder)", ourFPS,
        "\(fmt(median(ours.map(\.cpuPerSecond)), 2)) CPU s per recorded s; median of 3")
    print("| \(pad("stop: remux 10 s clip to faststart MP4", 52)) | \(pad("", 10)) | \(pad(fmt(median(ours.map(\.stopMs)), 1), 9)) | \(pad("\(ours[0].frames) frames (target ≤ 300 ms)", 26)) |")
    let runs = zip(ours, theirs).map { fmt($0.fps / $1, 2) }.joined(separator: " / ")
    row("ffmpeg CLI, same frames piped, same x264 + AAC + MP4", cliFPS,
        "ours: \(fmt(ourFPS / cliFPS, 2))× (target ≥ 0.9×; runs \(runs))")
}

// 5. compressVideo's work: a 10 s 1080p30 H.264 + AAC clip to 960x540 at 1.2 Mbit/s (the
//    `medium` preset) through MediaTranscoder, beside the ffmpeg CLI doing the same.
do {
    let dir = "/tmp/capture-bench-tc-\(getpid())"
    mkdir(dir, 0o700)
    defer { _ = try? FileManager.default.removeItem(atPath: dir) }
    func ffmpegCLI(_ args: [String]) throws -> Duration {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-hide_banner", "-loglevel", "error", "-y"] + args
        let start = ContinuousClock.now
        try p.run()
        p.waitUntilExit()
        return ContinuousClock.now - start
    }
    let source = dir + "/src.mp4"
    _ = try ffmpegCLI(["-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-f", "lavfi", "-i", "sine", "-t", "10",
                       "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", source])
    let start = ContinuousClock.now
    let ours = try MediaTranscoder.transcode(.file(source), to: dir + "/ours.mp4",
                                             target: .init(maxLongEdge: 960, videoBitRate: 1_200_000))
    let oursTime = ContinuousClock.now - start
    let cli = try ffmpegCLI(["-i", source, "-vf", "scale=960:540", "-c:v", "libx264", "-preset", "veryfast", "-b:v", "1200k", "-g", "30",
                             "-bf", "0", "-threads", "2", "-c:a", "aac", "-b:a", "96k", "-movflags", "+faststart", dir + "/cli.mp4"])
    func secs(_ d: Duration) -> Double { Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18 }
    let oursFps = Double(ours.videoFrames) / secs(oursTime), cliFps = 300 / secs(cli)
    let oursSize = (try? FileManager.default.attributesOfItem(atPath: dir + "/ours.mp4")[.size] as? Int) ?? 0
    let cliSize = (try? FileManager.default.attributesOfItem(atPath: dir + "/cli.mp4")[.size] as? Int) ?? 0
    row("compressVideo 10 s 1080p → 960x540 1.2 Mbit/s (MiniCodec)", oursFps, "\(oursSize / 1024) kB")
    row("ffmpeg CLI, same transcode", cliFps, "\(cliSize / 1024) kB; ours \(fmt(oursFps / cliFps, 2))×")
}
