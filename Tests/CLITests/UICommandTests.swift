import Foundation
import Testing

/// `--modal` and `--action-sheet` answer the page's dialogs; every UI API prints one line.
@Suite("UI prompts and notices on the command line")
struct UICommandTests {
    static let page = """
        Page({
          onLoad() {
            wx.showToast({ title: 'Saved', icon: 'success' })
            wx.setNavigationBarTitle({ title: 'Camera' })
          },
          ask() {
            wx.showModal({ title: 'Delete?', content: 'This cannot be undone',
              success: (r) => console.log('modal', r.confirm, r.cancel), fail: (e) => console.log(e.errMsg) })
          },
          name() {
            wx.showModal({ title: 'Name', editable: true,
              success: (r) => console.log('name', r.confirm, JSON.stringify(r.content)), fail: (e) => console.log(e.errMsg) })
          },
          pick() {
            wx.showActionSheet({ itemList: ['Take photo', 'Choose from album'],
              success: (r) => console.log('tapIndex', r.tapIndex), fail: (e) => console.log(e.errMsg) })
          }
        })
        """

    func run(_ extra: [String], calls: [String]) async throws -> CLI.Output {
        let dir = TemporaryFolder()
        try dir.write("p.js", Self.page)
        return try await CLI.run(["run", dir.path + "/p.js", "--consent", "deny"] + calls.flatMap { ["--call", $0] } + extra)
    }

    @Test func modalConfirmAndActionSheetIndex() async throws {
        let r = try await run(["--modal", "confirm", "--action-sheet", "1"], calls: ["ask", "pick"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [
            "[toast] Saved (success, 1500 ms)", "[navigation-bar] title \"Camera\"",
            "[modal] Delete? — \"This cannot be undone\" → confirm", "modal true false",
            "[action-sheet] Take photo | Choose from album → 1 (Choose from album)", "tapIndex 1",
        ])
    }

    @Test func cancelBoth() async throws {
        let r = try await run(["--modal", "cancel", "--action-sheet", "cancel"], calls: ["ask", "pick"])
        #expect(r.lines.suffix(4) == [
            "[modal] Delete? — \"This cannot be undone\" → cancel", "modal false true",
            "[action-sheet] Take photo | Choose from album → cancel", "showActionSheet:fail cancel",
        ])
    }

    @Test func editableModalGetsTheTextAndAnswersGoInOrder() async throws {
        let r = try await run(["--modal", "confirm:Alice Smith", "--modal", "cancel"], calls: ["name", "ask", "ask"])
        #expect(r.lines.suffix(6) == [
            "[modal] Name → confirm \"Alice Smith\"", "name true \"Alice Smith\"",
            "[modal] Delete? — \"This cannot be undone\" → cancel", "modal false true",
            "[modal] Delete? — \"This cannot be undone\" → cancel", "modal false true",
        ])
    }

    @Test func withoutAnOptionAndNoTerminalTheDialogFailsSayingWhichOption() async throws {
        let r = try await run([], calls: ["ask", "pick"])
        #expect(r.status == 0)
        #expect(r.lines.suffix(2) == [
            "showModal:fail no terminal to answer the modal; pass --modal confirm, --modal confirm:TEXT or --modal cancel",
            "showActionSheet:fail no terminal to answer the action sheet; pass --action-sheet INDEX or --action-sheet cancel",
        ])
    }

    @Test func badOptionValuesAreUsageErrors() async throws {
        let modal = try await run(["--modal", "maybe"], calls: [])
        #expect(modal.status == 2)
        #expect(modal.stderr.contains("--modal must be confirm, confirm:TEXT, cancel or prompt (got \"maybe\")"))
        let sheet = try await run(["--action-sheet", "first"], calls: [])
        #expect(sheet.status == 2)
        #expect(sheet.stderr.contains("--action-sheet must be an item index (0, 1, …), cancel or prompt (got \"first\")"))
    }
}

/// Docs/API-COVERAGE.md is generated from the registry and must match it.
@Suite("The committed API coverage document")
struct CoverageDocumentTests {
    @Test func committedDocumentMatchesTheRegistry() async throws {
        let path = CLI.root.appendingPathComponent("Docs/API-COVERAGE.md").path
        let r = try await CLI.run(["coverage", "--header", path])
        #expect(r.status == 0, "\(r.stderr)")
        let committed = try String(contentsOfFile: path, encoding: .utf8)
        #expect(r.stdout == committed, "Docs/API-COVERAGE.md is out of date: run `make coverage` and commit the result")
        #expect(committed.contains("| `showModal` | ✔ |"), "generated rows are missing")
    }
}
