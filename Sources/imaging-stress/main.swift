import Foundation
import MiniImaging

// imaging-stress (compress|decode) COUNT FILE [WIDTH]
// IMAGING_STRESS_BUDGET_MIB=N replaces the shared memory budget by one of N MiB (for comparisons).
//
// Runs COUNT concurrent compressImage pipelines (or ImageDecoder.decode calls) on FILE, each on
// its own thread, and prints one JSON object: every call's outcome, the wall time and the
// process's peak RSS. The bomb tests run it as a child so the RSS is this work's alone.
let args = CommandLine.arguments
guard args.count >= 4, ["compress", "decode"].contains(args[1]), let count = Int(args[2]), count > 0 else {
    FileHandle.standardError.write(Data("usage: imaging-stress (compress|decode) COUNT FILE [WIDTH]\n".utf8))
    exit(2)
}
let mode = args[1], path = args[3]
let width = args.count > 4 ? Int(args[4]) : nil

final class Results: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func add(_ s: String) { lock.lock(); items.append(s); lock.unlock() }
    var all: [String] { lock.lock(); defer { lock.unlock() }; return items }
}

let limits: ImagingLimits = {
    guard let mib = ProcessInfo.processInfo.environment["IMAGING_STRESS_BUDGET_MIB"].flatMap(Int.init) else { return .default }
    return ImagingLimits(memoryBudget: ImagingMemoryBudget(capacity: mib << 20))
}()

@Sendable func run(mode: String, path: String, width: Int?) -> String {
    do {
        if mode == "compress" {
            let jpeg = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80),
                                                          compressedWidth: width, limits: limits)
            let h = try ImageProbe.probe(data: jpeg)
            return "ok \(h.width)x\(h.height)"
        }
        let image = try ImageDecoder.decode(path: path, targetLongEdge: width, limits: limits)
        return "ok \(image.pixels.width)x\(image.pixels.height)"
    } catch let e as ImagingError {
        return "\(e.code.rawValue): \(e.message)"
    } catch {
        return "error: \(error)"
    }
}

let results = Results()
let group = DispatchGroup()
let start = Date()
for _ in 0 ..< count {
    group.enter()
    Thread.detachNewThread { [mode, path, width] in
        results.add(run(mode: mode, path: path, width: width))
        group.leave()
    }
}
group.wait()
let seconds = Date().timeIntervalSince(start)
/// Peak resident memory of this process image: `VmHWM` of /proc/self/status. Not
/// `getrusage(RUSAGE_SELF).ru_maxrss`: Linux carries that across `execve` from the image before
/// it, and a child started with posix_spawn (vfork-like) began as its parent — a big test runner.
func peakRSSBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
        let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
        let kb = Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
    else { return -1 }
    return kb * 1024
}
let report: [String: Any] = [
    "results": results.all, "seconds": seconds, "maxRSSBytes": peakRSSBytes(),
    "peakReservedBytes": limits.memoryBudget.peakReserved,
]
let json = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
print(String(decoding: json, as: UTF8.self))
