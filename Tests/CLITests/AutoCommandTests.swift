import Foundation
import Testing

/// `minimedia auto`'s usage errors (the protocol itself: MiniAutomationTests).
@Suite struct AutoCommandTests {
    static let app = CLI.root.appendingPathComponent("Tests/AutomationFixtures/app").path

    @Test func badOptionsExitTwoNamingTheOption() async throws {
        let port = try await CLI.run(["auto", Self.app, "--auto-port", "70000"])
        #expect(port.status == 2)
        #expect(port.stderr.contains("--auto-port must be 0...65535"))
        let wait = try await CLI.run(["auto", Self.app, "--auto-port", "0", "--answer-timeout", "0"])
        #expect(wait.status == 2)
        #expect(wait.stderr.contains("--answer-timeout must be a positive number of seconds"))
        let delay = try await CLI.run(["auto", Self.app, "--auto-port", "0", "--reply-delay", "-1"])
        #expect(delay.status == 2)
        let missing = try await CLI.run(["auto", "/nonexistent/app", "--auto-port", "0"])
        #expect(missing.status == 2)
        let noPort = try await CLI.run(["auto", Self.app])
        #expect(noPort.status == 2)
        #expect(noPort.stderr.contains("--auto-port"))
    }
}
