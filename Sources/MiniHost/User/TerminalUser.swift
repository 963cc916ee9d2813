#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniStorage

/// A user at the terminal: questions go to stderr, answers are read from stdin, notices are
/// printed on stdout. With no terminal on stdin a prompt fails and says which option answers it.
public struct TerminalUser: SimulatedUser {
    private let requireTTY: Bool
    private let readLine: @Sendable () async -> String?
    private let write: @Sendable (String) -> Void

    /// The real terminal. Tests pass `requireTTY: false` and their own input and output.
    public init(
        requireTTY: Bool = true, readLine: @escaping @Sendable () async -> String? = TerminalUser.readStandardInput,
        write: @escaping @Sendable (String) -> Void = { FileHandle.standardError.write(Data($0.utf8)) }
    ) {
        self.requireTTY = requireTTY
        self.readLine = readLine
        self.write = write
    }

    public func respond(to prompt: UserPrompt) async throws -> UserResponse {
        switch prompt {
        case .consent(let app, let scope, let dialect):
            let line = try await ask(
                "\(app) wants to use \(Self.describe(scope)) (\(scope.name(in: dialect))). Allow? [y/n] ",
                unavailable: Self.noConsent)
            return .consent(Self.isYes(line ?? ""))
        case .settings(let app, let current, let dialect):
            var out = current
            for scope in current.keys.sorted() {
                let state = current[scope]! ? "allowed" : "denied"
                let line = try await ask(
                    "Settings for \(app): \(scope.name(in: dialect)) is \(state). Allow? [y/n, empty keeps] ",
                    unavailable: Self.noConsent)
                let trimmed = (line ?? "").trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { out[scope] = Self.isYes(trimmed) }
            }
            return .settings(out)
        case .pick(let items, let count):
            var text = "Photo album (\(items.count) item\(items.count == 1 ? "" : "s"), newest first):\n"
            for (i, item) in items.enumerated() {
                text += "  \(i + 1). #\(item.id) \(item.kind) \(item.width)x\(item.height)"
                if let d = item.duration { text += " \(JSNumber.format((d * 10).rounded() / 10)) s" }
                text += " \(item.size) bytes"
                text += " from \(item.sourceApp)\n"
            }
            text += "Choose up to \(count) (numbers separated by spaces; empty cancels): "
            var question = text
            while true {
                guard let line = try await ask(question, unavailable: Self.noPicker) else { return .cancelled }
                switch Self.parse(line, itemCount: items.count, limit: count) {
                case .cancel: return .cancelled
                case .chosen(let indices): return .picked(indices.map { items[$0].id })
                case .invalid(let why): question = "\(why); try again (empty cancels): "
                }
            }
        case .modal(let request):
            var text = "Modal"
            if !request.title.isEmpty { text += ": \(request.title)" }
            if !request.content.isEmpty { text += "\n  \(request.content)" }
            text += request.showCancel
                ? "\n\(request.confirmText) or \(request.cancelText)? [y = confirm / n = cancel] "
                : "\n[\(request.confirmText)] press Enter "
            let line = try await ask(text, unavailable: Self.noModal)
            let confirmed = !request.showCancel || Self.isYes(line ?? "") || (line ?? "").trimmingCharacters(in: .whitespaces) == "confirm"
            guard confirmed else { return .cancelled }
            guard request.editable else { return .modal(confirm: true, content: nil) }
            let typed = try await ask("Text\(request.placeholderText.isEmpty ? "" : " (\(request.placeholderText))"): ", unavailable: Self.noModal)
            return .modal(confirm: true, content: typed ?? "")
        case .capture(let kind, let maxDuration):
            let limit = maxDuration.map { " (at most \(JSNumber.format($0)) s)" } ?? ""
            let line = try await ask("Camera: shoot a \(kind)\(limit)? [y = shoot / n = cancel] ", unavailable: Self.noPicker)
            return Self.isYes(line ?? "") ? .captured : .cancelled
        case .actionSheet(let request):
            var text = request.alertText.map { "\($0)\n" } ?? ""
            for (i, item) in request.items.enumerated() { text += "  \(i + 1). \(item)\n" }
            text += "Tap an item (1-\(request.items.count); empty cancels): "
            var question = text
            while true {
                guard let line = try await ask(question, unavailable: Self.noActionSheet) else { return .cancelled }
                let trimmed = line.trimmingCharacters(in: .whitespaces)
                if trimmed.isEmpty || ["c", "cancel"].contains(trimmed.lowercased()) { return .cancelled }
                if let n = Int(trimmed), request.items.indices.contains(n - 1) { return .tapped(n - 1) }
                question = "\"\(trimmed)\" is not an item number between 1 and \(request.items.count); try again (empty cancels): "
            }
        }
    }

    public func show(_ notice: UserNotice) {
        FileHandle.standardOutput.write(Data((ScriptedUser.describe(notice) + "\n").utf8))
    }

    static let noConsent = MediaError(
        .systemPermissionDenied, "no terminal to ask for consent; pass --consent allow or --consent deny")
    static let noPicker = MediaError(
        .internalError, "no terminal to pick from the album; pass --picker first or --picker cancel")

    static let noModal = MediaError(
        .internalError, "no terminal to answer the modal; pass --modal confirm, --modal confirm:TEXT or --modal cancel")
    static let noActionSheet = MediaError(
        .internalError, "no terminal to answer the action sheet; pass --action-sheet INDEX or --action-sheet cancel")

    private func ask(_ text: String, unavailable: MediaError) async throws -> String? {
        if requireTTY && isatty(STDIN_FILENO) == 0 { throw unavailable }
        write(text)
        return await readLine()
    }

    static func isYes(_ line: String) -> Bool {
        ["y", "yes", "allow"].contains(line.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func describe(_ scope: Scope) -> String {
        switch scope {
        case .camera: "the camera"
        case .record: "the microphone"
        case .writePhotosAlbum: "your photo album"
        default: scope.rawValue
        }
    }

    enum Choice: Equatable {
        case cancel
        case chosen([Int])
        case invalid(String)
    }

    /// Parses `"1 3"` / `"1,3"` into 0-based indices (duplicates dropped, order kept).
    static func parse(_ line: String, itemCount: Int, limit: Int) -> Choice {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || ["c", "cancel", "q"].contains(trimmed.lowercased()) { return .cancel }
        var out: [Int] = []
        for part in trimmed.split(whereSeparator: { $0 == " " || $0 == "," }) {
            guard let n = Int(part), itemCount > 0, (1...itemCount).contains(n) else {
                return .invalid("\"\(part)\" is not an item number between 1 and \(itemCount)")
            }
            if !out.contains(n - 1) { out.append(n - 1) }
        }
        guard out.count <= limit else { return .invalid("choose at most \(limit)") }
        return .chosen(out)
    }

    /// One line of stdin, read on its own thread so no Swift concurrency thread blocks.
    public static let readStandardInput: @Sendable () async -> String? = {
        await withCheckedContinuation { cont in
            Thread.detachNewThread { cont.resume(returning: Swift.readLine()) }
        }
    }
}
