import Foundation
import MiniCore
import MiniHost
import MiniStorage
import Synchronization
import Testing

@testable import MiniSimulator

/// Collects what the user sends to the browser.
final class Outbox: Sendable {
    private let messages = Mutex<[String]>([])
    var all: [String] { messages.withLock { $0 } }
    func append(_ s: String) { messages.withLock { $0.append(s) } }

    /// Waits (without blocking a pool thread) until a message containing `text` was sent.
    func wait(for text: String, seconds: Double = 30) async -> String? {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if let m = all.first(where: { $0.contains(text) }) { return m }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }
}

@Suite struct BrowserUserTests {
    static func promptID(_ message: String) -> Int? { HostValue(json: message)?["id"]?.numberValue.map { Int($0) } }

    @Test func consentIsAnsweredByTheBrowserAndWrongAnswersKeepItWaiting() async throws {
        let out = Outbox()
        let user = BrowserUser(send: out.append)
        let app = try AppID("sim.test")
        let answer = Task { try await user.consent(app: app, scope: .camera, dialect: .wx) }
        let message = try #require(await out.wait(for: #""kind":"consent""#))
        #expect(message.contains(#""scope":"scope.camera""#))
        let id = try #require(Self.promptID(message))
        #expect(user.answer(id: id, ["allow": "yes"]) == "answer does not fit prompt \(id)")
        #expect(user.answer(id: id + 100, ["allow": true]) == "no prompt \(id + 100) is waiting")
        #expect(user.pendingMessages == [message])
        #expect(user.answer(id: id, ["allow": true]) == nil)
        #expect(try await answer.value == true)
        #expect(user.answer(id: id, ["allow": false]) == "no prompt \(id) is waiting")
        #expect(await out.wait(for: #""type":"promptClosed""#) != nil)
    }

    @Test func pickerAnswersMustBeOfferedIdsWithinTheCount() {
        let items = [
            PickableItem(id: 7, kind: "image", width: 10, height: 10, size: 1, sourceApp: "a"),
            PickableItem(id: 9, kind: "video", width: 10, height: 10, size: 1, sourceApp: "a", duration: 2),
        ]
        let prompt = UserPrompt.pick(items: items, count: 1)
        #expect(BrowserUser.response(to: prompt, ["ids": [7]]) == .picked([7]))
        #expect(BrowserUser.response(to: prompt, ["ids": [8]]) == nil)
        #expect(BrowserUser.response(to: prompt, ["ids": [7, 9]]) == nil)
        #expect(BrowserUser.response(to: prompt, ["ids": [7.5]]) == nil)
        #expect(BrowserUser.response(to: prompt, ["ids": "7"]) == nil)
        #expect(BrowserUser.response(to: prompt, ["cancel": true]) == .cancelled)
        let described = JSONText.message(BrowserUser.describe(prompt))
        #expect(described.contains(#""url":"/album/7""#) && described.contains(#""duration":2"#))
    }

    @Test func modalsAndSheetsTakeOnlyWhatTheDialogOffers() {
        let noCancel = UserPrompt.modal(ModalRequest(title: "t", showCancel: false))
        #expect(BrowserUser.response(to: noCancel, ["confirm": false]) == nil)
        #expect(BrowserUser.response(to: noCancel, ["confirm": true]) == .modal(confirm: true, content: nil))
        let editable = UserPrompt.modal(ModalRequest(editable: true))
        #expect(BrowserUser.response(to: editable, ["confirm": true, "content": "hi"]) == .modal(confirm: true, content: "hi"))
        let sheet = UserPrompt.actionSheet(ActionSheetRequest(items: ["a", "b"]))
        #expect(BrowserUser.response(to: sheet, ["index": 1]) == .tapped(1))
        #expect(BrowserUser.response(to: sheet, ["index": 2]) == nil)
        #expect(BrowserUser.response(to: sheet, ["index": -1]) == nil)
        let settings = UserPrompt.settings(app: try! AppID("a.b"), current: [.camera: true], dialect: .wx)
        #expect(BrowserUser.response(to: settings, ["scopes": ["scope.camera": false]]) == .settings([.camera: false]))
        #expect(BrowserUser.response(to: settings, ["scopes": ["scope.record": false]]) == nil)
    }

