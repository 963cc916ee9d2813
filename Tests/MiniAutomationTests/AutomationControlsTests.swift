import Foundation
import MiniAutomation
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

/// `Element.callFunction` (minium's `input`, `switch`, `slide_to`, `scroll_to`, `swipe_to`,
/// `move_to`) and `Tool.clearAuth`, against the fixture's controls page.
@Suite(.serialized) struct AutomationControlsTests {
    /// The events the controls page logged, as `[kind, detail]`.
    static func events(_ client: AutomationClient) async throws -> [[String: Any]] {
        let data = try await client.call("Page.getData")
        return (data.result?["data"] as? [String: Any])?["events"] as? [[String: Any]] ?? []
    }

    static func element(_ client: AutomationClient, _ selector: String) async throws -> Any {
        try #require(try await client.call("Page.getElement", ["selector": selector]).result?["elementId"])
    }

    @Test func formControlsFireTheirEvents() async throws {
        try await AutomationHarness.with { client, _ in
            _ = try await client.call("Page.navigate", ["url": "/pages/controls/controls"])
            _ = try await client.poll("App.getCurrentPage") { $0.result?["path"] as? String == "pages/controls/controls" }
            func call(_ selector: String, _ function: String, _ args: [Any] = []) async throws -> Reply {
                try await client.call("Element.callFunction", ["elementId": try await Self.element(client, selector), "functionName": function, "args": args])
            }

            // input.input: the text (cut at maxlength 8) as `input`, then `confirm`.
            #expect(try await call("#name", "input.input", ["hello automation", true]).error == nil)
            let typed = try await Self.events(client)
            #expect(typed.map { $0["kind"] as? String } == ["input", "confirm"])
            #expect((typed[0]["detail"] as? [String: Any])?["value"] as? String == "hello au")
            #expect((typed[0]["detail"] as? [String: Any])?["cursor"] as? Int == 8)
            #expect(typed[0]["id"] as? String == "name")
            let name = try await client.call("Page.getData")
            #expect((name.result?["data"] as? [String: Any])?["name"] as? String == "hello au")

            // switch.tap toggles on, then off; a disabled switch does nothing.
            _ = try await call("#flag", "switch.tap")
            _ = try await call("#flag", "switch.tap")
            _ = try await call("#off", "switch.tap")
            let switched = try await Self.events(client).filter { $0["kind"] as? String == "switch" }
            #expect(switched.map { ($0["detail"] as? [String: Any])?["value"] as? Bool } == [true, false])

            // slider.slideTo: clamped to max and snapped to the step.
            _ = try await call("#level", "slider.slideTo", [23])
            _ = try await call("#level", "slider.slideTo", [90])
            let slid = try await Self.events(client).filter { $0["kind"] as? String == "slide" }
            #expect(slid.map { ($0["detail"] as? [String: Any])?["value"] as? Double } == [25, 50])

            // scroll-view: six 40 px rows in a 100 px view scroll at most 140 px.
            _ = try await call("#list", "scroll-view.scrollTo", [0, 500])
            let scrolled = try #require(try await Self.events(client).last(where: { $0["kind"] as? String == "scroll" })?["detail"] as? [String: Any])
            #expect(scrolled["scrollTop"] as? Double == 140)
            #expect(scrolled["scrollHeight"] as? Double == 240)
            #expect(scrolled["deltaY"] as? Double == -140)
            #expect(try await call("#list", "scroll-view.scrollTop").result?["result"] as? Double == 140)
            #expect(try await call("#list", "scroll-view.scrollHeight").result?["result"] as? Double == 240)

            // swiper.swipeTo names the item; movable-view.moveTo reports the position.
            _ = try await call("#cards", "swiper.swipeTo", [1])
            let swiped = try await Self.events(client).last(where: { $0["kind"] as? String == "swipe" })?["detail"] as? [String: Any]
            #expect(swiped?["current"] as? Int == 1)
            #expect(swiped?["currentItemId"] as? String == "b")
            _ = try await call("#knob", "movable-view.moveTo", [12, 34])
            let moved = try await Self.events(client).last(where: { $0["kind"] as? String == "move" })?["detail"] as? [String: Any]
            #expect(moved?["x"] as? Double == 12)
            #expect(moved?["source"] as? String == "touch")

            // Errors name what is wrong.
            #expect(try await call("#name", "switch.tap").error == "Element.callFunction: switch.tap needs a <switch>, not a <input>")
            #expect(try await call("#cards", "swiper.swipeTo", [5]).error == "Element.callFunction: swiper.swipeTo index 5.0 is not one of the swiper's 2 items")
            #expect(try await call("#level", "slider.slideTo", ["x"]).error == "Element.callFunction: slider.slideTo argument 1 must be a finite number")
            #expect(try await call("#name", "input.input", [42]).error == "Element.callFunction: input.input needs the text as its first argument")
            #expect(try await call("#name", "eval").error?.hasPrefix("Element.callFunction: unknown function \"eval\"") == true)
        }
    }

    @Test func clearAuthForgetsDecisions() async throws {
        try await AutomationHarness.with { client, driver in
            try await driver.app.session.permissions.store().record(.camera, granted: true)
            #expect(try driver.app.session.permissions.currentDecisions()[.camera] == true)
            #expect(try await client.call("Tool.clearAuth").error == nil)
            #expect(try driver.app.session.permissions.currentDecisions().isEmpty)
            let setting = try await client.call("App.callWxMethod", ["method": "getSetting", "args": [Any]()])
            #expect(((setting.result?["result"] as? [String: Any])?["authSetting"] as? [String: Any])?.isEmpty == true)
        }
    }
}
