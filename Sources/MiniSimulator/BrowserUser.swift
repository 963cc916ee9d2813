import Foundation
import MiniCore
import MiniHost
import Synchronization

/// The simulated user as the browser's dialogs: every `UserPrompt` is sent to the open page(s)
/// as a `prompt` message with an id and waits for the `answer` with that id (a page opened
/// later gets the prompts still waiting); every `UserNotice` is sent as a `notice` message.
/// Consent answers are recorded by the session's `PermissionGate` in the same permission store
/// as `minimedia run` and `minimedia permissions` use.
public final class BrowserUser: SimulatedUser {
    struct Pending {
        let message: String
        let continuation: CheckedContinuation<UserResponse, any Error>
        let prompt: UserPrompt
    }
    private struct State {
        var next = 1
        var pending: [Int: Pending] = [:]
        /// Answers given from elsewhere (an automation client) before their prompt came.
        var queued: [@Sendable (UserPrompt) -> UserResponse?] = []
        var closed = false
    }
    private let state = Mutex(State())
    private let send: @Sendable (String) -> Void

    /// - Parameter send: delivers one JSON text message to every connected browser.
    public init(send: @escaping @Sendable (String) -> Void) { self.send = send }

    /// The prompts still waiting, as messages (for a browser that connects now).
    var pendingMessages: [String] { state.withLock { $0.pending.sorted { $0.key < $1.key }.map(\.value.message) } }

    /// The prompts waiting for an answer now, oldest first.
    public var pendingPrompts: [UserPrompt] { state.withLock { $0.pending.sorted { $0.key < $1.key }.map(\.value.prompt) } }

    /// Answers from outside the browser (`minimedia serve --auto-port`'s `Tool.native`):
    /// `answer` gives the response for a prompt it fits (nil: not this one). The oldest waiting
    /// prompt it answers takes it (its dialog closes in the browser); with none, it is kept for
    /// the next prompt it answers. Returns whether a waiting prompt took it.
    @discardableResult
    public func give(_ answer: @escaping @Sendable (UserPrompt) -> UserResponse?) -> Bool {
        let taken = state.withLock { s -> (Int, Pending, UserResponse)? in
            for (id, p) in s.pending.sorted(by: { $0.key < $1.key }) {
                if let r = answer(p.prompt) {
                    s.pending.removeValue(forKey: id)
                    return (id, p, r)
                }
            }
            s.queued.append(answer)
            return nil
        }
        guard let (id, pending, response) = taken else { return false }
        pending.continuation.resume(returning: response)
        send(JSONText.message([("type", "promptClosed"), ("id", .number(Double(id)))]))
        return true
    }

    public func respond(to prompt: UserPrompt) async throws -> UserResponse {
        let early = state.withLock { s -> UserResponse? in
            for (i, answer) in s.queued.enumerated() {
                if let r = answer(prompt) {
                    s.queued.remove(at: i)
                    return r
                }
            }
            return nil
        }
        if let early { return early }
        return try await withCheckedThrowingContinuation { continuation in
            let message: String? = state.withLock { s in
                guard !s.closed else { return nil }
                let id = s.next
                s.next += 1
                let text = JSONText.message([("type", "prompt"), ("id", .number(Double(id)))] + Self.describe(prompt))
                s.pending[id] = Pending(message: text, continuation: continuation, prompt: prompt)
                return text
            }
            guard let message else {
                continuation.resume(throwing: MediaError.internalError("the simulator has stopped; nobody can answer"))
                return
            }
            send(message)
        }
    }

    public func show(_ notice: UserNotice) {
        send(JSONText.message([("type", "notice")] + Self.describe(notice)))
    }

