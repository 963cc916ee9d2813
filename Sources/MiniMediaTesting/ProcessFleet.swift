import Foundation

/// Several child processes started together: each is spawned blocked on a line of stdin, then
/// all are released at once (so they race on, say, a fresh data dir), and their output is
/// collected. Blocking: call it through `offCooperativePool`.
public enum ProcessFleet {
    public struct Result: Sendable {
        public let status: Int32
        public let stdout: String
        public let stderr: String
        public var lines: [Substring] { stdout.split(separator: "\n") }
    }

    /// Runs `executable` once per argument list, releases them together, waits for all.
    public static func run(_ executable: URL, _ argumentLists: [[String]]) throws -> [Result] {
        var running: [(ChildProcess, Pipe, Pipe, Pipe)] = []
        for arguments in argumentLists {
            let p = ChildProcess()
            p.executableURL = executable
            p.arguments = arguments
            let (input, out, err) = (Pipe(), Pipe(), Pipe())
            p.standardInput = input
            p.standardOutput = out
            p.standardError = err
            try p.run()
            running.append((p, input, out, err))
        }
        for (_, input, _, _) in running {
            input.fileHandleForWriting.write(Data("go\n".utf8))
            try input.fileHandleForWriting.close()
        }
        // Drain every pipe on its own thread so no child blocks on a full pipe.
        let group = DispatchGroup()
        let collected = Collected(count: running.count)
        for (i, (p, _, out, err)) in running.enumerated() {
            group.enter()
            Thread.detachNewThread {
                let o = out.fileHandleForReading.readDataToEndOfFile()
                let e = err.fileHandleForReading.readDataToEndOfFile()
                p.waitUntilExit()
                collected.set(i, Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                                        stderr: String(decoding: e, as: UTF8.self)))
                group.leave()
            }
        }
        group.wait()
        return collected.all
    }

    /// Where `swift build` puts the package's executables.
    public static func builtProduct(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug").appendingPathComponent(name)
    }

    private final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var results: [Result?]
        init(count: Int) { results = Array(repeating: nil, count: count) }
        func set(_ i: Int, _ r: Result) { lock.withLock { results[i] = r } }
        var all: [Result] { lock.withLock { results.map { $0! } } }
    }
}
