import Foundation
import MiniMediaTesting
import Testing
@testable import MiniImaging

/// Four concurrent pipelines in a child process (`imaging-stress`, built by `swift build`), so
/// the peak RSS measured is theirs alone and not the test runner's.
@Suite("Concurrent image bombs (child process)")
struct ConcurrentBombTests {
    static let tool = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(".build/debug/imaging-stress").path

    struct Report: Decodable {
        let results: [String]
        let seconds: Double
        let maxRSSBytes: Int
        let peakReservedBytes: Int
    }

    static func stress(_ args: [String]) async throws -> Report {
        try #require(FileManager.default.isExecutableFile(atPath: tool), "build first: swift build")
        return try await offCooperativePool {
            let p = Process()
            p.executableURL = URL(fileURLWithPath: tool)
            p.arguments = args
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return try JSONDecoder().decode(Report.self, from: data)
        }
    }

    static let mib = 1 << 20

    @Test("four concurrent compressImage calls on a 100-MP PNG fail at once and stay small")
    func hundredMegapixelPNG() async throws {
        let dir = TemporaryDirectory("bomb-png4")
        let path = try Crafted.write(Crafted.blackPNG(width: 10000, height: 10000), "100mp.png", in: dir.path)
        let r = try await Self.stress(["compress", "4", path, "1920"])
        #expect(r.results.count == 4)
        #expect(r.results.allSatisfy { $0.hasPrefix("tooLarge:") && $0.contains("memory budget") }, "\(r.results)")
        #expect(r.seconds < 2)
        #expect(r.maxRSSBytes < 512 * Self.mib, "peak RSS \(r.maxRSSBytes / Self.mib) MiB")
        #expect(r.peakReservedBytes == 0)
    }

    @Test("four concurrent compressImage calls on a 25-MP PNG all succeed, queued by the memory budget")
    func affordablePNG() async throws {
        let dir = TemporaryDirectory("bomb-png25")
        let path = try Crafted.write(Crafted.blackPNG(width: 5000, height: 5000), "25mp.png", in: dir.path)
        let r = try await Self.stress(["compress", "4", path, "1920"])
        #expect(r.results == Array(repeating: "ok 1920x1920", count: 4), "\(r.results)")
        // Each needs ~190 MB: without the budget the four together peak well past 512 MiB.
        #expect(r.maxRSSBytes < 512 * Self.mib, "peak RSS \(r.maxRSSBytes / Self.mib) MiB")
        #expect(r.peakReservedBytes <= ImagingMemoryBudget.shared.capacity)
        #expect(r.peakReservedBytes > 100 * Self.mib)
    }
}
