import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

@Suite("Navigation: the page stack over app.json's pages")
struct NavigationTests {
    /// An app of `NavigationApp` opened at `page`, with the standard modules and a camera the
    /// user allows.
    static func open(_ dir: TemporaryDirectory, page: String? = nil, dialect: Dialect = .wx) async throws -> MiniApp {
        var config = MiniAppConfiguration(
            path: try NavigationApp.write(in: dir), page: page, dialect: dialect, modules: try StandardModules.make(),
            user: ScriptedUser(consent: .allow), dataDirectory: dir.file("data"))
        config.timeout = 60
        let app = try MiniApp(config)
        #expect(await app.open())
        return app
    }

    /// Logs from index `from` on, without the camera's asynchronous event lines.
    static func lifecycle(_ app: MiniApp, from: Int) -> [String] {
        Array(app.logLines.dropFirst(from)).filter { !$0.contains("camera ") }
    }

    static func go(_ app: MiniApp, _ api: String, _ options: HostValue) async -> Bool {
        await app.tap("go", detail: ["api": .string(api), "options": options])
    }

    @Test func navigateToAndBackStopsTheCameraAndReopensIt() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir, page: "pages/camera/camera")
        #expect(app.logLines.prefix(4) == [
            "app.onLaunch pages/camera/camera", "camera.onLoad {} loads=1 stack=camera", "camera.onShow", "camera.onReady",
        ])
        #expect(app.logLines.contains("camera.camera initdone"))
        let controller = try #require(CameraHub.of(app.session).controller)
        #expect(controller.phase == .ready)

        var mark = app.logLines.count
        #expect(await Self.go(app, "navigateTo", ["url": "../detail/detail?n=1&name=%E4%B8%AD&flag"]))
        #expect(Self.lifecycle(app, from: mark) == [
            "camera.onHide",
            #"detail#1.onLoad {"n":"1","name":"%E4%B8%AD","flag":"undefined"} loads=1 stack=camera,detail"#,
            "detail#1.onShow", "detail#1.onReady", "navigateTo navigateTo:ok",
        ])
        // The hidden page's camera stopped, said so, and is not the current page's camera.
        #expect(app.logLines.dropFirst(mark).contains("camera.camera stop"))
        #expect(controller.phase == .stopped)
        #expect(app.session.components.find(tag: "camera") == nil)
        #expect(CameraHub.of(app.session).controller == nil)
        #expect(app.currentRoute == "pages/detail/detail")
        #expect(app.pageStack == [
            PageEntry(route: "pages/camera/camera"),
            PageEntry(route: "pages/detail/detail", query: ["n": "1", "name": "%E4%B8%AD", "flag": "undefined"]),
        ])

        mark = app.logLines.count
        #expect(await Self.go(app, "navigateBack", [:]))
        #expect(Self.lifecycle(app, from: mark) == ["detail#1.onUnload", "camera.onShow", "navigateBack navigateBack:ok"])
        // Back on the camera page, the camera opens again.
        #expect(app.logLines.dropFirst(mark).contains("camera.camera initdone"))
        #expect(controller.phase == .ready)
        #expect(app.session.components.find(tag: "camera", id: "cam") != nil)
        #expect(CameraHub.of(app.session).controller === controller)
        #expect(app.pageStack == [PageEntry(route: "pages/camera/camera")])

        let events = app.events.compactMap { e -> String? in
            if case .componentEvent("camera", "cam", let name, _) = e { name } else { nil }
        }
        #expect(events == ["initdone", "stop", "initdone"])
        #expect(await app.stop() == .idle)
        // The end of the run: the page hides (its camera stops: the event still reaches it), the
        // app hides, the page unloads.
        #expect(Array(app.logLines.suffix(4)) == ["camera.onHide", "app.onHide", "camera.onUnload", "camera.camera stop"])
        #expect(controller.phase == .stopped)
        #expect(app.uncaughtError == nil)
    }

    @Test func redirectToAndReLaunchUnloadInWeChatsOrder() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        var mark = app.logLines.count
        #expect(await Self.go(app, "navigateTo", ["url": "/pages/detail/detail?n=1"]))
        #expect(await Self.go(app, "navigateTo", ["url": "/pages/detail/detail?n=2"]))
        #expect(await Self.go(app, "redirectTo", ["url": "/pages/camera/camera?n=3"]))
        #expect(Self.lifecycle(app, from: mark) == [
            "index.onHide", #"detail#1.onLoad {"n":"1"} loads=1 stack=index,detail"#, "detail#1.onShow", "detail#1.onReady",
            "navigateTo navigateTo:ok",
            // The page file ran once: its module state is shared by the second instance.
            "detail#1.onHide", #"detail#2.onLoad {"n":"2"} loads=2 stack=index,detail,detail"#, "detail#2.onShow", "detail#2.onReady",
            "navigateTo navigateTo:ok",
            "detail#2.onUnload", #"camera#3.onLoad {"n":"3"} loads=1 stack=index,detail,camera"#, "camera#3.onShow", "camera#3.onReady",
            "redirectTo redirectTo:ok",
        ])
        mark = app.logLines.count
        #expect(await Self.go(app, "reLaunch", ["url": "/pages/detail/detail?n=4"]))
        #expect(Self.lifecycle(app, from: mark) == [
            "camera#3.onUnload", "detail#1.onUnload", "index.onUnload",
            #"detail#4.onLoad {"n":"4"} loads=3 stack=detail"#, "detail#4.onShow", "detail#4.onReady", "reLaunch reLaunch:ok",
        ])
        #expect(app.session.components.find(tag: "camera") == nil)
        let kinds = app.events.compactMap { e -> String? in if case .navigated(let kind, _, _) = e { kind } else { nil } }
        #expect(kinds == ["appLaunch", "navigateTo", "navigateTo", "redirectTo", "reLaunch"])
        #expect(app.events.contains(.navigated(
            kind: "redirectTo", from: "pages/detail/detail",
            stack: [PageEntry(route: "pages/index/index"), PageEntry(route: "pages/detail/detail", query: ["n": "1"]),
                PageEntry(route: "pages/camera/camera", query: ["n": "3"])])))
        #expect(await app.stop() == .idle)
        #expect(app.pageStack.isEmpty && app.currentRoute == nil)
    }

    @Test func switchTabKeepsTabPagesAliveAndClosesTheOthers() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        let mark = app.logLines.count
        #expect(await Self.go(app, "navigateTo", ["url": "/pages/detail/detail?n=1"]))
        #expect(await Self.go(app, "switchTab", ["url": "/pages/other/other?ignored=1"]))
        #expect(app.pageStack == [PageEntry(route: "pages/other/other")])
        #expect(await Self.go(app, "switchTab", ["url": "../index/index"]))
        #expect(await Self.go(app, "switchTab", ["url": "/pages/index/index"]))  // already there: nothing happens
        #expect(await app.tap("pages"))
        #expect(Self.lifecycle(app, from: mark) == [
            "index.onHide", #"detail#1.onLoad {"n":"1"} loads=1 stack=index,detail"#, "detail#1.onShow", "detail#1.onReady",
            "navigateTo navigateTo:ok",
            // The detail page closes; the index tab stays alive (already hidden).
            "detail#1.onUnload", "other.onLoad {} loads=1 stack=other", "other.onShow", "other.onReady", "switchTab switchTab:ok",
            // Back to the index tab: shown again, not loaded again; the other tab hides.
            "other.onHide", "index.onShow", "switchTab switchTab:ok",
            "switchTab switchTab:ok",
            "pages pages/index/index{}",
        ])
        let end = app.logLines.count
        #expect(await app.stop() == .idle)
        // The end of the run: the page on top hides, the app hides, every page unloads top first.
        #expect(Array(app.logLines.dropFirst(end)) == ["index.onHide", "app.onHide", "index.onUnload", "other.onUnload"])
    }

    @Test func theStackHoldsTenPagesAndGetCurrentPagesListsThem() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        #expect(await app.tap("many"))
        let failures = app.logLines.filter { $0.hasSuffix("webview count limit exceed") }
        #expect(failures == ["10 navigateTo:fail webview count limit exceed", "11 navigateTo:fail webview count limit exceed",
            "12 navigateTo:fail webview count limit exceed"])
        #expect(app.pageStack.count == 10)
        #expect(app.pageStack.last == PageEntry(route: "pages/detail/detail", query: ["n": "9"]))
        #expect(await app.tap("pages"))
        #expect(app.logLines.last == "pages pages/index/index{} " + (1...9).map { #"pages/detail/detail{"n":"\#($0)"}"# }.joined(separator: " "))
        // navigateBack beyond the stack goes to the first page.
        let mark = app.logLines.count
        #expect(await Self.go(app, "navigateBack", ["delta": 50]))
        #expect(Self.lifecycle(app, from: mark) == (1...9).reversed().map { "detail#\($0).onUnload" } + ["index.onShow", "navigateBack navigateBack:ok"])
        #expect(await app.stop() == .idle)
    }

    @Test func failuresCarryWeChatsMessages() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        let cases: [(String, HostValue, String)] = [
            ("navigateTo", ["url": "nope"], #"navigateTo:fail page "pages/index/nope" is not found"#),
            ("navigateTo", ["url": "/pages/other/other"], "navigateTo:fail can not navigateTo a tabbar page"),
            ("redirectTo", ["url": "/pages/other/other"], "redirectTo:fail can not redirectTo a tabbar page"),
            ("switchTab", ["url": "/pages/detail/detail"], "switchTab:fail can not switch to no-tabBar page"),
            ("reLaunch", ["url": "/pages/x/x?a=1"], #"reLaunch:fail page "pages/x/x" is not found"#),
            ("navigateBack", [:], "navigateBack:fail cannot navigate back at first page."),
            ("navigateBack", ["delta": "2"], "navigateBack:fail parameter error: parameter.delta should be Number instead of String;"),
            ("navigateTo", [:], "navigateTo:fail parameter error: parameter.url should be String instead of Undefined;"),
            ("navigateTo", ["url": 5], "navigateTo:fail parameter error: parameter.url should be String instead of Number;"),
            ("navigateTo", ["url": ["/pages/detail/detail"]], "navigateTo:fail parameter error: parameter.url should be String instead of Array;"),
            ("navigateTo", ["url": ""], "navigateTo:fail parameter error: parameter.url should not be empty;"),
            ("navigateTo", ["url": .string("/pages/detail/detail?x=" + String(repeating: "a", count: 10_000))],
                "navigateTo:fail parameter error: parameter.url should be at most 4096 bytes instead of 10023;"),
            ("navigateTo", ["url": "/pages/detail/detail\u{0}.js"], "navigateTo:fail parameter error: parameter.url should not contain control characters;"),
            ("navigateTo", ["url": "../../../../etc/passwd"], #"navigateTo:fail page "../etc/passwd" is not found"#),
            ("navigateTo", ["url": "/pages/detail/detail/../../../app"], #"navigateTo:fail page "app" is not found"#),
        ]
        for (api, options, message) in cases {
            let mark = app.logLines.count
            #expect(await Self.go(app, api, options))
            #expect(Array(app.logLines.dropFirst(mark)) == ["\(api) \(message)"], "\(api) \(options)")
        }
        #expect(app.pageStack == [PageEntry(route: "pages/index/index")])
        // The Promise form rejects with the same object.
        #expect(await app.tap("goPromise", detail: ["url": "/pages/nowhere/x"]))
        #expect(app.logLines.last == #"promise navigateTo:fail page "pages/nowhere/x" is not found"#)
        #expect(app.events.contains(.apiCall(name: "navigateTo", ok: false, result: [
            "errMsg": #"navigateTo:fail page "pages/nowhere/x" is not found"#, "errno": 1001,
        ])))
        #expect(await app.stop() == .idle)
        #expect(app.uncaughtError == nil)
    }

    @Test func alipayFailuresHaveItsShape() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir, dialect: .my)
        #expect(await app.evaluate("my.navigateTo({ url: '/pages/x/x', fail() {} })"))
        #expect(await app.settle())
        #expect(app.events.contains(.apiCall(name: "navigateTo", ok: false, result: [
            "error": 3, "errorMessage": #"page "pages/x/x" is not found"#,
        ])))
        #expect(await app.evaluate("my.navigateTo({ url: '/pages/detail/detail?n=1', success() {} })"))
        #expect(await app.settle())
        #expect(app.currentRoute == "pages/detail/detail")
        #expect(await app.stop() == .idle)
    }

    @Test func navigateToEventsTalkOverAnEventChannel() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        var mark = app.logLines.count
        #expect(await app.tap("openWithChannel"))
        #expect(Self.lifecycle(app, from: mark) == [
            "index.onHide",
            #"detail#c.onLoad {"n":"c","channel":"1"} loads=1 stack=index,detail"#,
            // Emitted in the opened page's onLoad: the opener's `events` listener hears it.
            #"index.heard fromOpened {"y":2}"#,
            "detail#c.onShow", "detail#c.onReady",
            // The opener's success: its end of the channel reaches the opened page.
            "opened function",
            #"detail#c.heard fromOpener {"x":1}"#,
        ])
        #expect(await Self.go(app, "navigateTo", ["url": "/pages/detail/detail?n=x", "events": 5]))
        #expect(app.logLines.last == "navigateTo navigateTo:fail parameter error: parameter.events should be Object instead of Number;")
        // A page opened without events still has a channel; no one hears it.
        mark = app.logLines.count
        #expect(await app.tap("lonelyChannel"))
        #expect(Array(app.logLines.dropFirst(mark)) == [
            "EventChannel.on: this is not an EventChannel", "EventChannel.on: listener should be Function", "lonely function",
        ])
        // The opener's channel getter was held only until the result was delivered.
        #expect(await app.withRuntime { $0.heldFunctionCount } == 0)
        #expect(await app.stop() == .idle)
        #expect(app.uncaughtError == nil)
    }

    @Test func navigatingFromLifecycleHooksQueuesOneAtATime() async throws {
        let dir = TemporaryDirectory("nav")
        let app = try await Self.open(dir)
        var mark = app.logLines.count
        // onLoad of the new page navigates twice in one tick: each waits for the one before.
        #expect(await Self.go(app, "navigateTo", ["url": "/pages/detail/detail?n=1&hop=twice"]))
        #expect(Self.lifecycle(app, from: mark) == [
            "index.onHide", #"detail#1.onLoad {"n":"1","hop":"twice"} loads=1 stack=index,detail"#, "detail#1.onShow",
            "detail#1.onReady", "navigateTo navigateTo:ok",
            "detail#1.onHide", #"detail#a.onLoad {"n":"a"} loads=2 stack=index,detail,detail"#, "detail#a.onShow",
            "detail#a.onReady", "navigateTo navigateTo:ok",
            "detail#a.onHide", #"detail#b.onLoad {"n":"b"} loads=3 stack=index,detail,detail,detail"#, "detail#b.onShow",
            "detail#b.onReady", "navigateTo navigateTo:ok",
        ])
        #expect(app.pageStack.map(\.route) == ["pages/index/index"] + Array(repeating: "pages/detail/detail", count: 3))
        // A page that navigates from its onUnload: the navigation runs after the one unloading it.
        #expect(await Self.go(app, "redirectTo", ["url": "/pages/detail/detail?n=leave"]))
        mark = app.logLines.count
        #expect(await Self.go(app, "reLaunch", ["url": "/pages/camera/camera?n=new"]))
        #expect(Self.lifecycle(app, from: mark) == [
            "detail#leave.onUnload", "detail#a.onUnload", "detail#1.onUnload", "index.onUnload",
            #"camera#new.onLoad {"n":"new"} loads=1 stack=camera"#, "camera#new.onShow", "camera#new.onReady",
            "reLaunch reLaunch:ok",
            "camera#new.onHide", #"detail#fromUnload.onLoad {"n":"fromUnload"} loads=5 stack=camera,detail"#,
            "detail#fromUnload.onShow", "detail#fromUnload.onReady", "navigateTo navigateTo:ok",
        ])
        #expect(app.pageStack.map(\.route) == ["pages/camera/camera", "pages/detail/detail"])
        #expect(await app.stop() == .idle)
        #expect(app.uncaughtError == nil)
    }
}
