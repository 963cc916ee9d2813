import Foundation
import MiniMediaTesting
import Testing

/// `minimedia serve --auto-port` validates its numbers before anything starts (exit 2, the
/// reason on stderr). The protocol itself is tested in headless chromium by
/// scripts/simulator-e2e.sh (`--auto`).
@Suite("minimedia serve: --auto-port")
struct ServeAutoPortTests {
    @Test func badPortsAreRefused() async throws {
        let tour = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/camera-tour").path
        let high = try await CLI.run(["serve", tour, "--auto-port", "99999"])
        #expect(high.status == 2)
        #expect(high.stderr.contains("--auto-port must be 0…65535 (got 99999)"), "\(high.stderr)")
        let same = try await CLI.run(["serve", tour, "--port", "9000", "--auto-port", "9000"])
        #expect(same.status == 2)
        #expect(same.stderr.contains("--auto-port must differ from --port"), "\(same.stderr)")
        let delay = try await CLI.run(["serve", tour, "--auto-port", "0", "--reply-delay=-1"])
        #expect(delay.status == 2)
        #expect(delay.stderr.contains("--reply-delay must be 0…10000 milliseconds"), "\(delay.stderr)")
    }
}
