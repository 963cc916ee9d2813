import CJavaScriptCore
import Foundation

/// Ends JS that runs past the run's deadline (`--timeout`), even inside `while (true) {}`.
///
/// JavaScriptCore's watchdog (`JSContextGroupSetExecutionTimeLimit`) asks its callback once an
/// entry into JS has run `slice` seconds; the callback re-arms it, so a long script is checked
/// every slice. Past the deadline the answer is yes and the script ends with an exception page
/// code cannot catch (not even with `try`/`finally`). The loop then sees the
/// deadline and the run ends as timed out, not as an uncaught error. Under the deadline the
/// script runs on: the slice only bounds how late after the deadline it stops.
final class ScriptWatchdog: @unchecked Sendable {
    /// How often running JS is checked against the deadline (seconds).
    static let slice = 0.1
    private let lock = NSLock()
    private var _deadline = Double.infinity
    private var _fired = false

    /// The real time (`EventLoop.now()`) after which running JS is ended.
    var deadline: Double {
        get { lock.withLock { _deadline } }
        set {
            lock.withLock {
                if newValue != _deadline { _fired = false }
                _deadline = newValue
            }
        }
    }

    /// Whether the watchdog ended a script since the deadline was last set.
    var fired: Bool { lock.withLock { _fired } }

    /// Arms the watchdog for `ctx`'s context group; the runtime clears it before the watchdog
    /// goes.
    func install(on ctx: JSContextRef) {
        JSContextGroupSetExecutionTimeLimit(JSContextGetGroup(ctx), Self.slice, Self.callback, Unmanaged.passUnretained(self).toOpaque())
    }

    /// JSC asks once per arming: a script allowed to go on gets the watchdog armed again (from
    /// inside the callback, which JSC permits), so it is asked again one slice later.
    private static let callback: JSShouldTerminateCallback = { ctx, context in
        guard let ctx, let context else { return false }
        let watchdog = Unmanaged<ScriptWatchdog>.fromOpaque(context).takeUnretainedValue()
        if watchdog.shouldTerminate() { return true }
        watchdog.install(on: ctx)
        return false
    }

    private func shouldTerminate() -> Bool {
        lock.withLock {
            guard EventLoop.now() >= _deadline else { return false }
            _fired = true
            return true
        }
    }
}
