import Foundation
import MiniCore
import MiniHost

/// The simulated user of an app under automation: the automation client answers its prompts
/// through `Tool.native` (allow/deny a permission, confirm/cancel a modal, pick from the album,
/// tap an action-sheet item).
///
/// A prompt the page raises waits for the client's answer; an answer the client gives before
/// the page asks is kept for the next prompt of its kind (so a test may say "allow" first and
/// then tap the button that asks). A prompt nobody answers within `answerTimeout` seconds goes
/// to `fallback` (the `--consent`/`--modal`/`--picker` answers of the command line), which
/// fails it when it has no answer either.
public final class AutomationUser: SimulatedUser, AutomationAnswering, @unchecked Sendable {
    /// What the client can answer, by the kind of prompt it fits.
    public enum Answer: Sendable, Equatable {
        case consent(Bool)
        case modal(confirm: Bool, content: String?)
        /// Album picks by position in the offered list (0 = newest); empty picks the first.
        case pick([Int])
        case sheet(Int?)

        /// Whether this answer is one for `prompt` (a consent for a consent prompt, …).
        public func fits(_ prompt: UserPrompt) -> Bool {
            switch (self, prompt) {
            case (.consent, .consent), (.modal, .modal), (.pick, .pick), (.sheet, .actionSheet): true
            default: false
            }
        }
    }

    private struct Waiting {
        let id: Int
        let prompt: UserPrompt
        let resume: @Sendable (Answer?) -> Void
    }

    private let lock = NSLock()
    private let fallback: any SimulatedUser
    private let answerTimeout: Double
    private var queued: [Answer] = []
    private var waiting: [Waiting] = []
    private var nextID = 0
    private var _notices: [UserNotice] = []

    public init(fallback: any SimulatedUser, answerTimeout: Double = 30) {
        self.fallback = fallback
        self.answerTimeout = answerTimeout
    }

    /// The prompts waiting for an answer now, oldest first.
    public var pendingPrompts: [UserPrompt] { lock.withLock { waiting.map(\.prompt) } }

    /// What the app showed (toasts, previews, titles), oldest first.
    public var notices: [UserNotice] { lock.withLock { _notices } }

    /// Answers the oldest waiting prompt `answer` fits; with none waiting, keeps it for the next.
    /// Returns whether a waiting prompt took it.
    @discardableResult
    public func give(_ answer: Answer) -> Bool {
        let taker: Waiting? = lock.withLock {
            if let i = waiting.firstIndex(where: { answer.fits($0.prompt) }) { return waiting.remove(at: i) }
            queued.append(answer)
            return nil
        }
        taker?.resume(answer)
        return taker != nil
    }

    public func respond(to prompt: UserPrompt) async throws -> UserResponse {
        if let early = lock.withLock({ () -> Answer? in
            guard let i = queued.firstIndex(where: { $0.fits(prompt) }) else { return nil }
            return queued.remove(at: i)
        }) {
            return early.response(to: prompt)
        }
        let id = lock.withLock { () -> Int in
            nextID += 1
            return nextID
        }
        let once = Once<Answer?>()
        let answer: Answer? = await withCheckedContinuation { continuation in
            once.set { continuation.resume(returning: $0) }
            lock.withLock { waiting.append(Waiting(id: id, prompt: prompt, resume: { once.fire($0) })) }
            let timeout = answerTimeout
            Task.detached { [weak self] in
                try? await Task.sleep(for: .seconds(timeout))
                self?.lock.withLock { self?.waiting.removeAll { $0.id == id } }
                once.fire(nil)
            }
        }
        guard let answer else { return try await fallback.respond(to: prompt) }
        return answer.response(to: prompt)
    }

    public func show(_ notice: UserNotice) {
        lock.withLock { _notices.append(notice) }
        fallback.show(notice)
    }

}

extension AutomationUser.Answer {
    /// The user's response this answer gives to `prompt` (one it `fits`).
    public func response(to prompt: UserPrompt) -> UserResponse {
        switch (self, prompt) {
        case (.consent(let allowed), _): return .consent(allowed)
        case (.modal(let confirm, let content), _): return .modal(confirm: confirm, content: content)
        case (.pick(let positions), .pick(let items, let count)):
            let chosen = (positions.isEmpty ? [0] : positions).filter(items.indices.contains).prefix(count).map { items[$0].id }
            return chosen.isEmpty ? .cancelled : .picked(Array(chosen))
        case (.sheet(let index), _): return index.map { .tapped($0) } ?? .cancelled
        default: return .cancelled
        }
    }
}

/// A value delivered once to a handler set once (whichever of the two comes first waits).
final class Once<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var handler: ((T) -> Void)?
    private var value: T?
    private var done = false

    func set(_ handler: @escaping (T) -> Void) {
        let ready: T? = lock.withLock {
            if let value, !done {
                done = true
                return value
            }
            self.handler = handler
            return nil
        }
        if let ready { handler(ready) }
    }

    func fire(_ v: T) {
        let h: ((T) -> Void)? = lock.withLock {
            guard !done else { return nil }
            if let handler {
                done = true
                self.handler = nil
                return handler
            }
            value = v
            return nil
        }
        h?(v)
    }
}

/// Who takes the automation client's `Tool.native` answers: `AutomationUser` (headless), or
/// the browser simulator's dialogs (`minimedia serve --auto-port`), where the person at the
/// browser and the client can both answer.
public protocol AutomationAnswering: AnyObject, Sendable {
    /// Answers the oldest waiting prompt `answer` fits; with none waiting, keeps it for the next
    /// prompt of its kind. Returns whether a waiting prompt took it.
    func give(_ answer: AutomationUser.Answer) -> Bool
    /// The prompts waiting for an answer now, oldest first.
    var pendingPrompts: [UserPrompt] { get }
}
