import Foundation
import MiniAutomation
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

/// The automation protocol over a real WebSocket, against the fixture app.
@Suite(.serialized) struct AutomationProtocolTests {
    @Test func connectSequenceAndErrors() async throws {
        try await AutomationHarness.with { client, _ in
            // What a connecting minium sends first.
            let info = try await client.call("Tool.getInfo")
            #expect(info.result?["SDKVersion"] as? String == AutomationDriver.sdkVersion)
            let system = try await client.call("App.callWxMethod", ["method": "getSystemInfoSync", "args": [Any]()])
            #expect((system.result?["result"] as? [String: Any])?["brand"] as? String == "MiniMedia")
            let sum = try await client.call(
                "App.callFunction", ["functionDeclaration": "function (a, b) { return Promise.resolve(a + b) }", "args": [2, 3]])
            #expect(sum.result?["result"] as? Int == 5)
            // miniprogram-automator's first call on DevTools.
            #expect(try await client.call("App.callWxMethod", ["method": "$$initRuntimeAutomator", "args": [Any]()]).error == nil)
            let config = try await client.call("App.callFunction", ["functionDeclaration": "function () { return __wxConfig.pages }"])
            #expect(config.result?["result"] as? [String] == ["pages/index/index", "pages/camera/camera", "pages/video/video", "pages/controls/controls"])

            // Errors carry precise messages.
            #expect(try await client.call("App.callWxMethod", ["method": "nope"]).error == "wx.nope not exists")
            #expect(try await client.call("App.callFunction", ["functionDeclaration": "function () { throw new Error('boom') }"]).error == "boom")
            #expect(try await client.call("App.callFunction", ["functionDeclaration": "42"]).error == "functionDeclaration is not a function")
            #expect(try await client.call("App.callFunction", ["functionDeclaration": 7]).error == "App.callFunction: params.functionDeclaration must be a string")
            #expect(try await client.call("App.nothing").error == "App.nothing unimplemented")
            #expect(try await client.call("App.captureScreenshot").error?.contains("needs the browser view (minimedia serve)") == true)
            let rejected = try await client.call("App.callWxMethod", ["method": "navigateTo", "args": [["url": "/pages/missing/missing"]]])
            #expect(rejected.error?.hasPrefix("navigateTo:fail") == true)
            try await client.send(raw: "not json")
            let bad = try await client.nextReply()
            #expect(bad["id"] is NSNull)
            #expect((bad["error"] as? [String: Any])?["message"] as? String == "the message is not a JSON object")
            // Tool.native methods it does not know answer as DevTools does.
            let unknown = try await client.call("Tool.native", ["method": "clickCoverView"])
            #expect((unknown.result?["error"] as? [String: Any])?["message"] as? String == "can not find in protocol: clickCoverView")
        }
    }

