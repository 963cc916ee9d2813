import Foundation

/// One program whose cold start `make bench` measures: a new process each run (stdout and stderr
/// to /dev/null), its wall time, peak RSS and CPU time read by scripts/cold-start.c.
struct StartUpProgram {
    let name: String
    let path: String
    let arguments: [String]
    /// Why the row is empty when `path` is not an executable.
    var missing = "not found"

    /// The first executable `name` on PATH.
    static func onPath(_ name: String) -> String? {
        let dirs = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":")
        return dirs.map { "\($0)/\(name)" }.first { access($0, X_OK) == 0 }
    }

    /// Runs every program `runs` times, round-robin so that a burst of load on the machine falls on
    /// all of them alike, and returns each one's medians.
    static func measure(_ programs: [StartUpProgram], runs: Int, launcher: String) -> [StartUpMeasurement] {
        var samples = programs.map { _ in [StartUpSample]() }
        var failures: [String?] = programs.map { access($0.path, X_OK) == 0 ? nil : $0.missing }
        if access(launcher, X_OK) != 0 {
            failures = failures.map { $0 ?? "no \(launcher) (scripts/bench.sh builds scripts/cold-start.c)" }
        }
        // One untimed run each: page cache, dynamic loader cache.
        for round in 0...runs {
            for (i, program) in programs.enumerated() where failures[i] == nil {
                switch program.runOnce(launcher: launcher) {
                case .success(let sample): if round > 0 { samples[i].append(sample) }
                case .failure(let failure): failures[i] = failure.message
                }
            }
        }
        return programs.indices.map { i in StartUpMeasurement(program: programs[i], samples: samples[i], failure: failures[i]) }
    }

    /// One run through `launcher` (scripts/cold-start.c): wall time, peak RSS, CPU time; a failure
    /// if it cannot start or exits non-zero. The launcher forks and execs the program itself: a
    /// process's `ru_maxrss` includes the high-water RSS of the address space it was exec'd from,
    /// which from this benchmark would be the benchmark's own.
    func runOnce(launcher: String) -> Result<StartUpSample, StartUpFailure> {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: launcher)
        p.arguments = [path] + arguments
        let out = Pipe()
        p.standardOutput = out
        do { try p.run() } catch { return .failure(StartUpFailure("cannot start \(launcher): \(error)")) }
        let line = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        // "wall-ns peak-KiB cpu-µs wait-status"
        let fields = line.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        guard p.terminationStatus == 0, fields.count == 4 else { return .failure(StartUpFailure("cold-start: \(line)")) }
        let status = Int32(fields[3])
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            return .failure(StartUpFailure("exited with status \(status)"))
        }
        return .success(StartUpSample(wall: Double(fields[0]) / 1e9, cpu: Double(fields[2]) / 1e6, peakKiB: fields[1]))
    }
}

struct StartUpSample {
    let wall: Double
    let cpu: Double
    let peakKiB: Int
}

struct StartUpFailure: Error {
    let message: String
    init(_ message: String) { self.message = message }
}

/// A program's medians over its runs (or why it has none).
struct StartUpMeasurement {
    let program: StartUpProgram
    let wall: Double
    let cpu: Double
    let peakKiB: Int
    let runs: Int
    let failure: String?

    init(program: StartUpProgram, samples: [StartUpSample], failure: String?) {
        func median<T: Comparable>(_ xs: [T], _ zero: T) -> T { xs.isEmpty ? zero : xs.sorted()[xs.count / 2] }
        self.program = program
        self.wall = median(samples.map(\.wall), 0)
        self.cpu = median(samples.map(\.cpu), 0)
        self.peakKiB = median(samples.map(\.peakKiB), 0)
        self.runs = samples.count
        self.failure = failure ?? (samples.isEmpty ? "no runs" : nil)
    }

    var summary: String {
        if let failure { return "\(program.name): \(failure)" }
        let figures = String(
            format: "%.1f ms wall, %.1f ms CPU, %.1f MiB peak RSS (median of %d)", wall * 1000, cpu * 1000, Double(peakKiB) / 1024, runs)
        return "\(program.name): \(figures)"
    }
}
