// imaging-bench: times the compressImage pipeline on a 12 MP JPEG and compares
// with vipsthumbnail. Build in release: swift build -c release -j 1
import Foundation
import MiniImaging

let runs = Int(ProcessInfo.processInfo.environment["BENCH_RUNS"] ?? "") ?? 15

func median(_ xs: [Double]) -> Double {
    let s = xs.sorted()
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func seconds(_ d: Duration) -> Double {
    Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

/// kB values from /proc/self/status.
func procStatus(_ key: String) -> Int {
    guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
    }
    return -1
}

func resetPeakRSS() -> Bool {
    guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? h.close() }
    do { try h.write(contentsOf: Data("5".utf8)); return true } catch { return false }
}

/// Deterministic "photo": smooth colour gradients, soft discs and sensor-like noise.
func makePhoto(width: Int, height: Int) throws -> PixelBuffer {
    var rng: UInt64 = 0x1234_5678_9ABC_DEF0
    func noise() -> Int {
        rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17
        return Int(rng % 33) - 16
    }
    var bytes = [UInt8](repeating: 255, count: width * height * 4)
    let discs: [(Double, Double, Double, (Int, Int, Int))] = [
        (0.3, 0.4, 0.18, (220, 60, 40)), (0.7, 0.6, 0.22, (40, 120, 200)), (0.55, 0.25, 0.1, (240, 220, 80)),
    ]
    for y in 0 ..< height {
        let fy = Double(y) / Double(height)
        for x in 0 ..< width {
            let fx = Double(x) / Double(width)
            var r = 60 + Int(120 * fx), g = 90 + Int(100 * fy), b = 150 - Int(80 * fx * fy)
            for (cx, cy, rad, c) in discs {
                let dx = (fx - cx) * Double(width) / Double(height), dy = fy - cy
                let d = (dx * dx + dy * dy).squareRoot()
                if d < rad {
                    let t = 1 - d / rad
                    r = Int(Double(r) * (1 - t) + Double(c.0) * t)
                    g = Int(Double(g) * (1 - t) + Double(c.1) * t)
                    b = Int(Double(b) * (1 - t) + Double(c.2) * t)
                }
            }
            let i = (y * width + x) * 4
            bytes[i] = UInt8(clamping: r + noise())
            bytes[i + 1] = UInt8(clamping: g + noise())
            bytes[i + 2] = UInt8(clamping: b + noise())
        }
    }
    return try PixelBuffer(width: width, height: height, bytes: bytes)
}

let dir = NSTemporaryDirectory() + "imaging-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
let keep = ProcessInfo.processInfo.environment["BENCH_KEEP"] == "1"
defer { if !keep { try? FileManager.default.removeItem(atPath: dir) } else { print("kept files in \(dir)") } }
let input = dir + "/in.jpg"
do {
    let photo = try makePhoto(width: 4000, height: 3000)
    try JPEGEncoder(quality: 90).write(photo, to: input)
}
let inputSize = (try FileManager.default.attributesOfItem(atPath: input)[.size] as? Int) ?? 0
print("input: 4000x3000 JPEG q90, \(inputSize / 1024) KiB, runs=\(runs)")

let clock = ContinuousClock()
let output = dir + "/out.jpg"

// Warm up (page cache, lazy library init).
_ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedWidth: 1920, outputPath: output)

// Peak RSS during one compress.
let baselineKB = procStatus("VmRSS")
let canReset = resetPeakRSS()
_ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedWidth: 1920, outputPath: output)
let peakKB = procStatus("VmHWM")
let peakDeltaMiB = Double(peakKB - baselineKB) / 1024

var compressTimes: [Double] = []
for _ in 0 ..< runs {
    let d = try clock.measure {
        _ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedWidth: 1920, outputPath: output)
    }
    compressTimes.append(seconds(d) * 1000)
}
let outHeader = try ImageProbe.probe(path: output)
let outSize = (try FileManager.default.attributesOfItem(atPath: output)[.size] as? Int) ?? 0

var probeTimes: [Double] = []
for _ in 0 ..< 200 {
    let d = try clock.measure { for _ in 0 ..< 10 { _ = try ImageProbe.probe(path: input) } }
    probeTimes.append(seconds(d) * 1e6 / 10)
}

