import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("Permission decisions and files survive a process kill")
struct CrashSafetyTests {
    static var probe: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/minimedia-crashprobe")
    }

    @Test(arguments: [0.05, 0.12, 0.2, 0.31, 0.45])
    func killAtRandomMoments(after seconds: Double) async throws {
        let dir = TemporaryDirectory()
        // The subprocess part blocks: it runs on a thread of its own; the checks run here.
        let (lines, reason) = try await offCooperativePool { try Self.runAndKill(dir, after: seconds) }
        #expect(reason == .uncaughtSignal)
        try Self.check(dir, lines: lines)
    }

    static func runAndKill(_ dir: TemporaryDirectory, after seconds: Double, mode: [String] = []) throws
        -> ([Substring], ChildProcess.TerminationReason)
    {
        let process = ChildProcess()
        process.executableURL = Self.probe
        process.arguments = [dir.path, "crash.app"] + mode
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        // Start the clock once the writer is really writing (start-up time varies with load).
        var head = Data()
        while !head.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            head += chunk
        }
        Thread.sleep(forTimeInterval: seconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        head += pipe.fileHandleForReading.readDataToEndOfFile()
        return (String(decoding: head, as: UTF8.self).split(separator: "\n"), process.terminationReason)
    }

    static func check(_ dir: TemporaryDirectory, lines: [Substring]) throws {
        var acked: [Scope: Bool] = [:]
        for line in lines {
            let parts = line.split(separator: " ")
            guard parts.count == 4, let scope = Scope(rawValue: String(parts[2])), parts[3] == "true" || parts[3] == "false" else {
                continue
            }
            acked[scope] = parts[3] == "true"
        }
        let last = lines.compactMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.max() ?? 0
        let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: dir.url), appID: try AppID("crash.app"), packageDir: nil)
        let store = try PermissionStore(sandbox: sandbox)
        #expect(try store.integrityCheck() == "ok")
        let stored = Dictionary(uniqueKeysWithValues: try store.all().map { ($0.scope, $0.granted) })
        // Every acknowledged decision is there, except possibly the one being written after it
        // (the commit that was in flight may have landed without its ack being printed).
        let inFlight = Scope.allCases[(last + 1) % Scope.allCases.count]
        for (scope, granted) in acked where scope != inFlight {
            #expect(stored[scope] == granted, "scope \(scope) after \(last) acks")
        }
        #expect(last > 0)
    }

    /// A file rewritten in a loop and killed mid-write, again and again in one data dir: the
    /// file is always one whole write (the acknowledged one or the next), JS never sees a
    /// partial file, and no space is lost to the quota however many kills pile up.
    @Test func killedWritesLoseNoQuota() async throws {
        let dir = TemporaryDirectory()
        let kills = ProcessInfo.processInfo.environment["MINIMEDIA_CRASH_KILLS"].flatMap { Int($0) } ?? 8
        var leftBehind = 0
        for k in 0..<kills {
            let (lines, reason) = try await offCooperativePool {
                try Self.runAndKill(dir, after: [0.01, 0.04, 0.09, 0.15][k % 4], mode: ["write"])
            }
            #expect(reason == .uncaughtSignal)
            let last = lines.compactMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.max() ?? 0
            let partial = dir.file("apps/crash.app/partial")
            leftBehind += ((try? FileManager.default.contentsOfDirectory(atPath: partial.path)) ?? []).count
            // What JS sees, before any sweep: only the file itself.
            #expect(try FileManager.default.contentsOfDirectory(atPath: dir.file("apps/crash.app/usr").path) == ["big.bin"])

            let sandbox = try AppSandbox(dataDirectory: DataDirectory(root: dir.url), appID: try AppID("crash.app"), packageDir: nil)
            let files = AppFiles(sandbox: sandbox, dialect: .wx, quota: 64 << 20)
            #expect(try FileManager.default.contentsOfDirectory(atPath: partial.path).isEmpty)
            #expect(files.usage() == 1 << 20)
            let bytes = try files.read("wxfile://usr/big.bin")
            #expect(bytes.count == 1 << 20)
            let first = bytes.first ?? 0
            #expect(bytes.allSatisfy { $0 == first }, "a torn write after \(last) acks")
            // The acknowledged write or the one in flight (each run counts from 1; with no ack
            // yet, the file may still hold the previous run's).
            if last > 0 { #expect([UInt8(last % 256), UInt8((last + 1) % 256)].contains(first), "after \(last) acks") }
        }
        print("crash: \(kills) kills mid-write, \(leftBehind) partial files left behind and swept, usage 1 MiB each time")
    }
}