    @Test func pageDataMethodsAndElements() async throws {
        try await AutomationHarness.with { client, _ in
            let page = try #require(try await client.call("App.getCurrentPage").result)
            #expect(page["path"] as? String == "pages/index/index")
            let added = try await client.call("Page.callMethod", ["method": "add", "args": ["three"]])
            #expect(added.result?["result"] as? Int == 3)
            _ = try await client.call("Page.setData", ["data": ["items": ["a", "b", "c", "d"]]])
            let data = try await client.call("Page.getData")
            #expect((data.result?["data"] as? [String: Any])?["items"] as? [String] == ["a", "b", "c", "d"])

            let items = try #require(try await client.call("Page.getElements", ["selector": ".item"]).result?["elements"] as? [[String: Any]])
            #expect(items.count == 4)
            let texts = try await items.asyncMap { item in
                try await client.call("Element.getWXML", ["elementId": item["elementId"]!, "type": "inner"]).result?["wxml"] as? String
            }
            #expect(texts == ["a", "b", "c", "d"])
            let byXPath = try await client.call("Page.getElementByXpath", ["selector": "//view[@class='row']/button[text()='Choose image']"])
            #expect(byXPath.result?["tagName"] as? String == "button")
            let third = try await client.call("Page.getElementsByXpath", ["selector": "//view[contains(@class,'item')][3]"])
            #expect((third.result?["elements"] as? [Any])?.count == 1)
            #expect(try await client.call("Page.getElementByXpath", ["selector": "//view/.."]).error?.hasPrefix("unsupported xpath") == true)
            #expect(try await client.call("Page.getElement", ["selector": "#nothing"]).error == "Page.getElement: no element matches \"#nothing\"")
            #expect(try await client.call("Page.getElements", ["selector": "view[[["]).error?.hasPrefix("invalid selector") == true)
            let button = try #require(try await client.call("Page.getElement", ["selector": "#pick"]).result)
            let outer = try await client.call("Element.getWXML", ["elementId": button["elementId"]!])
            #expect(outer.result?["wxml"] as? String == #"<button id="pick">Choose image</button>"#)
            let offset = try #require(try await client.call("Element.getOffset", ["elementId": button["elementId"]!]).result)
            #expect(offset["left"] as? Double == 0)
            #expect((offset["top"] as? Double ?? 0) > 0)
            #expect(try await client.call("Element.tap", ["elementId": "/nowhere:1:1"]).error == "Element.tap: element /nowhere:1:1 is not on the page on screen")

            // A mocked wx.chooseImage answers the tap's call; restored, the real one runs again.
            _ = try await client.call("App.mockWxMethod", ["method": "chooseImage", "result": ["tempFilePaths": ["wxfile://mock.jpg"], "errMsg": "chooseImage:ok"]])
            _ = try await client.call("Element.tap", ["elementId": button["elementId"]!])
            let picked = try await client.poll("Page.getData") { (($0.result?["data"] as? [String: Any])?["picked"] as? [String])?.isEmpty == false }
            #expect((picked.result?["data"] as? [String: Any])?["picked"] as? [String] == ["wxfile://mock.jpg"])
            _ = try await client.call("App.mockWxMethod", ["method": "chooseImage"])
            let restored = try await client.call("App.callFunction", ["functionDeclaration": "function () { return String(wx.chooseImage).indexOf('mock') < 0 }"])
            #expect(restored.result?["result"] as? Bool == true)
        }
    }

    @Test func customComponentElementsGetSetDataAndCallMethods() async throws {
        try await AutomationHarness.with { client, _ in
            let tally = try #require(try await client.call("Page.getElement", ["selector": "#tally"]).result)
            #expect(tally["tagName"] as? String == "tally")
            #expect(tally["nodeId"] as? String == tally["elementId"] as? String)
            let data = try #require(try await client.call("Element.getData", ["elementId": tally["elementId"]!]).result?["data"] as? [String: Any])
            #expect(data["start"] as? Int == 2 && data["count"] as? Int == 0 && data["label"] as? String == "tally")
            let added = try await client.call("Element.callMethod", ["elementId": tally["elementId"]!, "method": "add", "args": [3]])
            #expect(added.result?["result"] as? Int == 3)
            _ = try await client.call("Element.setData", ["elementId": tally["elementId"]!, "data": ["label": "x"]])
            // Elements inside the component are found from the page and from the host element.
            let count = try #require(try await client.call("Element.getElement", ["elementId": tally["elementId"]!, "selector": "#tally-count"]).result)
            #expect(try await client.call("Element.getWXML", ["elementId": count["elementId"]!, "type": "inner"]).result?["wxml"] as? String == "x 5")
            let bump = try #require(try await client.call("Page.getElement", ["selector": "#bump"]).result)
            _ = try await client.call("Element.tap", ["elementId": bump["elementId"]!])
            let bumped = try await client.poll("Page.getData") { ($0.result?["data"] as? [String: Any])?["bumped"] != nil }
            #expect((bumped.result?["data"] as? [String: Any])?["bumped"] as? Int == 6)
            let none = try await client.call("Element.callMethod", ["elementId": tally["elementId"]!, "method": "nope", "args": []])
            #expect(none.error == "component /components/tally/tally has no method \"nope\"")
            let title = try #require(try await client.call("Page.getElement", ["selector": "#title"]).result)
            #expect(try await client.call("Element.getData", ["elementId": title["elementId"]!]).error == "Element.getData: <text> is not a custom component")
        }
    }

