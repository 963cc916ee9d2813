import MiniCore
import MiniHost
import Synchronization

/// The host's audio interruption (another app takes the microphone: a call, a voice chat), per
/// session. Embedders call `begin()` / `end()`; `minimedia run --audio-interruption
/// AFTER_MS[:LENGTH_MS]` schedules one through `AudioInterruptionPlan`. A recording pauses at
/// `begin` (onInterruptionBegin, then onPause) and hears onInterruptionEnd at `end`; it resumes
/// when the page calls `resume()`.
public final class AudioInterruption: Sendable {
    private struct State {
        var active = false
        var observers: [UInt64: @Sendable (Bool) -> Void] = [:]
        var next: UInt64 = 0
    }
    private let state = Mutex(State())

    public init() {}

    /// The interruption of `session`.
    public static func of(_ session: AppSession) -> AudioInterruption { session.service(AudioInterruption.self) { AudioInterruption() } }

    /// Whether an interruption is going on.
    public var isActive: Bool { state.withLock { $0.active } }

    /// Starts an interruption (no-op while one is going on).
    public func begin() { set(true) }

    /// Ends the interruption (no-op when none is going on).
    public func end() { set(false) }

    private func set(_ active: Bool) {
        let observers = state.withLock { s -> [@Sendable (Bool) -> Void] in
            guard s.active != active else { return [] }
            s.active = active
            return s.observers.sorted { $0.key < $1.key }.map(\.value)
        }
        observers.forEach { $0(active) }
    }

    /// Calls `handler(true)` at every begin and `handler(false)` at every end until `remove`.
    public func observe(_ handler: @escaping @Sendable (Bool) -> Void) -> UInt64 {
        state.withLock { s in
            s.next += 1
            s.observers[s.next] = handler
            return s.next
        }
    }

    public func remove(_ id: UInt64) { _ = state.withLock { $0.observers.removeValue(forKey: id) } }
}

/// An interruption scheduled on the session clock: `after` the first recording of the session
/// starts, lasting `length` (`--audio-interruption AFTER_MS[:LENGTH_MS]`, length default 1000 ms).
public struct AudioInterruptionPlan: Sendable, Equatable {
    public var after: Duration
    public var length: Duration

    public init(after: Duration, length: Duration = .seconds(1)) {
        self.after = after
        self.length = length
    }

    /// Parses `AFTER_MS[:LENGTH_MS]` (non-negative integers, length ≥ 1).
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), let after = Int(parts[0]), after >= 0, after <= 86_400_000 else {
            throw MediaError(.parameterError, "--audio-interruption: '\(text)': expected AFTER_MS[:LENGTH_MS], e.g. 500:1000")
        }
        var length = 1_000
        if parts.count == 2 {
            guard let l = Int(parts[1]), l >= 1, l <= 86_400_000 else {
                throw MediaError(.parameterError, "--audio-interruption: '\(text)': LENGTH_MS must be a whole number of milliseconds ≥ 1")
            }
            length = l
        }
        self.init(after: .milliseconds(after), length: .milliseconds(length))
    }

    /// Schedules the plan once per session, from now (called when a recording starts).
    func schedule(on session: AppSession) {
        let scheduler = session.service(PlanScheduled.self) { PlanScheduled() }
        guard scheduler.claim() else { return }
        let interruption = AudioInterruption.of(session)
        let clock = session.clock
        let start = clock.now()
        let work = session.events.keepAlive("audio interruption")
        Task {
            defer { work.end() }
            do { try await clock.sleep(until: start + after) } catch { return }
            interruption.begin()
            do { try await clock.sleep(until: start + after + length) } catch { return }
            interruption.end()
        }
    }
}

/// Whether a session's plan was scheduled.
private final class PlanScheduled: Sendable {
    private let done = Mutex(false)
    func claim() -> Bool { done.withLock { d in defer { d = true }; return !d } }
}
