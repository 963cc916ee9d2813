import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniNet

/// Runs a script in a fresh session over `directory` (so storage persists from run to run),
/// with a network policy, and collects what it printed.
struct PageRun {
    let lines: [String]
    let errors: [String]
    let uncaught: String?
    let session: AppSession

    static func run(
        _ source: String, dialect: Dialect = .wx, directory: TemporaryDirectory = TemporaryDirectory(),
        network: NetworkAccess = NetworkAccess(), tempQuota: Int64? = nil, timeout: Double = 60,
        prepare: (AppSession) throws -> Void = { _ in }
    ) async throws -> PageRun {
        let test = try TestSession(dialect: dialect, directory: directory, tempQuota: tempQuota, network: network)
        try prepare(test.session)
        let output = CapturedOutput()
        var config = MiniAppConfiguration()
        config.timeout = timeout
        config.output = output
        let app = try MiniApp(config, session: test.session)
        await app.evaluate(source, url: "test.js")
        _ = await app.stop()
        return PageRun(lines: output.lines, errors: output.errors, uncaught: app.uncaughtError, session: test.session)
    }

    /// Access to `server` only (its numeric address is the explicit allowance), with a trace.
    static func access(_ server: HTTPTestServer, trace: (@Sendable (String) -> Void)? = nil) -> NetworkAccess {
        NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost(server.allowedHost)!]), trace: trace)
    }
}
