import Foundation
import MiniCore
import MiniHost
import MiniStorage
import Testing

@Suite("The simulated user: scripted and terminal backends")
struct SimulatedUserTests {
    static func items(_ n: Int) -> [PickableItem] {
        (0..<n).map { i in PickableItem(id: Int64(n - i), kind: "image", width: 64, height: 48, size: 100, sourceApp: "x") }
    }
    static let cancel = MediaError(.cancel, "cancel")

    @Test func scriptedPickers() async throws {
        #expect(try await ScriptedUser(picking: .first).pick(Self.items(5), count: 2) == [5, 4])
        await #expect(throws: Self.cancel) { try await ScriptedUser(picking: .first).pick([], count: 2) }
        await #expect(throws: Self.cancel) { try await ScriptedUser(picking: .cancel).pick(Self.items(3), count: 1) }
        // Ids that were not offered are skipped; nothing left is a cancel.
        #expect(try await ScriptedUser(picking: .ids([9, 2, 3])).pick(Self.items(5), count: 1) == [2])
        await #expect(throws: Self.cancel) { try await ScriptedUser(picking: .ids([9])).pick(Self.items(2), count: 1) }
    }

    @Test func scriptedConsentIsRecorded() async throws {
        let app = try AppID("a.app")
        let user = ScriptedUser(consent: .answers([true, false]), settingsChanges: [.camera: false, .record: true])
        #expect(try await user.consent(app: app, scope: .camera, dialect: .wx))
        #expect(try await user.consent(app: app, scope: .record, dialect: .wx) == false)
        await #expect(throws: MediaError.internalError("no scripted answer left for scope.album")) {
            try await user.consent(app: app, scope: .writePhotosAlbum, dialect: .tt)
        }
        #expect(user.asked == [.camera, .record, .writePhotosAlbum])
        // The settings page only flips scopes already decided.
        #expect(try await user.settings(app: app, current: [.camera: true], dialect: .wx) == [.camera: false])
        #expect(user.settingsOpened == 1)
    }

    @Test func noticesPrintOneLineEach() {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        let user = ScriptedUser(display: { lines.all.append($0) })
        user.show(.preview(urls: ["a", "b"], current: "b"))
        #expect(lines.all == ["[ui] previewImage current=b urls=[a, b]"])
        #expect(user.notices == [.preview(urls: ["a", "b"], current: "b")])
    }

    final class Script: @unchecked Sendable {
        var answers: [String?]
        var written = ""
        init(_ answers: [String?]) { self.answers = answers }
        func next() -> String? { answers.isEmpty ? nil : answers.removeFirst() }
    }

    func terminal(_ script: Script) -> TerminalUser {
        TerminalUser(requireTTY: false, readLine: { script.next() }, write: { script.written += $0 })
    }

    @Test func terminalPickerChooses() async throws {
        let script = Script(["9", "1 3 4", "3,1"])
        #expect(try await terminal(script).pick(Self.items(4), count: 2) == [2, 4])
        #expect(script.written.contains("Photo album (4 items, newest first):"))
        #expect(script.written.contains("  1. #4 image 64x48 100 bytes from x"))
        #expect(script.written.contains("\"9\" is not an item number between 1 and 4; try again"))
        #expect(script.written.contains("choose at most 2; try again"))
    }

    @Test("empty line and end of input cancel", arguments: [[""] as [String?], [nil], ["c"]])
    func terminalPickerCancels(_ answers: [String?]) async throws {
        await #expect(throws: Self.cancel) { try await terminal(Script(answers)).pick(Self.items(2), count: 1) }
    }

    @Test func terminalConsentAndSettings() async throws {
        let app = try AppID("a.app")
        let script = Script(["y", "n", ""])
        let user = terminal(script)
        #expect(try await user.consent(app: app, scope: .camera, dialect: .wx))
        #expect(script.written.contains("a.app wants to use the camera (scope.camera). Allow? [y/n]"))
        #expect(try await user.settings(app: app, current: [.camera: true, .record: false], dialect: .wx) == [.camera: false, .record: false])
    }

    @Test("no terminal: a clear failure naming the option")
    func noTerminal() async throws {
        // Test runners have no terminal on stdin.
        guard isatty(STDIN_FILENO) == 0 else { return }
        await #expect(throws: MediaError(.internalError, "no terminal to pick from the album; pass --picker first or --picker cancel")) {
            try await TerminalUser().pick(Self.items(2), count: 1)
        }
        let app = try AppID("a.app")
        await #expect(throws: MediaError(.systemPermissionDenied, "no terminal to ask for consent; pass --consent allow or --consent deny")) {
            try await TerminalUser().consent(app: app, scope: .camera, dialect: .wx)
        }
    }

    @Test func terminalAnswersModalsAndActionSheets() async throws {
        let script = Script(["y", "Bob", "n", "7", "2", ""])
        let user = terminal(script)
        let editable = ModalRequest(title: "Name", content: "Who are you?", editable: true, placeholderText: "name")
        #expect(try await user.modal(editable) == (true, "Bob"))
        #expect(try await user.modal(ModalRequest(title: "Delete?")) == (false, nil))
        #expect(script.written.contains("Modal: Name\n  Who are you?\n确定 or 取消? [y = confirm / n = cancel] "))
        #expect(script.written.contains("Text (name): "))
        let sheet = ActionSheetRequest(items: ["Camera", "Album"], alertText: "Source")
        #expect(try await user.actionSheet(sheet) == 1)
        #expect(script.written.contains("Source\n  1. Camera\n  2. Album\nTap an item (1-2; empty cancels): "))
        #expect(script.written.contains("\"7\" is not an item number between 1 and 2; try again (empty cancels): "))
        await #expect(throws: Self.cancel) { try await user.actionSheet(sheet) }
    }

    @Test func scriptedModalsAndSheetsPrintOneLineEach() async throws {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        let user = ScriptedUser(
            modals: .scripted([.confirm("x"), .cancel]), actionSheets: .scripted([.tap(0)]), display: { lines.all.append($0) })
        #expect(try await user.modal(ModalRequest(title: "A", editable: true)) == (true, "x"))
        #expect(try await user.modal(ModalRequest(content: "B")) == (false, nil))
        // No cancel button: a scripted cancel can only press the one button.
        #expect(try await user.modal(ModalRequest(title: "C", showCancel: false, editable: true)) == (true, ""))
        #expect(try await user.actionSheet(ActionSheetRequest(items: ["only"])) == 0)
        #expect(lines.all == ["[modal] A → confirm \"x\"", "[modal] \"B\" → cancel", "[modal] C → confirm \"\"", "[action-sheet] only → 0 (only)"])
    }
}