    @Test func cameraPermissionShutterAndLogs() async throws {
        try await AutomationHarness.with { client, driver in
            _ = try await client.call("App.enableLog")
            _ = try await client.call("App.addBinding", ["name": "routeDone"])
            _ = try await client.call("App.callFunction", ["functionDeclaration": "function () { wx.onAppRouteDone(function (o) { routeDone(o) }) }"])
            let nav = try await client.call("Page.navigate", ["url": "/pages/camera/camera"])
            #expect((nav.result?["result"] as? [String: Any])?["errMsg"] as? String == "navigateTo:ok")
            let route = try await client.waitForEvent { m, p in m == "App.bindingCalled" && p["name"] as? String == "routeDone" }
            #expect(((route?["args"] as? [Any])?.first as? [String: Any])?["path"] as? String == "pages/camera/camera")
            // The <camera> asks for the camera; the prompt waits for the client.
            let deadline = ContinuousClock.now + .seconds(30)
            while driver.user.pendingPrompts.isEmpty, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
            #expect(driver.user.pendingPrompts.first.map { if case .consent(_, let scope, _) = $0 { scope == .camera } else { false } } == true)
            let answered = try await client.call("Tool.native", ["method": "authorizeAllow"])
            #expect(answered.result?["answered"] as? String == "prompt")
            let ready = try await client.poll("Page.getData") { ($0.result?["data"] as? [String: Any])?["ready"] as? Bool == true }
            #expect((ready.result?["data"] as? [String: Any])?["ready"] as? Bool == true)

            let shutter = try #require(try await client.call("Page.getElement", ["selector": "#shutter"]).result)
            _ = try await client.call("Element.tap", ["elementId": shutter["elementId"]!])
            let shot = try await client.poll("Page.getData") { (($0.result?["data"] as? [String: Any])?["photo"] as? String ?? "") != "" }
            let photo = try #require((shot.result?["data"] as? [String: Any])?["photo"] as? String)
            #expect(photo.hasPrefix("wxfile://tmp_") && photo.hasSuffix(".jpg"))
            let file = driver.app.session.sandbox.tempDir.appendingPathComponent(String(photo.dropFirst("wxfile://tmp_".count)))
            let bytes = try Data(contentsOf: file)
            #expect(bytes.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
            try MediaTools.ffmpeg(["-i", file.path, "-f", "null", "-"])
            let log = try await client.waitForEvent { m, p in m == "App.logAdded" && ((p["args"] as? [String])?.first ?? "").hasPrefix("photo wxfile://") }
            #expect(log?["type"] as? String == "log")

            // A context method through the element.
            let camera = try #require(try await client.call("Page.getElement", ["selector": "camera"]).result)
            #expect(camera["videoId"] as? String == "cam")
            let viaContext = try await client.call("Element.callContextMethod", ["elementId": camera["elementId"]!, "method": "takePhoto", "args": [Any]()])
            #expect(((viaContext.result?["result"] as? [String: Any])?["tempImagePath"] as? String)?.hasSuffix(".jpg") == true)
            let notContext = try await client.call("Element.callContextMethod", ["elementId": shutter["elementId"]!, "method": "play"])
            #expect(notContext.error == "Element.callContextMethod: <button> has no context (video, camera, live-player, live-pusher)")
            let stack = try await client.call("App.getPageStack")
            #expect((stack.result?["pageStack"] as? [[String: Any]])?.map { $0["path"] as? String } == ["pages/index/index", "pages/camera/camera"])
        }
    }

    @Test func deniedCameraAndEarlyAnswer() async throws {
        try await AutomationHarness.with { client, _ in
            // Answered before the page asks: kept for the prompt.
            let early = try await client.call("Tool.native", ["method": "authorizeCancel"])
            #expect(early.result?["answered"] as? String == "queued")
            _ = try await client.call("Page.navigate", ["url": "/pages/camera/camera"])
            let denied = try await client.poll("Page.getData") { (($0.result?["data"] as? [String: Any])?["error"] as? String ?? "") != "" }
            let error = (denied.result?["data"] as? [String: Any])?["error"] as? String ?? ""
            #expect(error.contains("auth deny") || error.contains("authorize"), "\(error)")
        }
    }

    @Test func pageCodeCannotReachTheAutomationScope() async throws {
        try await AutomationHarness.with { client, driver in
            _ = try await client.call("App.callFunction", ["functionDeclaration": "function () { return 1 }"])
            #expect(await driver.app.evaluate("""
                globalThis.__probe = [typeof automationPage, typeof automationState, typeof reply, typeof __wxConfig,
                  typeof wx.onAppRouteDone, typeof wx.getAccountInfoSync];
                """))
            let probe = try await client.call("App.callFunction", ["functionDeclaration": "function () { return globalThis.__probe }"])
            #expect(probe.result?["result"] as? [String] == ["undefined", "undefined", "undefined", "undefined", "undefined", "undefined"])
        }
    }
}

extension Array {
    func asyncMap<T>(_ body: (Element) async throws -> T) async rethrows -> [T] {
        var out: [T] = []
        for e in self { out.append(try await body(e)) }
        return out
    }
}
