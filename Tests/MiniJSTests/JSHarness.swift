import Foundation
import MiniCore
import MiniHost
import MiniApp
import MiniJS
import MiniMediaTesting

/// Runs a script in a fresh runtime on its own thread (never on Swift's cooperative pool, which
/// async API bodies need) and collects what it printed.
final class JSHarness: @unchecked Sendable {
    let test: TestSession
    let output = CapturedOutput()
    private(set) var uncaughtError: String?

    init(
        dialect: Dialect = .wx, user: any SimulatedUser = ScriptedUser(consent: .allow),
        registry: APIRegistry = .foundation()
    ) throws {
        test = try TestSession(dialect: dialect, user: user, registry: registry)
    }

    /// Evaluates `source` and runs the loop until idle.
    @discardableResult
    func run(_ source: String, timeout: Double = 60) async -> JSRuntime.RunResult {
        var config = MiniAppConfiguration()
        config.timeout = timeout
        config.output = output
        do {
            let app = try MiniApp(config, session: test.session)
            await app.evaluate(source, url: "test.js")
            let result = await app.stop()
            uncaughtError = app.uncaughtError
            return result
        } catch {
            uncaughtError = "\(error)"
            return .uncaughtError
        }
    }

    var lines: [String] { output.lines }
}