    /// Applies the browser's answer to prompt `id`. Returns an error text for an answer that does
    /// not fit the prompt (the prompt keeps waiting), nil when it was taken.
    @discardableResult
    func answer(id: Int, _ answer: HostValue) -> String? {
        guard let pending = state.withLock({ $0.pending[id] }) else { return "no prompt \(id) is waiting" }
        guard let response = Self.response(to: pending.prompt, answer) else { return "answer does not fit prompt \(id)" }
        guard let taken = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return "prompt \(id) was already answered" }
        taken.continuation.resume(returning: response)
        send(JSONText.message([("type", "promptClosed"), ("id", .number(Double(id)))]))
        return nil
    }

    /// Fails the prompts waiting now (the app they came from is going away); later prompts are
    /// asked as usual.
    func failPending(_ reason: String) {
        let pending = state.withLock { s -> [(Int, Pending)] in
            defer { s.pending.removeAll() }
            return s.pending.map { ($0.key, $0.value) }
        }
        for (id, p) in pending {
            p.continuation.resume(throwing: MediaError.internalError(reason))
            send(JSONText.message([("type", "promptClosed"), ("id", .number(Double(id)))]))
        }
    }

    /// Fails every waiting prompt (the simulator stops).
    func close() {
        let pending = state.withLock { s -> [Pending] in
            s.closed = true
            defer { s.pending.removeAll() }
            return Array(s.pending.values)
        }
        for p in pending { p.continuation.resume(throwing: MediaError.internalError("the simulator has stopped; nobody can answer")) }
    }

    // MARK: Wire format

    static func describe(_ prompt: UserPrompt) -> [(String, HostValue)] {
        switch prompt {
        case .consent(let app, let scope, let dialect):
            return [("kind", "consent"), ("app", .string(app.rawValue)), ("scope", .string(scope.name(in: dialect)))]
        case .settings(let app, let current, let dialect):
            let scopes = current.sorted { $0.key < $1.key }.map { ($0.key.name(in: dialect), HostValue.bool($0.value)) }
            return [("kind", "settings"), ("app", .string(app.rawValue)), ("scopes", .object(HostObjectValue(pairs: scopes)))]
        case .pick(let items, let count):
            let list = items.map { item -> HostValue in
                .object(HostObjectValue(pairs: [
                    ("id", .number(Double(item.id))), ("kind", .string(item.kind)), ("width", .number(Double(item.width))),
                    ("height", .number(Double(item.height))), ("size", .number(Double(item.size))),
                    ("duration", item.duration.map(HostValue.number) ?? .null), ("url", .string("/album/\(item.id)")),
                ]))
            }
            return [("kind", "pick"), ("items", .array(list)), ("count", .number(Double(count)))]
        case .modal(let m):
            return [
                ("kind", "modal"), ("title", .string(m.title)), ("content", .string(m.content)), ("showCancel", .bool(m.showCancel)),
                ("cancelText", .string(m.cancelText)), ("confirmText", .string(m.confirmText)), ("editable", .bool(m.editable)),
                ("placeholderText", .string(m.placeholderText)),
            ]
        case .actionSheet(let a):
            return [("kind", "actionSheet"), ("items", .array(a.items.map(HostValue.string))), ("alertText", a.alertText.map(HostValue.string) ?? .null)]
        case .capture(let kind, let maxDuration):
            return [("kind", "capture"), ("media", .string(kind)), ("maxDuration", maxDuration.map(HostValue.number) ?? .null)]
        }
    }

    static func describe(_ notice: UserNotice) -> [(String, HostValue)] {
        switch notice {
        case .preview(let urls, let current):
            return [("kind", "preview"), ("urls", .array(urls.map { .string(fileURL($0)) })), ("current", .string(fileURL(current)))]
        case .toast(let title, let icon, let ms, let mask):
            return [("kind", "toast"), ("title", .string(title)), ("icon", .string(icon)), ("durationMs", .number(Double(ms))), ("mask", .bool(mask))]
        case .loading(let title, let mask): return [("kind", "loading"), ("title", .string(title)), ("mask", .bool(mask))]
        case .hidden(let what): return [("kind", "hidden"), ("what", .string(what))]
        case .navigationBarTitle(let title): return [("kind", "navigationBarTitle"), ("title", .string(title))]
        case .navigationBarColor(let front, let background):
            return [("kind", "navigationBarColor"), ("front", .string(front)), ("background", .string(background))]
        case .vibrate(let long, _): return [("kind", "vibrate"), ("long", .bool(long))]
        case .authGuide(let authType): return [("kind", "authGuide"), ("authType", .string(authType))]
        }
    }

    /// Where the browser loads a page path (`wxfile://…`, `http://tmp/…`, `/images/a.png`) or
    /// a remote image from.
    static func fileURL(_ path: String) -> String {
        if path.hasPrefix("https://") || (path.hasPrefix("http://") && !path.hasPrefix("http://tmp/") && !path.hasPrefix("http://usr/") && !path.hasPrefix("http://store/")) { return path }
        return "/file?path=" + (path.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")
    }

    /// The browser's answer as a `UserResponse` for `prompt`; nil when it does not fit.
    static func response(to prompt: UserPrompt, _ a: HostValue) -> UserResponse? {
        if a["cancel"]?.boolValue == true { return .cancelled }
        switch prompt {
        case .consent: return a["allow"]?.boolValue.map(UserResponse.consent)
        case .settings(_, let current, let dialect):
            guard let scopes = a["scopes"]?.objectValue else { return nil }
            var out = current
            for (name, value) in scopes {
                guard let scope = Scope.parse(name, in: dialect), current[scope] != nil, let b = value.boolValue else { return nil }
                out[scope] = b
            }
            return .settings(out)
        case .pick(let items, let count):
            guard let ids = a["ids"]?.arrayValue else { return nil }
            let offered = Set(items.map(\.id))
            var chosen: [Int64] = []
            for v in ids {
                guard let n = v.numberValue, n.rounded() == n, let id = Int64(exactly: n), offered.contains(id) else { return nil }
                if !chosen.contains(id) { chosen.append(id) }
            }
            guard !chosen.isEmpty, chosen.count <= count else { return nil }
            return .picked(chosen)
        case .modal(let m):
            guard let confirm = a["confirm"]?.boolValue else { return nil }
            if !confirm && !m.showCancel { return nil }
            let content = a["content"]?.stringValue
            return .modal(confirm: confirm, content: m.editable && confirm ? String((content ?? "").prefix(10_000)) : nil)
        case .actionSheet(let sheet):
            guard let n = a["index"]?.numberValue, n.rounded() == n, n >= 0, Int(n) < sheet.items.count else { return nil }
            return .tapped(Int(n))
        case .capture: return a["captured"]?.boolValue == true ? .captured : nil
        }
    }
}
