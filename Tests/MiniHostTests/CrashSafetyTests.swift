import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("Permission decisions survive a process kill")
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

    static func runAndKill(_ dir: TemporaryDirectory, after seconds: Double) throws -> ([Substring], Process.TerminationReason) {
        let process = Process()
        process.executableURL = Self.probe
        process.arguments = [dir.path, "crash.app"]
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
}
