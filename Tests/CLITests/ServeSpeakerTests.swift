import Foundation
import MiniMediaTesting
import Testing

/// `minimedia serve --speaker` names a host speaker the Device panel offers beside "browser"
/// and "muted"; a spec that is not a device is refused before the page opens (exit 2). The
/// choice itself is tested by AudioControlsTests and in headless chromium (simulator e2e).
@Suite("minimedia serve: --speaker")
struct ServeSpeakerTests {
    @Test func onlyHostDevicesAreTaken() async throws {
        let tour = CLI.fixtures.deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Examples/camera-tour").path
        let browser = try await CLI.run(["serve", tour, "--port", "0", "--speaker", "browser"])
        #expect(browser.status == 2)
        #expect(browser.stderr.contains("--speaker takes a host device, alsa:DEVICE or file:PATH"), "\(browser.stderr)")
        let bad = try await CLI.run(["serve", tour, "--port", "0", "--speaker", "tape:1"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--speaker:"), "\(bad.stderr)")
        #expect(!bad.stdout.contains("http://127.0.0.1"), "nothing is served: \(bad.stdout)")
    }
}
