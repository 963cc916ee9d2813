import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

@testable import MiniSimulator

/// The simulator without a browser: a client connects, gets the render, sends events as the
/// page script would, and hostile messages are refused with a reason.
@Suite struct SimulatorSessionTests {
    static func package(_ dir: TemporaryDirectory) throws -> String {
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index", "pages/two/two"]}"#)
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({
              data: { items: [{ id: 'a', n: 1 }, { id: 'b', n: 2 }], text: '' },
              pick(e) { console.log('picked ' + e.currentTarget.dataset.item + ' target ' + e.target.id + ' type ' + e.type) },
              outer(e) { console.log('outer from ' + e.target.id) },
              typed(e) { this.setData({ text: e.detail.value }) },
            })
            """)
        _ = try dir.write("pkg/pages/index/index.wxml", """
            <view id="box" bindtap="outer">
              <view wx:for="{{items}}" wx:key="id" id="row-{{item.id}}" data-item="{{item.id}}" bindtap="pick">{{item.n}}</view>
              <view id="stop" catchtap="pick" data-item="catch"><text id="inner">x</text></view>
            </view>
            <input id="field" value="{{text}}" bindinput="typed"/>
            <text id="echo">{{text}}</text>
            <navigator id="go" url="/pages/two/two?k=v">two</navigator>
            """)
        _ = try dir.write("pkg/pages/index/index.wxss", ".row { width: 300rpx }")
        _ = try dir.write("pkg/pages/two/two.js", "Page({ onLoad(q) { console.log('two loaded k=' + q.k) } })")
        _ = try dir.write("pkg/pages/two/two.wxml", "<text>two</text>")
        _ = try dir.write("outside.txt", "secret")
        try FileManager.default.createSymbolicLink(at: dir.file("pkg/leak.txt"), withDestinationURL: dir.file("outside.txt"))
        return dir.file("pkg").path
    }

    /// Waits until a message sent to `client` contains `text`.
    static func wait(_ client: SimulatorClient, _ seen: Outbox, for text: String) async -> HostValue? {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            for t in client.take().texts { seen.append(t) }
            if let m = seen.all.last(where: { $0.contains(text) }) { return HostValue(json: m) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    static func keys(_ tree: HostValue?) -> [String: String] {
        var out: [String: String] = [:]
        func walk(_ v: HostValue) {
            if let id = v["id"]?.stringValue, let key = v["key"]?.stringValue { out[id] = key }
            for c in v["children"]?.arrayValue ?? [] { walk(c) }
        }
        for n in tree?["tree"]?.arrayValue ?? [] { walk(n) }
        return out
    }

    /// What the page logged before a browser connected (its onLoad lines, an API call's result)
    /// is the first thing that browser is shown, once, in order; later lines follow live.
    @Test func aLaterBrowserGetsTheConsoleBacklog() async throws {
        let dir = TemporaryDirectory("sim-backlog")
        defer { dir.remove() }
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({
              onLoad() { console.log('loaded 1'); console.log('loaded 2'); wx.getSystemInfo({ success: () => console.log('loaded 3') }) },
              more() { console.log('later') },
            })
            """)
        _ = try dir.write("pkg/pages/index/index.wxml", #"<button id="b" bindtap="more">more</button>"#)
        var options = SimulatorOptions(path: dir.file("pkg").path)
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)
        sim.start()
        let first = sim.connect()
        let firstSeen = Outbox()
        _ = try #require(await Self.wait(first, firstSeen, for: "loaded 3"))
        let second = sim.connect()
        let seen = Outbox()
        let render = try #require(await Self.wait(second, seen, for: #""type":"render""#))
        let lines = seen.all.filter { $0.hasPrefix(#"{"type":"console""#) }
        #expect(lines.map { HostValue(json: $0)?["text"]?.stringValue } == ["loaded 1", "loaded 2", "loaded 3"], "\(lines)")
        #expect(seen.all.contains { $0.hasPrefix(#"{"type":"api","name":"getSystemInfo","ok":true"#) })
        let button = try #require(Self.keys(render)["b"])
        #expect(sim.received(JSONText.message([("type", "event"), ("event", "tap"), ("target", .string(button)), ("chain", [.string(button)])])) == nil)
        #expect(await Self.wait(second, seen, for: "later") != nil)
        #expect(seen.all.filter { $0.contains("loaded 1") }.count == 1)
    }

    @Test func eventsReachHandlersWithTheirTargetsAndHostileMessagesAreRefused() async throws {
        let dir = TemporaryDirectory("sim-session")
        defer { dir.remove() }
        var options = SimulatorOptions(path: try Self.package(dir))
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let seen = Outbox()
        let render = try #require(await Self.wait(client, seen, for: #""type":"render""#))
        #expect(render["css"]?.stringValue?.contains(".row { width: 150px }") == true)
        let keys = Self.keys(render)
        let rowB = try #require(keys["row-b"]), box = try #require(keys["box"]), stop = try #require(keys["stop"]), inner = try #require(keys["inner"])

        // A tap bubbles: the row's handler, then the outer view's.
        #expect(sim.received(JSONText.message([("type", "event"), ("event", "tap"), ("target", .string(rowB)), ("chain", [.string(rowB), .string(box)])])) == nil)
        #expect(await Self.wait(client, seen, for: "picked b target row-b type tap") != nil)
        #expect(await Self.wait(client, seen, for: "outer from row-b") != nil)
        // catchtap stops it.
        #expect(sim.received(JSONText.message([("type", "event"), ("event", "tap"), ("target", .string(inner)), ("chain", [.string(inner), .string(stop), .string(box)])])) == nil)
        #expect(await Self.wait(client, seen, for: "picked catch target inner") != nil)

        // An input's setData comes back as a render with the new text.
        let field = try #require(keys["field"])
        sim.received(JSONText.message([("type", "event"), ("event", "input"), ("target", .string(field)), ("chain", [.string(field)]), ("detail", ["value": "typed text", "cursor": 10, "keyCode": 116])]))
        let echoed = await Self.wait(client, seen, for: #""text":"typed text""#)
        #expect(echoed != nil)

        // Hostile or stale messages: a reason, nothing runs.
        #expect(sim.received("not json") == "not a message: expected a JSON object with a \"type\"")
        #expect(sim.received(#"{"type":"launch"}"#) == "unknown message type \"launch\"")
        #expect(sim.received(#"{"type":"event","event":"tap","target":"nowhere","chain":["nowhere"]}"#) == "event: the element is no longer on the page")
        #expect(sim.received(#"{"type":"event","event":"tap"}"#) == "event: needs event, target and chain")
        #expect(sim.received(#"{"type":"answer","id":1.5}"#) == "answer: id must be an integer")
        #expect(sim.received(#"{"type":"answer","id":99,"answer":{"allow":true}}"#) == "no prompt 99 is waiting")
        #expect(sim.received(#"{"type":"navigate","url":"/pages/x","openType":"teleport"}"#) == "navigate: unknown openType")

        // Files: the package's own, never outside it.
        #expect(sim.file("/pages/index/index.wxss").map { String(decoding: $0.bytes, as: UTF8.self) } == ".row { width: 300rpx }")
        #expect(sim.file("/leak.txt") == nil)
        #expect(sim.file("/../outside.txt") == nil)
        #expect(sim.file("wxfile://../../outside.txt") == nil)
        #expect(sim.file("") == nil)

        // Dropped files join the album only when they are images.
        #expect(sim.importIntoAlbum(Array("not an image".utf8))?.hasPrefix("album import: ") == true)
        #expect(sim.importIntoAlbum([]) == "album import: the file is empty")
        let png = try #require(Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="))
        #expect(sim.importIntoAlbum(Array(png)) == nil)
        let album = try #require(await Self.wait(client, seen, for: #""type":"album","items":[{"#))
        let first = try #require(album["items"]?.arrayValue?.first?["id"]?.numberValue)
        #expect(sim.albumFile(Int64(first))?.type == "image/png")

        // The navigator opens its url; the stack follows.
        let go = try #require(keys["go"])
        sim.received(JSONText.message([("type", "event"), ("event", "tap"), ("target", .string(go)), ("chain", [.string(go)])]))
        #expect(await Self.wait(client, seen, for: "two loaded k=v") != nil)
        #expect(await Self.wait(client, seen, for: #""route":"pages/two/two""#) != nil)
        sim.received(#"{"type":"back"}"#)
        let back = await Self.wait(client, seen, for: #""stack":[{"route":"pages/index/index","query":{}}]"#)
        #expect(back != nil)
        await sim.stop()
    }
}

@Suite struct SimulatorReloadTests {
    @Test func editingAPackageFileReloadsAndABadDeviceKeepsTheRunningApp() async throws {
        let dir = TemporaryDirectory("sim-reload")
        defer { dir.remove() }
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"], "window": {"navigationBarTitleText": "Reload me"}}"#)
        _ = try dir.write("pkg/pages/index/index.js", "Page({ data: { v: 1 } })")
        _ = try dir.write("pkg/pages/index/index.wxml", "<text id=\"t\">first {{v}}</text>")
        var options = SimulatorOptions(path: dir.file("pkg").path)
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let seen = Outbox()
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""title":"Reload me""#) != nil)
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""text":"first 1""#) != nil)
        // mtime granularity: make sure the edit is seen as a change.
        try await Task.sleep(for: .milliseconds(20))
        _ = try dir.write("pkg/pages/index/index.wxml", "<text id=\"t\">second {{v}}</text>")
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""reason":"a package file changed""#) != nil)
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""text":"second 1""#) != nil)

        let refused = await sim.reload(camera: "tape:1", reason: "test")
        #expect(refused?.hasPrefix("reload: ") == true)
        #expect(sim.options.devices.camera == "synthetic")
        #expect(await sim.reload(dialect: .tt, reason: "test") == nil)
        #expect(sim.options.dialect == .tt)
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""dialect":"tt""#) != nil)
        #expect(sim.received(#"{"type":"reload","dialect":"xx"}"#) == "reload: dialect must be one of wx, qq, swan, tt, my")
        await sim.stop()
    }
}
