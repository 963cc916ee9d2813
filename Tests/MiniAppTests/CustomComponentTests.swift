import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import MiniWXML
import Testing

/// The fixture app with custom components (Tests/ComponentFixtures/app).
let componentFixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ComponentFixtures/app").path

/// A copy of a package folder (so a test may add or break files).
func copyPackage(_ source: String, into dir: TemporaryDirectory) throws -> String {
    let target = dir.file("package")
    try FileManager.default.copyItem(atPath: source, toPath: target.path)
    return target.path
}

@Suite("Custom components: Component() + usingComponents")
struct CustomComponentTests {
    func app(_ dir: TemporaryDirectory, path: String = componentFixture, dialect: Dialect = .wx) throws -> MiniApp {
        var config = MiniAppConfiguration(
            path: path, modules: try StandardModules.make(), user: ScriptedUser(consent: .allow), dataDirectory: dir.file("data"),
            clock: ManualClock())
        config.dialect = dialect
        config.timeout = 600
        return try MiniApp(config)
    }

    func tree(_ app: MiniApp) throws -> RenderTree { try #require(app.session.renderedPage?.renderedTree()) }

    func element(_ app: MiniApp, id: String) throws -> RenderedElement {
        try #require(try tree(app).elements.first { $0.id == id }, "no element #\(id)")
    }

    @Test(arguments: [Dialect.wx, .qq, .swan, .tt])
    func hostElementsHoldTheComponentsTemplateWithSlotsFilledFromTheParent(dialect: Dialect) async throws {
        let dir = TemporaryDirectory("components")
        let app = try app(dir, dialect: dialect)
        #expect(await app.open())
        #expect(app.uncaughtError == nil)
        let c1 = try element(app, id: "c1")
        #expect(c1.tag == "counter")
        #expect(c1.component == "/components/counter/counter")
        #expect(c1.owner == nil)
        #expect(c1.classes == ["ctr"])
        #expect(c1.dataset["role"] == .string("first"))
        #expect(c1.attributes["count"] == .number(3))
        #expect(c1.events.map(\.event) == ["change"])
        // The component's own template, rendered against the instance's data, owned by it.
        let inner = try #require(c1.childElements.first)
        #expect(inner.id == "inner" && inner.owner == c1.identity)
        #expect(inner.children == [.text("n: 3 / 0")])
        // Slots: default and named, filled by the page's children, which the page still owns.
        let p1 = try element(app, id: "p1")
        let slot = try element(app, id: "default-slot")
        #expect(slot.owner == nil)
        #expect(slot.children == [.text("default n")])
        let panel = try #require(p1.childElements.first)
        #expect(panel.classes == ["panel"])
        #expect(panel.childElements.map { $0.id ?? $0.classes.first ?? $0.tag } == ["title", "default-slot", "foot", "nested", "pcam"])
        let foot = try #require(panel.childElements.first { $0.classes == ["foot"] })
        #expect(foot.childElements.map(\.id) == ["footer-slot"])
        // A nested component inside a component, and the app's global component.
        let nested = try element(app, id: "nested")
        #expect(nested.owner == p1.identity && nested.component == "/components/counter/counter")
        #expect(nested.childElements.first?.children == [.text("nested: 5 / 0")])
        #expect(try element(app, id: "foot").component == "/components/foot/foot")
        _ = await app.stop()
    }

    @Test func lifetimesRunInOrderAroundThePagesAndPropertiesAreCoerced() async throws {
        let dir = TemporaryDirectory("components")
        let app = try app(dir)
        #expect(await app.open())
        let lines = app.logLines
        #expect(Array(lines.prefix(18)) == [
            "created c1", "count c1 number 3 1", "observer c1 3 0",
            "created p1", "created nested", "count nested number 5 1", "observer nested 5 0", "created foot",
            "attached c1", "attached p1", "attached nested", "attached foot",
            "page onLoad",
            "ready nested", "ready foot", "ready p1", "ready c1",
            "page onReady",
        ])
        #expect(lines.contains("selectComponent /components/counter/counter 3 n"))
        // Only the page's own components: #nested lives in the panel's template.
        #expect(lines.contains("selectAllComponents 1 null"))
        // A string for a Number property is converted; the observer sees new and old.
        #expect(await app.tap("setStart", detail: ["value": "7"]))
        #expect(app.logLines.suffix(2) == ["count c1 number 7 3", "observer c1 7 0"])
        #expect(try element(app, id: "inner").children == [.text("n: 7 / 0")])
        // Not a number at all: the property falls back to its default.
        #expect(await app.tap("setStart", detail: ["value": "seven"]))
        #expect(app.logLines.suffix(2) == ["count c1 number 1 7", "observer c1 1 0"])
        _ = await app.stop()
    }

    @Test func aTapInsideAComponentRunsItsMethodThenTheEventReachesThePage() async throws {
        let dir = TemporaryDirectory("components")
        let app = try app(dir)
        #expect(await app.open())
        let inner = try element(app, id: "inner")
        let before = app.logLines.count
        #expect(await app.fire("tap", at: inner.identity, detail: ["x": 1, "y": 2]))
        #expect(Array(app.logLines.dropFirst(before)) == [
            "inc c1 inner v inner",
            "observer c1 3 1",
            // triggerEvent: the page's bind:change on the host, target = the host element.
            "page change change {\"clicks\":1} c1 first c1",
            // The tap bubbles out of the component (retargeted to the host) to the page's view.
            "root tap c1 root",
        ])
        #expect(try element(app, id: "inner").children == [.text("n: 3 / 1")])
        // Slot content is the page's: its handler is a page method.
        #expect(await app.fire("tap", at: try element(app, id: "default-slot").identity, detail: [:]))
        #expect(app.logLines.suffix(2) == ["slot tap default-slot pages/index/index", "root tap default-slot root"])
        _ = await app.stop()
    }

    @Test func aCameraInsideAComponentMountsAndAComponentLeavingTheTreeIsDetached() async throws {
        let dir = TemporaryDirectory("components")
        let app = try app(dir)
        #expect(await app.open())
        let hub = CameraHub.of(app.session)
        let controller = try #require(hub.controller)
        #expect(app.logLines.contains("panel camera initdone"))
        #expect(app.session.components.find(tag: "camera", id: "pcam") != nil)
        #expect(await app.tap("hidePanel"))
        #expect(app.logLines.contains("detached p1") && app.logLines.contains("detached nested"))
        #expect(app.events.contains(.componentUnmounted(tag: "camera", id: "pcam")))
        // The camera stops; the detached panel no longer receives its events.
        #expect(app.events.contains { if case .componentEvent("camera", "pcam", "stop", _) = $0 { true } else { false } })
        #expect(!app.logLines.contains("panel camera stop"))
        #expect(hub.controller == nil && controller.phase == .stopped)
        #expect(try tree(app).elements.first { $0.id == "p1" } == nil)
        #expect(await app.stop() == .idle)
        #expect(app.logLines.last == "detached c1")
    }

    @Test func brokenManifestsFailThePageWithTheChain() async throws {
        let cases: [(String, String, String)] = [
            ("components/panel/panel.json", #"{"usingComponents": {"missing": "./nope"}}"#, "no component at /components/panel/nope"),
            ("pages/index/index.json", #"{"usingComponents": {"p": "plugin://x/y"}}"#, "is a plugin component"),
            ("pages/index/index.json", #"{"usingComponents": {"p": "../../../../etc/passwd"}}"#, "leaves the package"),
            ("components/counter/counter.json", #"{"usingComponents": {"panel": "../panel/panel"}}"#,
             "custom component cycle: /pages/index/index → /components/counter/counter → /components/panel/panel → /components/counter/counter"),
            ("components/counter/counter.js", "Component({ properties: { n: Date } })", "property \"n\" has an unsupported type"),
            ("components/counter/counter.js", "Component({ get properties() { throw new Error('boom') } })", "its definition cannot be used: boom"),
            ("components/counter/counter.js", "console.log('no definition')", "component /components/counter/counter did not call Component()"),
            ("components/counter/counter.js", "Page({})", "Page() called outside of page loading"),
        ]
        for (file, text, message) in cases {
            let dir = TemporaryDirectory("components")
            let path = try copyPackage(componentFixture, into: dir)
            try text.write(toFile: path + "/" + file, atomically: true, encoding: .utf8)
            let app = try app(dir, path: path)
            #expect(await app.open() == false, "\(file)")
            #expect(app.uncaughtError?.contains(message) == true, "\(file): \(app.uncaughtError ?? "no error")")
            _ = await app.stop()
        }
    }

    @Test func aComponentUsingItselfThroughGlobalsAndHostileEventsGiveErrors() async throws {
        let dir = TemporaryDirectory("components")
        let path = try copyPackage(componentFixture, into: dir)
        // The global component uses itself (not declared in its own JSON: found at render).
        try #"<page-foot/>"#.write(toFile: path + "/components/foot/foot.wxml", atomically: true, encoding: .utf8)
        let first = try app(dir, path: path)
        #expect(await first.open() == false)
        #expect(first.uncaughtError?.contains("component /components/foot/foot uses itself") == true, "\(first.uncaughtError ?? "")")
        _ = await first.stop()

        let dir2 = TemporaryDirectory("components")
        let path2 = try copyPackage(componentFixture, into: dir2)
        try """
            Component({ methods: { go() { const d = {}; d.self = d; try { this.triggerEvent('x', d) } catch (e) { console.log('threw', e.message) } } } })
            """.write(toFile: path2 + "/components/foot/foot.js", atomically: true, encoding: .utf8)
        try #"<view id="go" bindtap="go">go</view>"#.write(toFile: path2 + "/components/foot/foot.wxml", atomically: true, encoding: .utf8)
        let app2 = try app(dir2, path: path2)
        #expect(await app2.open())
        #expect(await app2.fire("tap", at: try element(app2, id: "go").identity, detail: [:]))
        #expect(app2.logLines.contains { $0.hasPrefix("threw triggerEvent: parameter error: detail.self refers back to itself") }, "\(app2.logLines)")
        #expect(app2.uncaughtError == nil)
        _ = await app2.stop()
    }

    @Test func alipayComponentsGetPropsLifetimesAndEventPropsThatCallTheParent() async throws {
        let dir = TemporaryDirectory("components")
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        _ = try dir.write("pkg/pages/index/index.json", #"{"usingComponents": {"counter": "/c/counter/counter"}}"#)
        _ = try dir.write("pkg/pages/index/index.axml", #"<view id="top" onTap="topTap"><counter a:if="{{show}}" id="c" label="{{label}}" start="{{3}}" onBump="onBump"/></view>"#)
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({
              data: { label: 'L', show: true },
              onBump(n) { console.log('page bump', n); return 'ok' },
              topTap(e) { console.log('top tap', e.target.id) },
              relabel() { this.setData({ label: 'M' }) },
              hide() { this.setData({ show: false }) },
            })
            """)
        _ = try dir.write("pkg/c/counter/counter.axml", #"<view id="inner" onTap="tapped">{{props.label}} {{count}} {{props.start}}</view>"#)
        _ = try dir.write("pkg/c/counter/counter.js", """
            Component({
              mixins: [{ didMount() { console.log('mixin didMount') } }],
              props: { label: 'default', start: 0, onBump: () => 'default handler' },
              data: { count: 0 },
              onInit() { console.log('onInit', this.props.label, this.props.start) },
              didMount() { console.log('didMount', this.$id > 0) },
              didUpdate(prevProps, prevData) { console.log('didUpdate', prevProps.label, '→', this.props.label, prevData.count) },
              didUnmount() { console.log('didUnmount') },
              methods: {
                tapped() {
                  this.setData({ count: this.data.count + 1 })
                  console.log('bump returned', this.props.onBump(this.data.count))
                },
              },
            })
            """)
        let app = try app(dir, path: dir.file("pkg").path, dialect: .my)
        let opened = await app.open()
        #expect(opened, "\(app.uncaughtError ?? "")")
        #expect(Array(app.logLines.prefix(3)) == ["onInit L 3", "mixin didMount", "didMount true"])
        let inner = try element(app, id: "inner")
        #expect(inner.children == [.text("L 0 3")])
        // The host's onBump is a prop, not a listener: the tap bubbles to the page's view only.
        #expect(try element(app, id: "c").events.isEmpty)
        #expect(await app.fire("tap", at: inner.identity, detail: [:]))
        #expect(app.logLines.suffix(3) == ["page bump 1", "bump returned ok", "top tap c"])
        #expect(try element(app, id: "inner").children == [.text("L 1 3")])
        #expect(await app.tap("relabel"))
        #expect(app.logLines.last == "didUpdate L → M 1")
        #expect(try element(app, id: "inner").children == [.text("M 1 3")])
        #expect(await app.tap("hide"))
        #expect(app.logLines.last == "didUnmount")
        _ = await app.stop()
    }
}

@Suite("Custom components: behaviors, observers, capture and catch across components")
struct CustomComponentRoutingTests {
    @Test func behaviorsMergeAndCaptureCatchStopsAndComponentsSelectTheirOwn() async throws {
        let dir = TemporaryDirectory("components")
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        _ = try dir.write("pkg/pages/index/index.json", #"{"usingComponents": {"outer-box": "/c/outer/outer"}}"#)
        _ = try dir.write("pkg/pages/index/index.wxml", """
            <view id="top" capture-bind:tap="captured" bindtap="bubbled">
              <outer-box id="ob" obj="{{obj}}" catch:ping="pinged"/>
            </view>
            """)
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({
              data: { obj: { a: { b: 1 } } },
              captured(e) { console.log('page capture', e.target.id) },
              bubbled(e) { console.log('page bubble', e.target.id) },
              pinged(e) { console.log('page ping', JSON.stringify(e.detail), e.target.id) },
              deep() { this.setData({ 'obj.a.b': 2 }) },
            })
            """)
        _ = try dir.write("pkg/c/outer/outer.json", #"{"usingComponents": {"leaf": "../leaf/leaf"}}"#)
        _ = try dir.write("pkg/c/outer/outer.wxml", #"<view id="wrap" catchtap="stop"><leaf id="l1" bind:ping="relay"/></view>"#)
        _ = try dir.write("pkg/c/outer/outer.js", """
            const shared = Behavior({ data: { fromBehavior: 'yes' }, methods: { hello() { return 'hello from ' + this.is } },
              lifetimes: { attached() { console.log('behavior attached') } } })
            Component({
              behaviors: [shared],
              properties: { obj: Object },
              observers: { 'obj.a.b': function (b) { console.log('observed obj.a.b', b) } },
              lifetimes: { attached() { console.log('outer attached', this.data.fromBehavior, this.hello(),
                this.selectComponent('#l1').is, this.selectAllComponents('leaf').length) } },
              methods: {
                stop(e) { console.log('outer catch', e.target.id, e.currentTarget.id) },
                relay(e) { this.triggerEvent('ping', e.detail, { bubbles: true }) },
              },
            })
            """)
        _ = try dir.write("pkg/c/leaf/leaf.wxml", #"<text id="leaf-text" bindtap="go">leaf</text>"#)
        _ = try dir.write("pkg/c/leaf/leaf.js", """
            Component({ methods: { go(e) { console.log('leaf tap', e.target.id); this.triggerEvent('ping', { n: 1 }) } } })
            """)
        var config = MiniAppConfiguration(
            path: dir.file("pkg").path, modules: try StandardModules.make(), user: ScriptedUser(consent: .allow),
            dataDirectory: dir.file("data"), clock: ManualClock())
        config.timeout = 600
        let app = try MiniApp(config)
        let opened = await app.open()
        #expect(opened, "\(app.uncaughtError ?? "")")
        #expect(app.logLines.contains("behavior attached"))
        #expect(app.logLines.contains("outer attached yes hello from /c/outer/outer /c/leaf/leaf 1"))
        #expect(app.logLines.contains("observed obj.a.b 1"))
        let leafText = try #require(app.session.renderedPage?.renderedTree()?.elements.first { $0.id == "leaf-text" })
        let before = app.logLines.count
        #expect(await app.fire("tap", at: leafText.identity, detail: [:]))
        #expect(Array(app.logLines.dropFirst(before)) == [
            // Capture runs first, target retargeted to the page's own element (the host).
            "page capture ob",
            "leaf tap leaf-text",
            // leaf's ping → outer's relay → outer's ping, caught by the page on the host.
            "page ping {\"n\":1} ob",
            // The tap bubbles out of leaf into outer, whose catchtap stops it before the page.
            "outer catch l1 wrap",
        ])
        #expect(await app.tap("deep"))
        #expect(app.logLines.last == "observed obj.a.b 2")
        _ = await app.stop()
    }
}
