import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import Synchronization
import Testing

/// Lines a `ScriptedUser` prints, collected.
final class PrintedLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

@Suite("Host UI APIs through the simulated user and the screen")
struct UIAPITests {
    static func session(
        _ dialect: Dialect = .wx, modals: ScriptedUser.Answers<ScriptedUser.ModalAnswer> = .terminal,
        sheets: ScriptedUser.Answers<ScriptedUser.SheetAnswer> = .terminal, clock: any MediaClock = SystemClock()
    ) throws -> (TestSession, ScriptedUser, PrintedLines) {
        let printed = PrintedLines()
        let user = ScriptedUser(
            consent: .allow, modals: modals, actionSheets: sheets, display: { printed.append($0) },
            terminal: TerminalUser(requireTTY: true))
        return (try TestSession(dialect: dialect, user: user, clock: clock), user, printed)
    }

    static func errMsg(_ t: TestSession, _ api: String, _ args: HostValue) async -> String? {
        guard let failure = await t.failure(api, args) else { return nil }
        return failure.shaped.objectValue?["errMsg"]?.stringValue ?? failure.shaped.objectValue?["errorMessage"]?.stringValue
    }

    // MARK: Toast and loading

    @Test func toastSucceedsPrintsOneLineAndHidesItselfOnTheClock() async throws {
        let clock = ManualClock(autoAdvance: false)
        let (t, user, printed) = try Self.session(clock: clock)
        #expect(try await t.call("showToast", ["title": "Saved", "icon": "success"]) == ["errMsg": "showToast:ok"])
        #expect(printed.all == ["[toast] Saved (success, 1500 ms)"])
        #expect(user.notices == [.toast(title: "Saved", icon: "success", durationMs: 1500, mask: false)])
        #expect(t.session.screen.snapshot.overlay?.kind == "toast")
        clock.advance(by: .milliseconds(1499))
        #expect(t.session.screen.snapshot.overlay?.kind == "toast")
        clock.advance(by: .milliseconds(1))
        #expect(t.session.screen.snapshot.overlay == nil)
        // Gone by itself: nothing left for hideToast.
        #expect(await Self.errMsg(t, "hideToast", .undefined) == "hideToast:fail toast can't be found")

        _ = try await t.call("showToast", ["title": "Long", "icon": "none", "duration": 5000, "mask": true])
        #expect(printed.all.last == "[toast] Long (none, 5000 ms, mask)")
        clock.advance(by: .milliseconds(4999))
        #expect(t.session.screen.snapshot.overlay == .toast(title: "Long", icon: "none", mask: true, hidesAt: .milliseconds(6500)))
        clock.advance(by: .seconds(1))
        #expect(t.session.screen.snapshot.overlay == nil)
    }

