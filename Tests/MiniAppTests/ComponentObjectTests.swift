import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import Synchronization
import Testing

/// A stand-in `<video>` for registry tests: what audio and video modules will need — a component
/// found by id, events of any name with a detail, and a context object with live properties.
final class FakeVideo: NativeComponent, @unchecked Sendable {
    let events: any ComponentEventSink
    let position = Mutex<Double>(0)
    let playing = Mutex(false)

    init(_ mount: ComponentMount) {
        events = mount.events
        events.fire("loadedmetadata", detail: ["width": 640, "height": 360, "duration": 10])
    }

    func update(_ changed: [String: HostValue]) {}
    func pageHidden() {}
    func unmount() {}
}

struct FakeVideoFactory: NativeComponentFactory {
    let tag = "video"
    func mount(_ mount: ComponentMount) throws -> any NativeComponent { FakeVideo(mount) }
}

final class FakeVideoContext: NativeObject, @unchecked Sendable {
    let video: FakeVideo
    init(_ video: FakeVideo) { self.video = video }
    override var className: String { "VideoContext" }
}

struct FakeVideoModule: FeatureModule {
    func register(into registry: inout APIRegistry) throws {
        registry.add(component: FakeVideoFactory())
        registry.add([
            .factory("createVideoContext", parameters: ["id"]) { req in
                let id = try req.options().string("id")
                guard let video = req.session.components.find(tag: "video", id: id) as? FakeVideo else {
                    throw MediaError.parameter("no <video> with id \(id) on this page;")
                }
                return FakeVideoContext(video)
            }
        ])
        registry.add(ObjectClass("VideoContext", members: [
            .async("play", .immediate { req in
                let video = try req.target(as: FakeVideoContext.self).video
                video.playing.withLock { $0 = true }
                video.events.fire("timeupdate", detail: ["currentTime": .number(video.position.withLock { $0 }), "duration": 10])
                return .object([:])
            }),
            .property("currentTime", get: { req in
                .number(try req.target(as: FakeVideoContext.self).video.position.withLock { $0 })
            }, set: { req in
                let value = try req.options().number("value", in: 0...10)
                try req.target(as: FakeVideoContext.self).video.position.withLock { $0 = value }
            }),
            .property("paused", get: { req in .bool(!(try req.target(as: FakeVideoContext.self).video.playing.withLock { $0 })) }),
        ]))
    }
}

@Suite("Components by id, events of any tag, live properties")
struct ComponentObjectTests {
    @Test func aContextFindsItsComponentAndItsPropertiesRunNativeCode() async throws {
        let dir = TemporaryDirectory("components")
        let pkg = dir.file("package")
        try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
        try """
            Page({
              onReady() {
                this.v = wx.createVideoContext('clip')
                console.log('paused', this.v.paused, 'at', this.v.currentTime)
                try { wx.createVideoContext('nope') } catch (e) { console.log('missing', e.message) }
              },
              onMeta(e) { console.log('meta', JSON.stringify(e.detail)) },
              onTime(e) { console.log('timeupdate', e.detail.currentTime, e.detail.duration) },
              play() {
                this.v.currentTime = 2.5
                this.v.play()
                console.log('now', this.v.currentTime, this.v.paused)
                try { this.v.currentTime = -1 } catch (e) { console.log('bad', e.message) }
                try { this.v.currentTime = 'x' } catch (e) { console.log('bad', e.message) }
                const d = Object.getOwnPropertyDescriptor(Object.getPrototypeOf(this.v), 'currentTime')
                console.log('accessor', typeof d.get, typeof d.set, String(d.get).includes('[native code]'))
                console.log('keys', Object.keys(Object.getPrototypeOf(this.v)).sort().join(','))
              },
            })
            """.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try #"<video id="clip" src="a.mp4" bindloadedmetadata="onMeta" bindtimeupdate="onTime"></video>"#
            .write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        let app = try MiniApp(MiniAppConfiguration(
            path: pkg.appendingPathComponent("index.js").path, modules: [FakeVideoModule()], dataDirectory: dir.file("data")))
        #expect(await app.open())
        #expect(await app.tap("play"))
        _ = await app.stop()
        #expect(app.uncaughtError == nil, "\(app.uncaughtError ?? "")")
        #expect(app.logLines == [
            "paused true at 0",
            "missing createVideoContext:fail parameter error: no <video> with id nope on this page;",
            #"meta {"width":640,"height":360,"duration":10}"#,
            "now 2.5 false",
            "bad currentTime:fail parameter error: parameter.value should be in range [0, 10] instead of -1;",
            "bad currentTime:fail parameter error: parameter.value should be Number instead of String;",
            "accessor function function true",
            "keys currentTime,paused,play",
            "timeupdate 2.5 10",
        ])
        #expect(app.events.contains(.componentEvent(tag: "video", id: "clip", event: "timeupdate", detail: ["currentTime": 2.5, "duration": 10])))
    }
}