    @Test func closingFailsWaitingPromptsAndRefusesNewOnes() async throws {
        let out = Outbox()
        let user = BrowserUser(send: out.append)
        let waiting = Task { try await user.respond(to: .capture(kind: "image", maxDuration: nil)) }
        _ = await out.wait(for: #""kind":"capture""#)
        user.close()
        await #expect(throws: MediaError.self) { try await waiting.value }
        await #expect(throws: MediaError.self) { try await user.respond(to: .capture(kind: "image", maxDuration: nil)) }
    }

    @Test func noticesBecomeMessagesWithBrowserURLs() {
        let preview = JSONText.message(BrowserUser.describe(UserNotice.preview(urls: ["wxfile://tmp_a.jpg"], current: "wxfile://tmp_a.jpg")))
        #expect(preview.contains(#""current":"/file?path=wxfile%3A%2F%2Ftmp%5Fa%2Ejpg""#))
        let remote = BrowserUser.fileURL("https://example.com/a.png")
        #expect(remote == "https://example.com/a.png")
        #expect(BrowserUser.fileURL("http://tmp/a.png").hasPrefix("/file?path="))
        let toast = JSONText.message(BrowserUser.describe(UserNotice.toast(title: "Saved \"x\"", icon: "success", durationMs: 1500, mask: false)))
        #expect(toast == #"{"kind":"toast","title":"Saved \"x\"","icon":"success","durationMs":1500,"mask":false}"#)
    }
}

@Suite struct WXSSTests {
    @Test func rpxScalesToTheDeviceWidth() {
        #expect(WXSS.scaleRPX("width: 750rpx; margin: 7.5rpx -2rpx", rpx: 0.5) == "width: 375px; margin: 3.75px -1px")
        #expect(WXSS.scaleRPX("height: 10px", rpx: 0.5) == "height: 10px")
    }

    @Test func importsAreInlinedBeneathTheRootOnly() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sim-wxss-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let root = dir.appendingPathComponent("pkg")
        try FileManager.default.createDirectory(at: root.appendingPathComponent("pages/a"), withIntermediateDirectories: true)
        try "secret { color: red }".write(to: dir.appendingPathComponent("outside.wxss"), atomically: true, encoding: .utf8)
        try ".app { padding: 20rpx }".write(to: root.appendingPathComponent("app.wxss"), atomically: true, encoding: .utf8)
        try "@import \"../../../outside.wxss\";\n@import \"/common.wxss\";\n.a { width: 100rpx }"
            .write(to: root.appendingPathComponent("pages/a/a.wxss"), atomically: true, encoding: .utf8)
        try ".common { margin: 2rpx }".write(to: root.appendingPathComponent("common.wxss"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(at: root.appendingPathComponent("link.wxss"), withDestinationURL: dir.appendingPathComponent("outside.wxss"))
        let css = WXSS.stylesheet(root: root, pageStem: "pages/a/a", dialect: .wx, rpx: 0.5)
        #expect(css.contains(".app { padding: 10px }"))
        #expect(css.contains(".common { margin: 1px }"))
        #expect(css.contains(".a { width: 50px }"))
        #expect(!css.contains("secret"))
        #expect(css.contains("@import ../../../outside.wxss: not found"))
        #expect(!WXSS.beneath(root.appendingPathComponent("link.wxss"), root))
    }
}

@Suite struct SimulatorServerTests {
    @Test func onlyTheSimulatorsOwnPageMayConnect() {
        #expect(SimulatorServer.isLocalOrigin("http://127.0.0.1:8750"))
        #expect(SimulatorServer.isLocalOrigin("http://localhost:1"))
        #expect(!SimulatorServer.isLocalOrigin("http://127.0.0.1:8750.evil.example"))
        #expect(!SimulatorServer.isLocalOrigin("https://example.com"))
        #expect(!SimulatorServer.isLocalOrigin("http://127.0.0.1:"))
        #expect(!SimulatorServer.isLocalOrigin("null"))
    }
}
