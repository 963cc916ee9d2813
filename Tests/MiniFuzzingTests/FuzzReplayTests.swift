import Foundation
import MiniFuzzing
import Testing

/// Replays the committed seed corpus and every fuzzer finding (Fuzz/regressions/NAME, one file
/// per input that once crashed or hung a harness) through the same harness functions libFuzzer
/// drives. A regression that comes back crashes this test process.
@Suite("Fuzz corpus replay")
struct FuzzReplayTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs(_ folder: String, _ harness: FuzzHarness) -> [(name: String, bytes: [UInt8])] {
        let dir = root.appendingPathComponent(folder).appendingPathComponent(harness.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().compactMap { name in
            guard let data = FileManager.default.contents(atPath: dir.appendingPathComponent(name).path) else { return nil }
            return (name, [UInt8](data))
        }
    }

    @Test("every harness has seeds, and the seeds exercise the real parser", arguments: FuzzHarness.allCases)
    func seeds(_ harness: FuzzHarness) {
        let seeds = Self.inputs("corpus", harness)
        #expect(!seeds.isEmpty)
        let outcomes = seeds.map { harness.run($0.bytes) }
        switch harness {
        case .bmp, .gif, .png, .jpeg, .webp, .heif, .pipeline:
            // Real images of the harness's format decode (the harness is not a no-op).
            #expect(outcomes.contains { $0.hasPrefix("decoded(") }, "\(outcomes)")
        case .tiff:
            #expect(outcomes.contains("decoded(width: 48, height: 64)"), "\(outcomes)")
        case .exif:
            #expect(outcomes.contains("right"), "\(outcomes)")
        case .wxml:
            #expect(outcomes.contains { $0.hasSuffix("1 components") }, "\(outcomes)")
        case .binding:
            #expect(outcomes.contains("number(2.0); set"), "\(outcomes)")
        case .options:
            #expect(outcomes.contains { $0.hasSuffix("accessors succeeded") }, "\(outcomes)")
        case .esm:
            #expect(outcomes.contains { $0.hasPrefix("module ") } && outcomes.contains("script"), "\(outcomes)")
            #expect(outcomes.contains { $0.hasPrefix("syntax error ") }, "\(outcomes)")
        }
    }

    @Test("fuzzer findings stay fixed", arguments: FuzzHarness.allCases)
    func regressions(_ harness: FuzzHarness) {
        let start = ContinuousClock.now
        for input in Self.inputs("regressions", harness) {
            _ = harness.run(input.bytes)
        }
        // Hangs count too: all of one harness's regressions replay well inside libFuzzer's -timeout.
        #expect(ContinuousClock.now - start < .seconds(30))
    }
}
