import Foundation
import MiniMediaTesting

/// Runs the built `minimedia` binary (`make test` builds it first).
struct CLI {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/minimedia")
    static let fixtures = root.appendingPathComponent("Tests/CLIFixtures")

    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
        var lines: [String] { stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).filter { !$0.isEmpty } }
    }

    /// Runs `minimedia ARGS` with a private data dir (unless `--data-dir` is given), waiting on a
    /// thread of its own so the cooperative pool stays free for other tests.
    static func run(_ args: [String], dataDir: String? = nil, stdin: String? = nil, binary: URL = binary) async throws -> Output {
        try await offCooperativePool { try runBlocking(args, dataDir: dataDir, stdin: stdin, binary: binary) }
    }

    private static func runBlocking(_ args: [String], dataDir: String?, stdin: String?, binary: URL) throws -> Output {
        let p = ChildProcess()
        p.executableURL = binary
        var full = args
        // A data dir made for this run alone is removed with what the process wrote into it.
        var scratch: TemporaryDirectory?
        if ["run", "permissions", "album"].contains(args.first), !args.contains("--data-dir") {
            let dir = dataDir ?? {
                scratch = TemporaryDirectory("mm-cli")
                return scratch!.path
            }()
            full += ["--data-dir", dir]
        }
        defer { scratch?.remove() }
        p.arguments = full
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Output(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
    }

    static func fixture(_ path: String) -> String { fixtures.appendingPathComponent(path).path }

    /// An image from the imaging test fixtures.
    static func image(_ name: String) -> String {
        root.appendingPathComponent("Tests/MiniImagingTests/Fixtures").appendingPathComponent(name).path
    }

    /// A data dir several runs share; removed when the test lets go of it.
    static func newDataDir() -> TemporaryDirectory { TemporaryDirectory("mm-cli") }
}