    @Test func toastAndLoadingShareOneSlot() async throws {
        let (t, _, printed) = try Self.session(clock: ManualClock(autoAdvance: false))
        _ = try await t.call("showLoading", ["title": "Uploading", "mask": true])
        #expect(t.session.screen.snapshot.overlay == .loading(title: "Uploading", mask: true))
        // A toast replaces the loading toast.
        _ = try await t.call("showToast", ["title": "Done"])
        #expect(t.session.screen.snapshot.overlay?.kind == "toast")
        // noConflict: hideLoading leaves a toast alone.
        #expect(await Self.errMsg(t, "hideLoading", ["noConflict": true]) == "hideLoading:fail toast can't be found")
        // Without it they close each other's overlay, as WeChat does.
        #expect(try await t.call("hideLoading") == ["errMsg": "hideLoading:ok"])
        #expect(t.session.screen.snapshot.overlay == nil)
        _ = try await t.call("showLoading", ["title": "Again"])
        #expect(try await t.call("hideToast") == ["errMsg": "hideToast:ok"])
        _ = try await t.call("showLoading", ["title": "Third"])
        #expect(await Self.errMsg(t, "hideToast", ["noConflict": true]) == "hideToast:fail toast can't be found")
        #expect(try await t.call("hideLoading", ["noConflict": true]) == ["errMsg": "hideLoading:ok"])
        #expect(printed.all == [
            "[loading] Uploading (mask)", "[toast] Done (success, 1500 ms)", "[toast] hidden", "[loading] Again",
            "[loading] hidden", "[loading] Third", "[loading] hidden",
        ])
    }

    @Test func toastAndLoadingValidateTheirOptions() async throws {
        let (t, _, printed) = try Self.session()
        #expect(await Self.errMsg(t, "showToast", .undefined)
            == "showToast:fail parameter error: parameter.title should be String instead of Undefined;")
        #expect(await Self.errMsg(t, "showToast", ["title": 3])
            == "showToast:fail parameter error: parameter.title should be String instead of Number;")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "icon": "warn"])
            == "showToast:fail parameter error: parameter.icon should be one of \"success\", \"error\", \"loading\", \"none\" instead of \"warn\";")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "duration": "long"])
            == "showToast:fail parameter error: parameter.duration should be Number instead of String;")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "duration": -1])
            == "showToast:fail parameter error: parameter.duration should be in range [0, 86400000] instead of -1;")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "mask": "yes"])
            == "showToast:fail parameter error: parameter.mask should be Boolean instead of String;")
        #expect(await Self.errMsg(t, "showToast", "Saved")
            == "showToast:fail parameter error: parameter should be Object instead of String;")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "image": "wxfile://../../etc/passwd"]) == "showToast:fail no such file or directory, open wxfile://../../etc/passwd")
        #expect(await Self.errMsg(t, "showToast", ["title": "x", "image": ""])
            == "showToast:fail parameter error: parameter.image should not be empty;")
        #expect(await Self.errMsg(t, "showLoading", ["mask": true])
            == "showLoading:fail parameter error: parameter.title should be String instead of Undefined;")
        #expect(await Self.errMsg(t, "hideToast", ["noConflict": 1])
            == "hideToast:fail parameter error: parameter.noConflict should be Boolean instead of Number;")
        // Nothing was shown by a failed call.
        #expect(printed.all.isEmpty)
        _ = try await t.call("showToast", ["title": "Custom", "image": "/images/ok.png"])
        #expect(printed.all == ["[toast] Custom (image:/images/ok.png, 1500 ms)"])
        #expect(t.session.screen.snapshot.overlay?.kind == "toast")
    }

    @Test func toastIconsAndDefaultsFollowEachPlatform() async throws {
        let (swan, _, swanLines) = try Self.session(.swan)
        _ = try await swan.call("showToast", ["title": "ok"])
        #expect(swanLines.all == ["[toast] ok (success, 2000 ms)"])
        #expect(await Self.errMsg(swan, "showToast", ["title": "x", "icon": "error"])
            == "showToast:fail parameter error: parameter.icon should be one of \"success\", \"loading\", \"none\" instead of \"error\";")
        let (tt, _, ttLines) = try Self.session(.tt)
        _ = try await tt.call("showToast", ["title": "no", "icon": "fail"])
        #expect(ttLines.all == ["[toast] no (fail, 1500 ms)"])
        // Alipay: content/type, 2000 ms, no errMsg on success; fail/exception show as error.
        let (my, _, myLines) = try Self.session(.my)
        #expect(try await my.call("showToast", ["content": "Paid", "type": "success"]) == [:])
        _ = try await my.call("showToast", ["content": "Oops", "type": "exception", "duration": 800])
        _ = try await my.call("showLoading", ["content": "Paying"])
        #expect(myLines.all == ["[toast] Paid (success, 2000 ms)", "[toast] Oops (error, 800 ms)", "[loading] Paying"])
        let bad = await my.failure("showToast", ["content": "x", "type": "warn"])
        #expect(bad?.shaped == [
            "error": 2,
            "errorMessage": "parameter error: parameter.type should be one of \"success\", \"fail\", \"exception\", \"none\" instead of \"warn\";",
        ])
    }

    // MARK: Modals

    @Test func modalAnswersComeFromTheScriptInOrder() async throws {
        let (t, user, printed) = try Self.session(modals: .scripted([.confirm(nil), .cancel]))
        let args: HostValue = ["title": "Delete?", "content": "This cannot be undone"]
        #expect(try await t.call("showModal", args) == ["confirm": true, "cancel": false, "errMsg": "showModal:ok"])
        #expect(try await t.call("showModal", args) == ["confirm": false, "cancel": true, "errMsg": "showModal:ok"])
        // The last answer repeats.
        #expect(try await t.call("showModal", ["content": "Again?"]) == ["confirm": false, "cancel": true, "errMsg": "showModal:ok"])
        #expect(printed.all == [
            "[modal] Delete? — \"This cannot be undone\" → confirm", "[modal] Delete? — \"This cannot be undone\" → cancel",
            "[modal] \"Again?\" → cancel",
        ])
        guard case .modal(let request)? = user.prompts.first else {
            Issue.record("no modal prompt")
            return
        }
        #expect(request == ModalRequest(title: "Delete?", content: "This cannot be undone"))
        #expect(t.session.screen.snapshot.modal == nil)
    }

    @Test func editableModalAnswersWithTheScriptedText() async throws {
        let (t, _, printed) = try Self.session(modals: .scripted([.confirm("Alice"), .cancel]))
        let args: HostValue = ["title": "Name", "editable": true, "placeholderText": "your name"]
        #expect(try await t.call("showModal", args) == ["confirm": true, "cancel": false, "content": "Alice", "errMsg": "showModal:ok"])
        #expect(try await t.call("showModal", args) == ["confirm": false, "cancel": true, "content": "", "errMsg": "showModal:ok"])
        #expect(printed.all == ["[modal] Name → confirm \"Alice\"", "[modal] Name → cancel"])
    }

    @Test func aModalWithOnlyAConfirmButtonAsksNobody() async throws {
        // The terminal backend (no TTY in tests) is never reached.
        let (t, user, printed) = try Self.session()
        #expect(try await t.call("showModal", ["title": "Done", "showCancel": false])
            == ["confirm": true, "cancel": false, "errMsg": "showModal:ok"])
        #expect(printed.all == ["[modal] Done → confirm"])
        #expect(user.prompts.count == 1)
    }

    @Test func modalWithoutAnAnswerFailsClearly() async throws {
        // Run from an interactive shell the terminal would ask instead.
        guard isatty(STDIN_FILENO) == 0 else { return }
        let (t, _, printed) = try Self.session()
        #expect(await Self.errMsg(t, "showModal", ["title": "Sure?"])
            == "showModal:fail no terminal to answer the modal; pass --modal confirm, --modal confirm:TEXT or --modal cancel")
        #expect(printed.all.isEmpty)
    }

    @Test func modalValidatesLikeWeChat() async throws {
        let (t, user, _) = try Self.session(modals: .scripted([.confirm(nil)]))
        #expect(await Self.errMsg(t, "showModal", ["confirmText": "Confirm it"])
            == "showModal:fail confirmText length should not larger than 4 Chinese characters")
        #expect(await Self.errMsg(t, "showModal", ["cancelText": "不要了不要了"])
            == "showModal:fail cancelText length should not larger than 4 Chinese characters")
        #expect(await Self.errMsg(t, "showModal", ["title": 1])
            == "showModal:fail parameter error: parameter.title should be String instead of Number;")
        #expect(await Self.errMsg(t, "showModal", ["showCancel": "no"])
            == "showModal:fail parameter error: parameter.showCancel should be Boolean instead of String;")
        #expect(await Self.errMsg(t, "showModal", ["confirmColor": "red"])
            == "showModal:fail parameter error: parameter.confirmColor should be a hex color like \"#RRGGBB\" instead of \"red\";")
        #expect(await Self.errMsg(t, "showModal", ["editable": 1])
            == "showModal:fail parameter error: parameter.editable should be Boolean instead of Number;")
        #expect(user.prompts.isEmpty)
        // Four Chinese characters (or eight Latin ones) fit; colours in hex pass.
        #expect(try await t.call("showModal", ["confirmText": "确定删除", "cancelText": "Not now!", "confirmColor": "#576B95", "cancelColor": "#000"])["confirm"] == true)
    }

    @Test func alipayConfirmAndAlert() async throws {
        let (t, _, printed) = try Self.session(.my, modals: .scripted([.cancel]))
        #expect(try await t.call("confirm", ["title": "Pay?", "content": "¥1", "confirmButtonText": "Pay"]) == ["confirm": false])
        #expect(try await t.call("alert", ["title": "Paid"]) == [:])
        #expect(printed.all == ["[modal] Pay? — \"¥1\" → cancel", "[modal] Paid → confirm"])
        #expect(t.session.registry.global("showModal")?.dialects.contains(.my) == false)
    }

    @Test func theScreenShowsAModalWhileTheUserAnswers() async throws {
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var modals: [String?] = []
        }
        let seen = Seen()
        let (t, _, _) = try Self.session(modals: .scripted([.confirm(nil)]))
        t.session.screen.observe { s in seen.lock.withLock { seen.modals.append(s.modal?.title) } }
        _ = try await t.call("showModal", ["title": "Sure?"])
        #expect(seen.lock.withLock { seen.modals } == ["Sure?", nil])
    }

    // MARK: Action sheets

    @Test func actionSheetTapsAndCancels() async throws {
        let (t, _, printed) = try Self.session(sheets: .scripted([.tap(1), .cancel, .tap(5)]))
        let args: HostValue = ["itemList": ["Camera", "Album"], "alertText": "Choose a source"]
        #expect(try await t.call("showActionSheet", args) == ["tapIndex": 1, "errMsg": "showActionSheet:ok"])
        let cancel = await t.failure("showActionSheet", args)
        #expect(cancel?.shaped == ["errMsg": "showActionSheet:fail cancel", "errno": 1])
        // An answer beyond the items is the script's mistake, said plainly.
        #expect(await Self.errMsg(t, "showActionSheet", args)
            == "showActionSheet:fail the action sheet has 2 items; there is no item 5")
        #expect(printed.all == [
            "[action-sheet] Choose a source: Camera | Album → 1 (Album)", "[action-sheet] Choose a source: Camera | Album → cancel",
            "[action-sheet] Choose a source: Camera | Album → 5 (no such item)",
        ])
        #expect(t.session.screen.snapshot.actionSheet == nil)
    }

    @Test func actionSheetValidatesItsList() async throws {
        let (t, user, _) = try Self.session(sheets: .scripted([.tap(0)]))
        #expect(await Self.errMsg(t, "showActionSheet", .undefined)
            == "showActionSheet:fail parameter error: parameter.itemList should be Array instead of Undefined;")
        #expect(await Self.errMsg(t, "showActionSheet", ["itemList": []])
            == "showActionSheet:fail parameter error: parameter.itemList should not be empty;")
        #expect(await Self.errMsg(t, "showActionSheet", ["itemList": ["1", "2", "3", "4", "5", "6", "7"]])
            == "showActionSheet:fail parameter error: itemList should not be large than 6")
        #expect(await Self.errMsg(t, "showActionSheet", ["itemList": ["a", 2]])
            == "showActionSheet:fail parameter error: parameter.itemList[1] should be String instead of Number;")
        #expect(await Self.errMsg(t, "showActionSheet", ["itemList": ["a"], "itemColor": "blue"])
            == "showActionSheet:fail parameter error: parameter.itemColor should be a hex color like \"#RRGGBB\" instead of \"blue\";")
        #expect(user.prompts.isEmpty)
        #expect(try await t.call("showActionSheet", ["itemList": ["1", "2", "3", "4", "5", "6"]])["tapIndex"] == 0)
    }

    @Test func alipayActionSheetCancelIsIndexMinusOne() async throws {
        let (t, _, _) = try Self.session(.my, sheets: .scripted([.tap(2), .cancel]))
        let args: HostValue = ["title": "Share", "items": ["A", "B", "C", "D", "E", "F", "G"]]
        #expect(try await t.call("showActionSheet", args) == ["index": 2])
        #expect(try await t.call("showActionSheet", args) == ["index": -1])
    }

    // MARK: Navigation bar and vibration

    @Test func navigationBarAndVibration() async throws {
        let (t, user, printed) = try Self.session()
        _ = try await t.call("setNavigationBarTitle", ["title": "Camera"])
        _ = try await t.call("setNavigationBarColor", ["frontColor": "#ffffff", "backgroundColor": "#1aad19", "animation": ["duration": 400, "timingFunc": "easeIn"]])
        _ = try await t.call("vibrateShort", ["type": "heavy"])
        _ = try await t.call("vibrateShort")
        _ = try await t.call("vibrateLong")
        #expect(printed.all == [
            "[navigation-bar] title \"Camera\"", "[navigation-bar] color #ffffff on #1aad19", "[vibrate] short (heavy)",
            "[vibrate] short", "[vibrate] long",
        ])
        #expect(user.notices.last == .vibrate(long: true, type: nil))
        let screen = t.session.screen.snapshot
        #expect(screen.navigationBarTitle == "Camera")
        #expect(screen.navigationBarColors?.background == "#1aad19")

        #expect(await Self.errMsg(t, "setNavigationBarTitle", .undefined)
            == "setNavigationBarTitle:fail parameter error: parameter.title should be String instead of Undefined;")
        #expect(await Self.errMsg(t, "setNavigationBarColor", ["frontColor": "#ff0000", "backgroundColor": "#000000"])
            == "setNavigationBarColor:fail parameter error: parameter.frontColor should be one of \"#ffffff\", \"#000000\" instead of \"#ff0000\";")
        #expect(await Self.errMsg(t, "setNavigationBarColor", ["frontColor": "#000000"])
            == "setNavigationBarColor:fail parameter error: parameter.backgroundColor should be String instead of Undefined;")
        #expect(await Self.errMsg(t, "setNavigationBarColor", ["frontColor": "#000000", "backgroundColor": "#12345"])
            == "setNavigationBarColor:fail parameter error: parameter.backgroundColor should be a hex color like \"#RRGGBB\" instead of \"#12345\";")
        #expect(await Self.errMsg(t, "setNavigationBarColor", ["frontColor": "#000000", "backgroundColor": "#123456", "animation": ["timingFunc": "bounce"]])
            == "setNavigationBarColor:fail parameter error: parameter.timingFunc should be one of \"linear\", \"easeIn\", \"easeOut\", \"easeInOut\" instead of \"bounce\";")
        #expect(await Self.errMsg(t, "vibrateShort", ["type": "strong"])
            == "vibrateShort:fail parameter error: parameter.type should be one of \"heavy\", \"medium\", \"light\" instead of \"strong\";")
        #expect(t.session.screen.snapshot.navigationBarColors?.background == "#1aad19")
    }

    @Test func alipayNavigationBar() async throws {
        let (t, _, printed) = try Self.session(.my)
        #expect(try await t.call("setNavigationBar", ["title": "Pay", "backgroundColor": "#108ee9"]) == [:])
        #expect(printed.all == ["[navigation-bar] title \"Pay\"", "[navigation-bar] color #000000 on #108ee9"])
        #expect(t.session.registry.global("setNavigationBarTitle")?.dialects.contains(.my) == false)
    }
}
