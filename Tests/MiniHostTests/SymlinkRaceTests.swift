import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

/// A local process swaps a folder of the sandbox for a link to outside, as fast as it can,
/// while page operations go through that folder. Every access is resolved beneath the area's
/// descriptor by the kernel (or the O_NOFOLLOW walk), so none may land outside, whatever the
/// timing. The same loop opening the checked host path by name does land outside (the control).
@Suite("Symlink swaps during file operations", .serialized)
struct SymlinkRaceTests {
    static var swapper: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/minimedia-swapper")
    }

    /// Attempts per walk (half reads, half writes): 4,000 in the suite, where the spinning
    /// swapper would otherwise take a core from other tests for long; `make sandbox-stress`
    /// runs 20,000 (`MINIMEDIA_RACE_ATTEMPTS`).
    static let attempts = ProcessInfo.processInfo.environment["MINIMEDIA_RACE_ATTEMPTS"].flatMap { Int($0) } ?? 4_000

    struct Tally: Sendable, CustomStringConvertible {
        var insideReads = 0, outsideReads = 0, refusedReads = 0, writes = 0, refusedWrites = 0, outsideFiles = 0
        var description: String {
            "reads inside \(insideReads) outside \(outsideReads) refused \(refusedReads); "
                + "writes \(writes) refused \(refusedWrites); files outside \(outsideFiles)"
        }
    }

    /// usr/d (holding f.txt = "inside") and usr/d.link → <outside> (holding f.txt = "OUTSIDE").
    static func setUp(walk: BeneathWalk) throws -> (SandboxCanary, URL) {
        let c = try SandboxCanary(walk: walk, quota: 1 << 30)
        let outside = c.directory.file("outside")
        try FileManager.default.createDirectory(at: outside, withIntermediateDirectories: true)
        try Data("OUTSIDE".utf8).write(to: outside.appendingPathComponent("f.txt"))
        try c.fs.mkdir("wxfile://usr/d")
        try c.fs.writeFile("wxfile://usr/d/f.txt", bytes: Array("inside".utf8))
        try FileManager.default.createSymbolicLink(
            atPath: c.sandbox.userDir.appendingPathComponent("d.link").path, withDestinationPath: outside.path)
        return (c, outside)
    }

    /// Runs `body` while the swapper runs; all of it off the cooperative pool.
    static func racing(_ c: SandboxCanary, _ body: @escaping @Sendable () -> Tally) async throws -> Tally {
        let usr = c.sandbox.userDir.path
        return try await offCooperativePool {
            let p = ChildProcess()
            p.executableURL = Self.swapper
            p.arguments = [usr + "/d", usr + "/d.link"]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            defer {
                kill(p.processIdentifier, SIGKILL)  // SIGTERM may be blocked in the mask it inherited
                p.waitUntilExit()
            }
            _ = out.fileHandleForReading.availableData  // "ready …": swapping has started
            return body()
        }
    }

    static func outsideCount(_ outside: URL) -> Int {
        ((try? FileManager.default.contentsOfDirectory(atPath: outside.path)) ?? []).filter { $0 != "f.txt" }.count
    }

    @Test(arguments: [BeneathWalk.kernel, .userSpace])
    func noAccessLandsOutside(walk: BeneathWalk) async throws {
        if walk == .kernel && BeneathWalk.automatic != .kernel { return }
        let (c, outside) = try Self.setUp(walk: walk)
        let fs = c.fs
        let n = Self.attempts
        let tally = try await Self.racing(c) {
            var t = Tally()
            for i in 0..<n {
                if i % 2 == 0 {
                    switch (try? fs.readFile("wxfile://usr/d/f.txt")).map({ String(decoding: $0.array, as: UTF8.self) }) {
                    case "inside": t.insideReads += 1
                    case nil: t.refusedReads += 1
                    default: t.outsideReads += 1
                    }
                } else {
                    do {
                        try fs.writeFile("wxfile://usr/d/w\(i % 8).txt", bytes: [1, 2, 3])
                        t.writes += 1
                    } catch { t.refusedWrites += 1 }
                }
            }
            return t
        }
        var t = tally
        t.outsideFiles = Self.outsideCount(outside)
        print("race \(walk) \(n) attempts: \(t)")
        #expect(t.outsideReads == 0, "\(t)")
        #expect(t.outsideFiles == 0, "\(t)")
        #expect(try String(contentsOf: outside.appendingPathComponent("f.txt"), encoding: .utf8) == "OUTSIDE")
        // The race really ran: some accesses met the link (refused) and some the folder.
        #expect(t.refusedReads + t.refusedWrites > 0, "\(t)")
        #expect(t.insideReads + t.writes > 0, "\(t)")
    }

    /// The control: checking a path and then opening it by name (what the sandbox used to do)
    /// does read outside under the same swapper. If this stops finding any, the race above
    /// proves nothing.
    @Test func checkThenOpenByNameLosesTheRace() async throws {
        let (c, _) = try Self.setUp(walk: .automatic)
        let files = c.files
        let tally = try await Self.racing(c) {
            var t = Tally()
            for _ in 0..<20_000 where t.outsideReads < 5 {
                guard let p = try? files.resolve("wxfile://usr/d/f.txt") else { t.refusedReads += 1; continue }
                let fd = open(p.hostPath, O_RDONLY | O_CLOEXEC)
                guard fd >= 0 else { t.refusedReads += 1; continue }
                let bytes = (try? OpenFile(adopting: fd).readAll()) ?? []
                if bytes == Array("OUTSIDE".utf8) { t.outsideReads += 1 } else { t.insideReads += 1 }
            }
            return t
        }
        print("race control (check, then open by name): \(tally)")
        #expect(tally.outsideReads > 0, "\(tally)")
    }
}
