import Foundation

/// One program whose cold start `make bench` measures: spawned as a new process each run (stdout
/// and stderr to /dev/null), timed on the wall clock, and its peak RSS and CPU time read from
/// `wait4`'s rusage.
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
    static func measure(_ programs: [StartUpProgram], runs: Int) -> [StartUpMeasurement] {
        var samples = programs.map { _ in [StartUpSample]() }
        var failures: [String?] = programs.map { access($0.path, X_OK) == 0 ? nil : $0.missing }
        // One untimed run each: page cache, dynamic loader cache.
        for round in 0...runs {
            for (i, program) in programs.enumerated() where failures[i] == nil {
                switch program.runOnce() {
                case .success(let sample): if round > 0 { samples[i].append(sample) }
                case .failure(let failure): failures[i] = failure.message
                }
            }
        }
        return programs.indices.map { i in StartUpMeasurement(program: programs[i], samples: samples[i], failure: failures[i]) }
    }

    /// One run: wall time, peak RSS, CPU time; a failure if it cannot start or exits non-zero.
    func runOnce() -> Result<StartUpSample, StartUpFailure> {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ([path] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let t0 = monotonicSeconds()
        let spawned = posix_spawn(&pid, path, &actions, nil, argv, environ)
        guard spawned == 0 else { return .failure(StartUpFailure("cannot start: \(String(cString: strerror(spawned)))")) }
        var status: Int32 = 0
        var usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
        let wall = monotonicSeconds() - t0
        // WIFEXITED / WEXITSTATUS, which Swift does not import as macros.
        guard status & 0x7f == 0, (status >> 8) & 0xff == 0 else {
            return .failure(StartUpFailure("exited with status \(status)"))
        }
        let cpu = seconds(usage.ru_utime) + seconds(usage.ru_stime)
        return .success(StartUpSample(wall: wall, cpu: cpu, peakKiB: usage.ru_maxrss))
    }

    private func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }

    private func monotonicSeconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
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