let apiInfoTimes = try await measureGetImageInfo(input: input, dir: dir)

// Decode-only breakdown.
var decodeTimes: [Double] = []
for _ in 0 ..< max(3, runs / 2) {
    let d = try clock.measure { _ = try ImageDecoder.decode(path: input, targetLongEdge: 1920) }
    decodeTimes.append(seconds(d) * 1000)
}

// Stage breakdown: scaled decode (exactly 1/2 scale, no resize), resize, encode.
var stageDecode: [Double] = [], stageResize: [Double] = [], stageEncode: [Double] = []
let inputBytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: input)))
for _ in 0 ..< max(3, runs / 2) {
    var half: PixelBuffer?
    stageDecode.append(seconds(try clock.measure { half = try ImageDecoder.decode(data: inputBytes, targetLongEdge: 2000).pixels }) * 1000)
    var small: PixelBuffer?
    stageResize.append(seconds(try clock.measure { small = try half!.resized(width: 1920, height: 1440) }) * 1000)
    let encoder = try JPEGEncoder(quality: 80)
    stageEncode.append(seconds(try clock.measure { _ = try encoder.encode(small!) }) * 1000)
}

func runVips(_ args: [String]) -> Double? {
    let tool = "/usr/bin/vipsthumbnail"
    guard FileManager.default.isExecutableFile(atPath: tool) else { return nil }
    var times: [Double] = []
    for _ in 0 ..< runs {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: tool)
        p.arguments = args
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        let start = clock.now
        do { try p.run() } catch { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { return nil }
        times.append(seconds(clock.now - start) * 1000)
    }
    return median(times)
}
let vips = runVips([input, "-s", "1920", "-o", dir + "/vips.jpg[Q=80]"])
let vipsStartup = runVips(["--version"])

func row(_ name: String, _ value: String, _ target: String, _ ok: Bool?) {
    let status = ok.map { $0 ? "ok" : "MISSED" } ?? "-"
    print(name.padding(toLength: 47, withPad: " ", startingAt: 0)
        + value.padding(toLength: 16, withPad: " ", startingAt: 0)
        + target.padding(toLength: 18, withPad: " ", startingAt: 0) + status)
}
let compressMs = median(compressTimes)
print("")
row("metric", "value", "target", nil)
row(String(repeating: "-", count: 42), String(repeating: "-", count: 14), String(repeating: "-", count: 16), nil)
row("compress 4000x3000 -> 1920 q80 (median)", String(format: "%.1f ms", compressMs), "<= 60 ms", compressMs <= 60)
row("  min / max", String(format: "%.1f / %.1f", compressTimes.min()!, compressTimes.max()!), "", nil)
row("  ImageDecoder.decode(targetLongEdge: 1920)", String(format: "%.1f ms", median(decodeTimes)), "", nil)
row("  RGBA path (decode API, non-JPEG inputs):", "", "", nil)
row("  stage: DCT-scaled decode to 2000x1500", String(format: "%.1f ms", median(stageDecode)), "", nil)
row("  stage: resize 2000x1500 -> 1920x1440", String(format: "%.1f ms", median(stageResize)), "", nil)
row("  stage: JPEG encode 1920x1440 q80", String(format: "%.1f ms", median(stageEncode)), "", nil)
row("vipsthumbnail -s 1920 Q=80 (median, subproc)", vips.map { String(format: "%.1f ms", $0) } ?? "n/a",
    "slower than ours", vips.map { compressMs < $0 })
row("  vipsthumbnail --version (process startup)", vipsStartup.map { String(format: "%.1f ms", $0) } ?? "n/a", "", nil)
row("probe (median)", String(format: "%.1f us", median(probeTimes)), "<= 1000 us", median(probeTimes) <= 1000)
row("getImageInfo via the API path (median)", String(format: "%.1f us", median(apiInfoTimes)), "<= 1000 us",
    median(apiInfoTimes) <= 1000)
row("peak RSS delta during compress", canReset ? String(format: "%.1f MiB", peakDeltaMiB) : "n/a",
    "<= 64 MiB", canReset ? peakDeltaMiB <= 64 : nil)
print("")
print("output: \(outHeader.width)x\(outHeader.height) \(outHeader.format.rawValue), \(outSize / 1024) KiB")
