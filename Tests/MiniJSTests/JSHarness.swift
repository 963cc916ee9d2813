import Foundation
import MiniCore
import MiniHost
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
    func run(_ source: String, timeout: Double = 10) async -> JSRuntime.RunResult {
        await withCheckedContinuation { cont in
            Thread.detachNewThread { [self] in
                do {
                    let runtime = try JSRuntime(session: test.session, packageRoot: test.directory.file("package"), output: output)
                    let result = runtime.evaluate(source, url: "test.js") ? runtime.run(timeout: timeout) : .uncaughtError
                    uncaughtError = runtime.uncaughtError
                    cont.resume(returning: result)
                } catch {
                    uncaughtError = "\(error)"
                    cont.resume(returning: .uncaughtError)
                }
            }
        }
    }

    var lines: [String] { output.lines }
}
