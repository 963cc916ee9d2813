// audio-bench: recording encode speed beside the ffmpeg CLI, RecorderManager start → onStart
// latency and onFrameRecorded jitter. Release build: swift build -c release --product audio-bench
import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStorage

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func row(_ cells: [String]) { print("| " + cells.joined(separator: " | ") + " |") }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s.isEmpty ? .nan : s[s.count / 2] }
func ms(_ x: Double) -> String { String(format: "%.2f ms", x * 1000) }

// MARK: 1. Encoding 60 s of 44.1 kHz stereo (the synthetic microphone's tones)

let dir = TemporaryDirectory("audio-bench")
let rate = 44_100, channels = 2, seconds = 60
// The synthetic microphone's signal: channel c is a sine at SyntheticMicrophone.frequency(channel: c).
var pcm = [Int16](repeating: 0, count: rate * channels * seconds)
for i in 0..<(rate * seconds) {
    for c in 0..<channels {
        let w = 2 * Double.pi * SyntheticMicrophone.frequency(channel: c) / Double(rate)
        pcm[i * channels + c] = Int16(SyntheticMicrophone.amplitude * sin(w * Double(i)))
    }
}
let rawPath = dir.file("input.s16le").path
FileManager.default.createFile(atPath: rawPath, contents: pcm.withUnsafeBytes { Data($0) })

/// Our encoder: 100 ms chunks (as the recorder feeds it) into a file; seconds taken.
@MainActor func ours(_ format: AudioFileFormat, bitRate: Int, to path: String) -> Double {
    let fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0o644)
    defer { close(fd) }
    let t0 = now()
    let enc = try! AudioFileEncoder(AudioFileSettings(format: format, sampleRate: rate, channels: channels, bitRate: bitRate), fd: fd)
    let step = rate / 10 * channels
    pcm.withUnsafeBufferPointer { p in
        var i = 0
        while i < p.count {
            try! enc.append(UnsafeBufferPointer(rebasing: p[i..<min(p.count, i + step)]))
            i += step
        }
    }
    _ = try! enc.finish()
    return now() - t0
}

/// The ffmpeg CLI on the same PCM (read from a cached file), wall time including its start-up.
@MainActor func ffmpeg(_ codec: String, bitRate: Int, to path: String) -> Double {
    let t0 = now()
    try! MediaTools.ffmpeg(["-f", "s16le", "-ar", "\(rate)", "-ac", "\(channels)", "-i", rawPath, "-c:a", codec, "-b:a", "\(bitRate)", path])
    return now() - t0
}

print("## Encoding 60 s of 44.1 kHz stereo (median of 5 runs each, interleaved; ffmpeg's time includes its process start)")
print()
row(["encode", "MiniMedia AudioFileEncoder", "ffmpeg CLI (same run)", "speed vs ffmpeg", "target"])
row(["---", "---", "---", "---", "---"])
for (format, codec, bitRate, ext) in [(AudioFileFormat.aac, "aac", 96_000, "m4a"), (.mp3, "libmp3lame", 128_000, "mp3")] {
    var a: [Double] = [], b: [Double] = []
    for i in 0..<5 {
        a.append(ours(format, bitRate: bitRate, to: dir.file("ours-\(i).\(ext)").path))
        b.append(ffmpeg(codec, bitRate: bitRate, to: dir.file("ffmpeg-\(i).\(ext)").path))
    }
    let ratio = median(b) / median(a)
    row(["\(format.rawValue) \(bitRate / 1000)k", ms(median(a)) + String(format: " (%.0f× real time)", 60 / median(a)),
         ms(median(b)) + String(format: " (%.0f× real time)", 60 / median(b)), String(format: "%.2f×", ratio),
         "≥ 0.9× " + (ratio >= 0.9 ? "✓" : "✗")])
}
print()

// MARK: 2 and 3. A page on the real clock

/// Runs a page with the audio module on the system clock; returns its console lines.
func runPage(_ js: String, calls: [String]) -> [String] {
    let d = TemporaryDirectory("audio-bench-page")
    let pkg = d.file("package")
    try! FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
    try! js.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
    try! "<view></view>".write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
    var registry = APIRegistry.foundation()
    try! AudioModule().register(into: &registry)
    let session = try! TestSession(directory: d, packageDir: pkg, registry: registry).session
    var config = MiniAppConfiguration(path: pkg.appendingPathComponent("index.js").path)
    config.timeout = 120
    let app = try! MiniApp(config, session: session)
    let done = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
        if app.openSync() { for c in calls where !app.tapSync(c) { break } }
        _ = app.stopSync()
        for e in app.errorLines { print("JS error:", e) }
        done.signal()
    }
    done.wait()
    return app.logLines
}

let latencyPage = """
    const rm = wx.getRecorderManager()
    let t0 = 0, n = 0
    rm.onStart(() => { console.log('latency ' + (Date.now() - t0)); setTimeout(() => rm.stop(), 50) })
    rm.onStop(() => { if (++n < 20) go() })
    function go() { t0 = Date.now(); rm.start({ format: 'aac', sampleRate: 44100, numberOfChannels: 2, encodeBitRate: 96000 }) }
    Page({ run() { go() } })
    """
let latencies = runPage(latencyPage, calls: ["run"]).compactMap { $0.hasPrefix("latency ") ? Double($0.dropFirst(8)) : nil }
print("## RecorderManager start → onStart (real clock, synthetic microphone, 20 starts; JS Date.now, 1 ms resolution)")
print()
row(["first (asks scope.record)", "median", "max of the rest", "target"])
row(["---", "---", "---", "---"])
let rest = Array(latencies.dropFirst())
row(["\(latencies.first.map { "\(Int($0)) ms" } ?? "?")", "\(Int(median(rest))) ms", "\(Int(rest.max() ?? .nan)) ms",
     "≤ 20 ms " + (median(rest) <= 20 ? "✓" : "✗")])
print()

let jitterPage = """
    const rm = wx.getRecorderManager()
    let last = 0
    const gaps = []
    rm.onFrameRecorded((f) => { const t = Date.now(); if (last) gaps.push(t - last); last = t })
    rm.onStop(() => console.log('gaps ' + JSON.stringify(gaps)))
    Page({ run() { rm.start({ format: 'PCM', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000, frameSize: 0.625, duration: 5000 }) } })
    """
let gapLine = runPage(jitterPage, calls: ["run"]).first { $0.hasPrefix("gaps ") } ?? "gaps []"
let gaps = (try? JSONSerialization.jsonObject(with: Data(gapLine.dropFirst(5).utf8))) as? [Double] ?? []
let mean = gaps.reduce(0, +) / Double(max(1, gaps.count))
let sd = (gaps.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(max(1, gaps.count))).squareRoot()
print("## onFrameRecorded intervals (PCM 16 kHz mono, frameSize 0.625 KB = 20 ms of audio, 5 s on the real clock)")
print()
row(["frames", "mean interval", "std dev", "min", "max"])
row(["---", "---", "---", "---", "---"])
row(["\(gaps.count + 1)", String(format: "%.1f ms", mean), String(format: "%.1f ms", sd), "\(Int(gaps.min() ?? .nan)) ms", "\(Int(gaps.max() ?? .nan)) ms"])
