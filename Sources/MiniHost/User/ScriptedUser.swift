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

    /// A scripted modal answer (`--modal confirm`, `--modal confirm:TEXT`, `--modal cancel`).
    public enum ModalAnswer: Sendable, Equatable {
        /// Confirm; an editable modal gets this text (nil: empty).
        case confirm(String?)
        case cancel
    }

    /// A scripted action-sheet answer (`--action-sheet 1`, `--action-sheet cancel`).
    public enum SheetAnswer: Sendable, Equatable {
        case tap(Int)
        case cancel
    }

    /// How modals and action sheets are answered.
    public enum Answers<Answer: Sendable & Equatable>: Sendable, Equatable {
        /// Asked on the terminal; with no terminal the prompt fails, naming the option.
        case terminal
        /// These answers in order; the last one answers every later prompt.
        case scripted([Answer])
    }

    private let lock = NSLock()
    private var consentPolicy: Consent
    private var modalAnswers: Answers<ModalAnswer>
    private var sheetAnswers: Answers<SheetAnswer>
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
        modals: Answers<ModalAnswer> = .terminal, actionSheets: Answers<SheetAnswer> = .terminal,
        display: (@Sendable (String) -> Void)? = nil, terminal: TerminalUser = TerminalUser()
    ) {
        consentPolicy = consent
        modalAnswers = modals
        sheetAnswers = actionSheets
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
        case .capture:
            // The picker's answer: `--picker cancel` cancels the camera screen too.
            switch picking {
            case .cancel: return .cancelled
            case .terminal: return try await terminal.respond(to: prompt)
            case .first, .ids: return .captured
            }
        case .pick(let items, let count):
            switch picking {
            case .first: return items.isEmpty ? .cancelled : .picked(items.prefix(count).map(\.id))
            case .cancel: return .cancelled
            case .ids(let ids): return .picked(ids)
            case .terminal: return try await terminal.respond(to: prompt)
            }
        case .modal(let request):
            let answer = try await answerModal(request, prompt)
            display?(Self.describe(request, answer))
            return answer
        case .actionSheet(let request):
            let answer: UserResponse
            switch next(\.sheetAnswers) {
            case nil: answer = try await terminal.respond(to: prompt)
            case .tap(let index)?: answer = .tapped(index)
            case .cancel?: answer = .cancelled
            }
            display?(Self.describe(request, answer))
            return answer
        }
    }

    private func answerModal(_ request: ModalRequest, _ prompt: UserPrompt) async throws -> UserResponse {
        // Only a confirm button and nothing to type: one possible answer, nobody is asked.
        if !request.showCancel && !request.editable { return .modal(confirm: true, content: nil) }
        let answer: UserResponse
        switch next(\.modalAnswers) {
        case nil: answer = try await terminal.respond(to: prompt)
        case .confirm(let text)?: answer = .modal(confirm: true, content: request.editable ? (text ?? "") : nil)
        case .cancel?: answer = .cancelled
        }
        // Without a cancel button, "cancel" can only close the dialog by its one button.
        if !request.showCancel, answer == .cancelled { return .modal(confirm: true, content: "") }
        return answer
    }

    /// The next scripted answer (the last one repeats); nil: ask on the terminal.
    private func next<A>(_ policy: ReferenceWritableKeyPath<ScriptedUser, Answers<A>>) -> A? {
        lock.withLock {
            guard case .scripted(var left) = self[keyPath: policy], let first = left.first else { return nil }
            if left.count > 1 {
                left.removeFirst()
                self[keyPath: policy] = .scripted(left)
            }
            return first
        }
    }

    /// One line for an answered modal: `[modal] Delete? — "This cannot be undone" → confirm`.
    public static func describe(_ request: ModalRequest, _ answer: UserResponse) -> String {
        var line = "[modal]"
        if !request.title.isEmpty { line += " \(request.title)" }
        if !request.content.isEmpty { line += request.title.isEmpty ? " \"\(request.content)\"" : " — \"\(request.content)\"" }
        switch answer {
        case .modal(true, let content?) where request.editable: line += " → confirm \"\(content)\""
        case .modal(true, _): line += " → confirm"
        default: line += " → cancel"
        }
        return line
    }

    /// One line for an answered action sheet: `[action-sheet] Camera | Album → 1 (Album)`.
    public static func describe(_ request: ActionSheetRequest, _ answer: UserResponse) -> String {
        var line = "[action-sheet] "
        if let alert = request.alertText, !alert.isEmpty { line += "\(alert): " }
        line += request.items.joined(separator: " | ")
        if case .tapped(let i) = answer {
            line += request.items.indices.contains(i) ? " → \(i) (\(request.items[i]))" : " → \(i) (no such item)"
        } else {
            line += " → cancel"
        }
        return line
    }

    public func show(_ notice: UserNotice) {
        lock.withLock { _notices.append(notice) }
        display?(Self.describe(notice))
    }

    /// One line for a notice: `[ui] previewImage current=<url> urls=[<url>, …]`.
    public static func describe(_ notice: UserNotice) -> String {
        switch notice {
        case .preview(let urls, let current): "[ui] previewImage current=\(current) urls=[\(urls.joined(separator: ", "))]"
        case .toast(let title, let icon, let duration, let mask):
            "[toast] \(title) (\(icon), \(duration) ms\(mask ? ", mask" : ""))"
        case .loading(let title, let mask): "[loading] \(title)\(mask ? " (mask)" : "")"
        case .hidden(let what): "[\(what)] hidden"
        case .navigationBarTitle(let title): "[navigation-bar] title \"\(title)\""
        case .navigationBarColor(let front, let background): "[navigation-bar] color \(front) on \(background)"
        case .vibrate(let long, let type): "[vibrate] \(long ? "long" : "short")\(type.map { " (\($0))" } ?? "")"
        case .authGuide(let authType): "[ui] showAuthGuide authType=\(authType)"
        }
    }
}
