import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import Testing

/// Embedders get the command line's time limit as `MiniAppConfiguration.timeout`: JS that
/// would never return is ended by the engine's watchdog and the run ends as timed out.
@Suite("MiniApp: the timeout ends runaway JS")
struct TimeLimitTests {
    func scriptApp(timeout: Double) throws -> (MiniApp, TestSession) {
        let test = try TestSession(registry: .foundation())
        var config = MiniAppConfiguration()
        config.timeout = timeout
        return (try MiniApp(config, session: test.session), test)
    }

    @Test func aBusyScriptEndsAtTheTimeoutAsATimeoutNotAnError() async throws {
        let (app, test) = try scriptApp(timeout: 1)
        _ = test
        let started = ContinuousClock.now
        // Neither catch nor finally can keep it alive.
        let finished = await app.evaluate("try { while (true) {} } catch (e) { for (;;) {} } finally { for (;;) {} }")
        let elapsed = ContinuousClock.now - started
        #expect(finished == false)
        #expect(app.uncaughtError == nil)
        #expect(elapsed >= .milliseconds(900) && elapsed < .seconds(90), "\(elapsed)")  // generous: loaded machines stall
        // A later script gets its own timeout and runs normally.
        #expect(await app.evaluate("console.log('still alive', 6 * 7)"))
        #expect(app.logLines == ["still alive 42"])
        #expect(await app.stop() == .idle)
    }

    @Test func aBusyTimerCallbackEndsTheRunAsTimedOut() async throws {
        let (app, test) = try scriptApp(timeout: 1)
        _ = test
        #expect(await app.evaluate("setTimeout(() => { console.log('spinning'); while (true) {} }, 0); setInterval(() => {}, 1000)"))
        let started = ContinuousClock.now
        #expect(await app.stop() == .timedOut)
        #expect(ContinuousClock.now - started < .seconds(90))
        #expect(app.logLines == ["spinning"])
        #expect(app.uncaughtError == nil)
    }

    @Test func everyUnhandledRejectionIsAnUncaughtError() async throws {
        let (app, test) = try scriptApp(timeout: 5)
        _ = test
        #expect(await app.evaluate("Promise.reject(new TypeError('nobody caught me')); Promise.reject(1).catch(() => console.log('caught'))"))
        _ = await app.stop()
        #expect(app.logLines == ["caught"])
        #expect(app.uncaughtError?.hasPrefix("TypeError: nobody caught me") == true, "\(app.uncaughtError ?? "nil")")
        #expect(app.errorLines.first?.hasPrefix("Uncaught (in promise) TypeError: nobody caught me") == true, "\(app.errorLines)")
    }
}
