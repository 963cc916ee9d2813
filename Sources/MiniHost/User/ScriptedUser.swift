import Foundation
import MiniCore
import MiniStorage

/// A user who answers from a script (or, where told to, on the terminal) and remembers every
/// prompt and notice: the headless CLI's user and the tests'.
public final class ScriptedUser: SimulatedUser, @unchecked Sendable {
    /// How consent prompts are answered (`--consent`).
    public enum Consent: Sendable {
        case allow, deny
        /// Asked on the terminal (stderr/stdin).
        case terminal
        /// These answers in order; when they run out the prompt fails like a missing user.
        case answers([Bool])
    }

    /// How album pickers are answered (`--picker`).
    public enum Picking: Sendable {
        /// The newest `count` items; an empty album is a cancel.
        case first
        case cancel
        /// Chosen on the terminal.
        case terminal
        /// These ids, in order (ids not offered are skipped; none left is a cancel).
        case ids([Int64])
    }

    private let lock = NSLock()
    private var consentPolicy: Consent
    private let picking: Picking
    private let settingsChanges: [Scope: Bool]
    private let display: (@Sendable (String) -> Void)?
    private let terminal: TerminalUser
    private var _prompts: [UserPrompt] = []
    private var _notices: [UserNotice] = []

    /// - Parameters:
    ///   - settingsChanges: what the user flips on the settings page (only scopes already asked).
    ///   - display: where notices are printed, one line each (nil: only remembered).
    public init(
        consent: Consent = .deny, picking: Picking = .first, settingsChanges: [Scope: Bool] = [:],
        display: (@Sendable (String) -> Void)? = nil, terminal: TerminalUser = TerminalUser()
    ) {
        consentPolicy = consent
        self.picking = picking
        self.settingsChanges = settingsChanges
        self.display = display
        self.terminal = terminal
    }

    /// Every prompt so far, oldest first.
    public var prompts: [UserPrompt] { lock.withLock { _prompts } }
    /// Every notice so far, oldest first.
    public var notices: [UserNotice] { lock.withLock { _notices } }
    /// The scopes consent was asked for, in order.
    public var asked: [Scope] {
        prompts.compactMap { if case .consent(_, let scope, _) = $0 { scope } else { nil } }
    }
    /// How often the settings page was opened.
    public var settingsOpened: Int {
        prompts.count { if case .settings = $0 { true } else { false } }
    }

    public func respond(to prompt: UserPrompt) async throws -> UserResponse {
        lock.withLock { _prompts.append(prompt) }
        switch prompt {
        case .consent(_, let scope, let dialect):
            switch lock.withLock({ consentPolicy }) {
            case .allow: return .consent(true)
            case .deny: return .consent(false)
            case .terminal: return try await terminal.respond(to: prompt)
            case .answers:
                return try lock.withLock {
                    guard case .answers(var left) = consentPolicy, !left.isEmpty else {
                        throw MediaError.internalError("no scripted answer left for \(scope.name(in: dialect))")
                    }
                    let next = left.removeFirst()
                    consentPolicy = .answers(left)
                    return .consent(next)
                }
            }
        case .settings(_, let current, _):
            if case .terminal = lock.withLock({ consentPolicy }) { return try await terminal.respond(to: prompt) }
            var out = current
            for (scope, value) in settingsChanges where current[scope] != nil { out[scope] = value }
            return .settings(out)
        case .pick(let items, let count):
            switch picking {
            case .first: return items.isEmpty ? .cancelled : .picked(items.prefix(count).map(\.id))
            case .cancel: return .cancelled
            case .ids(let ids): return .picked(ids)
            case .terminal: return try await terminal.respond(to: prompt)
            }
        }
    }

    public func show(_ notice: UserNotice) {
        lock.withLock { _notices.append(notice) }
        display?(Self.describe(notice))
    }

    /// One line for a notice: `[ui] previewImage current=<url> urls=[<url>, …]`.
    public static func describe(_ notice: UserNotice) -> String {
        switch notice {
        case .preview(let urls, let current): "[ui] previewImage current=\(current) urls=[\(urls.joined(separator: ", "))]"
        case .authGuide(let authType): "[ui] showAuthGuide authType=\(authType)"
        }
    }
}
