import Foundation
import MiniMediaTesting
import Testing

@Suite("minimedia run --microphone")
struct MicrophoneOptionTests {
    @Test func badSpecsAreUsageErrors() async throws {
        let page = CLI.fixture("basics/page.js")
        let bad = try await CLI.run(["run", page, "--consent", "deny", "--microphone", "speaker:1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--microphone: 'speaker:1': unknown microphone kind 'speaker'"), "\(bad.stderr)")
        let empty = try await CLI.run(["run", page, "--consent", "deny", "--microphone", "file:"])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("file spec needs a path"))
        for ok in ["synthetic", "alsa:default", "file:/tmp/voice.m4a"] {
            let r = try await CLI.run(["run", page, "--consent", "deny", "--microphone", ok])
            #expect(r.status == 0, "\(ok): \(r.stderr)")
        }
    }
}
