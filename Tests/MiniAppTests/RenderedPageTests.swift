import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// A package folder with `index.js` and a template `index.<ext>` (plus other files).
func writeTemplatedPage(_ dir: TemporaryDirectory, js: String, template: String, ext: String = "wxml", files: [String: String] = [:]) throws -> String {
    let pkg = dir.file("package")
    try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
    try js.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
    try template.write(to: pkg.appendingPathComponent("index.\(ext)"), atomically: true, encoding: .utf8)
    for (path, text) in files {
        let url = pkg.appendingPathComponent(path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
    return pkg.appendingPathComponent("index.js").path
}

@Suite("Rendered page: directives mount and unmount native components")
struct RenderedPageTests {
    static let page = """
        Page({
          data: { show: false },
          onReady() { console.log('ready') },
          onInit() { console.log('camera initdone') },
          onStop() { console.log('camera stop') },
          toggle(e) { this.setData({ show: e.detail.value }) },
          other() { this.setData({ unrelated: 1 }) },
        })
        """

    func app(_ dir: TemporaryDirectory, js: String, template: String, ext: String = "wxml", dialect: Dialect = .wx,
             files: [String: String] = [:]) throws -> MiniApp {
        var config = MiniAppConfiguration(
            path: try writeTemplatedPage(dir, js: js, template: template, ext: ext, files: files),
            modules: try StandardModules.make(), user: ScriptedUser(consent: .allow), dataDirectory: dir.file("data"),
            clock: ManualClock())
        config.dialect = dialect
        // Generous: the whole suite on two loaded cores can take longer than the default 30 s.
        config.timeout = 600
        return try MiniApp(config)
    }

    @Test func aCameraInAFalseIfIsNotOpenedAndFlippingTheBindingOpensAndClosesIt() async throws {
        let dir = TemporaryDirectory("rendered")
        let template = """
            <view class="box"><camera wx:if="{{show}}" id="cam" bindinitdone="onInit" bindstop="onStop"/></view>
            """
        let app = try app(dir, js: Self.page, template: template)
        #expect(await app.open())
        let hub = CameraHub.of(app.session)
        #expect(hub.controller == nil)
        #expect(!app.events.contains { if case .componentMounted = $0 { true } else { false } })
        #expect(app.session.components.find(tag: "camera") == nil)

        #expect(await app.tap("other"))
        #expect(hub.controller == nil)

        #expect(await app.tap("toggle", detail: ["value": true]))
        #expect(app.events.contains(.componentMounted(tag: "camera", id: "cam", attributes: [:])))
        let controller = try #require(hub.controller)
        #expect(controller.phase == .ready)
        #expect(app.logLines.contains("camera initdone"))
        #expect(app.session.components.find(tag: "camera", id: "cam") != nil)

        #expect(await app.tap("toggle", detail: ["value": false]))
        #expect(app.events.contains(.componentUnmounted(tag: "camera", id: "cam")))
        #expect(app.events.contains { if case .componentEvent("camera", "cam", "stop", _) = $0 { true } else { false } })
        #expect(app.logLines.last == "camera stop")
        #expect(hub.controller == nil)
        #expect(controller.phase == .stopped)
        #expect(app.session.components.find(tag: "camera") == nil)

        // And back on: a new camera opens.
        #expect(await app.tap("toggle", detail: ["value": true]))
        #expect(hub.controller != nil && hub.controller !== controller)
        #expect(await app.stop() == .idle)
        #expect(app.uncaughtError == nil)
    }

    @Test func alipayCameraOnReadyReceivesInitdone() async throws {
        let dir = TemporaryDirectory("rendered")
        let js = """
            Page({
              data: { on: true },
              ready(e) { console.log('onReady fired', e.type) },
              stopped() { console.log('onStop fired') },
              off() { this.setData({ on: false }) },
            })
            """
        let template = #"<camera a:if="{{on}}" id="c" onReady="ready" onStop="stopped" onError="failed"/>"#
        let app = try app(dir, js: js, template: template, ext: "axml", dialect: .my)
        #expect(await app.open())
        #expect(app.logLines.contains("onReady fired initdone"))
        #expect(await app.tap("off"))
        #expect(app.logLines.last == "onStop fired")
        #expect(await app.stop() == .idle)
    }

    @Test func aTemplateInAnotherDialectsExtensionIsReadWithItsOwnSyntax() async throws {
        let dir = TemporaryDirectory("rendered")
        // Run as Baidu, but the page only has a .wxml: it is used, with wx: directives.
        let template = #"<camera wx:if="{{show}}" id="cam"/><view s-if="false" id="plain"/>"#
        let app = try app(dir, js: Self.page, template: template, dialect: .swan)
        #expect(app.location?.template?.pathExtension == "wxml")
        #expect(await app.open())
        #expect(CameraHub.of(app.session).controller == nil)
        #expect(await app.stop() == .idle)
    }

    @Test func theDialectsOwnExtensionWins() throws {
        let dir = TemporaryDirectory("rendered")
        let path = try writeTemplatedPage(dir, js: "Page({})", template: "<view/>", ext: "swan", files: ["index.wxml": "<view/>"])
        let swan = try PageLocation.locate(path, templateExtensions: PageLocation.templateExtensions(for: .swan))
        #expect(swan.template?.lastPathComponent == "index.swan")
        let wx = try PageLocation.locate(path, templateExtensions: PageLocation.templateExtensions(for: .wx))
        #expect(wx.template?.lastPathComponent == "index.wxml")
        #expect(PageLocation.templateExtensions(for: .my) == ["axml", "wxml", "qml", "swan", "ttml"])

        // App mode: the page's folder is searched the same way.
        let app = dir.file("app")
        try FileManager.default.createDirectory(at: app.appendingPathComponent("pages/cam"), withIntermediateDirectories: true)
        try #"{"pages": ["pages/cam/cam"]}"#.write(to: app.appendingPathComponent("app.json"), atomically: true, encoding: .utf8)
        for name in ["cam.js", "cam.ttml", "cam.qml"] {
            try "".write(to: app.appendingPathComponent("pages/cam/" + name), atomically: true, encoding: .utf8)
        }
        let tt = try PageLocation.locate(app.path, templateExtensions: PageLocation.templateExtensions(for: .tt))
        #expect(tt.template?.lastPathComponent == "cam.ttml")
        let wxApp = try PageLocation.locate(app.path, templateExtensions: PageLocation.templateExtensions(for: .wx))
        #expect(wxApp.template?.lastPathComponent == "cam.qml")
    }

    @Test func importsAndIncludesAreFollowedInsideThePackage() async throws {
        let dir = TemporaryDirectory("rendered")
        let template = """
            <import src="/common/cam.wxml"/>
            <template is="cam" data="{{show}}"/>
            <include src="../outside.wxml"/>
            """
        let files = ["common/cam.wxml": #"<template name="cam"><camera wx:if="{{show}}" id="tcam"/></template>"#]
        // A file beside the package, and a link to it inside: neither is read.
        try #"<camera id="escaped"/>"#.write(to: dir.file("outside.wxml"), atomically: true, encoding: .utf8)
        let app = try app(dir, js: Self.page, template: template, files: files)
        // `..` stops at the package root: /outside.wxml, which the package does not have.
        #expect(await app.open() == false)
        #expect(app.uncaughtError == "Error: index.wxml: /index.wxml: cannot read /outside.wxml: no readable file there inside the package")
        _ = await app.stop()
        try FileManager.default.createSymbolicLink(atPath: dir.file("package/outside.wxml").path, withDestinationPath: dir.file("outside.wxml").path)
        let linked = try self.app(dir, js: Self.page, template: template, files: files)
        #expect(await linked.open() == false)
        #expect(linked.uncaughtError == "Error: index.wxml: /index.wxml: cannot read /outside.wxml: no readable file there inside the package")
        _ = await linked.stop()

        let dir2 = TemporaryDirectory("rendered")
        let app2 = try self.app(dir2, js: Self.page, template: String(template.split(separator: "\n").prefix(2).joined(separator: "\n")), files: files)
        #expect(await app2.open())
        #expect(CameraHub.of(app2.session).controller == nil)
        #expect(await app2.tap("toggle", detail: ["value": true]))
        #expect(app2.session.components.find(tag: "camera", id: "tcam") != nil)
        #expect(await app2.stop() == .idle)
    }

    @Test func aQueryDescribesABoundedNumberOfNodes() async throws {
        let dir = TemporaryDirectory("rendered")
        let js = """
            Page({ onReady() {
              const q = wx.createSelectorQuery()
              for (let i = 0; i < 5; i++) q.selectAll('view').boundingClientRect()
              try { q.exec(r => console.log('answered', r.length)) } catch (e) { console.log('refused', e.message) }
              const one = wx.createSelectorQuery()
              one.selectAll('.row').fields({ id: true }).exec(r => console.log('rows', r[0].length, r[0][4999].id))
              try { for (let i = 0; i < 300; i++) one.select('view').boundingClientRect() } catch (e) { console.log('full', e.message) }
            } })
            """
        let app = try app(dir, js: js, template: #"<view wx:for="{{5000}}" class="row" id="r{{index}}"/>"#)
        #expect(await app.open())
        #expect(app.logLines == [
            "refused exec:fail parameter error: a SelectorQuery may describe at most 20000 nodes;",
            "full boundingClientRect:fail parameter error: a SelectorQuery holds at most 256 requests;",
            "rows 5000 r4999",
        ])
        #expect(await app.stop() == .idle)
    }

    @Test func selectorQueriesMeasureTheRenderedPageAndReachTheCameraContext() async throws {
        let dir = TemporaryDirectory("rendered")
        let js = """
            Page({
              data: { show: true, uid: 7 },
              onReady() {
                const q = wx.createSelectorQuery().in(this)
                q.select('#cam').boundingClientRect(r => console.log('own', r.id, r.top, r.height))
                q.select('.box').fields({ id: true, dataset: true, size: true, properties: ['title'], computedStyle: ['color', 'display'] })
                q.selectAll('view').boundingClientRect()
                q.select('#missing').boundingClientRect()
                q.selectViewport().scrollOffset()
                q.select('#cam').context()
                q.exec(res => {
                  console.log('rect', JSON.stringify(res[0]))
                  console.log('fields', JSON.stringify(res[1]))
                  console.log('all', res[2].length, res[2].map(v => v.top).join(','))
                  console.log('missing', res[3])
                  console.log('viewport', JSON.stringify(res[4]))
                  const ctx = res[5].context
                  console.log('context', Object.getPrototypeOf(ctx) === Object.getPrototypeOf(wx.createCameraContext()), typeof ctx.takePhoto)
                  ctx.takePhoto({ quality: 'low', success: p => console.log('photo', p.width > 0), fail: e => console.log('photo failed', e.errMsg) })
                })
                try { wx.createSelectorQuery().select('a[b]') } catch (e) { console.log('invalid', e.message) }
                try { wx.createSelectorQuery().select(42) } catch (e) { console.log('not a string', e.message) }
                wx.createSelectorQuery().select('#v').context(r => console.log('view context', r.context)).exec()
                wx.createSelectorQuery().selectAll('camera').fields({ context: true, id: true }).exec(([all]) =>
                  console.log('all contexts', all.length, all[0].id, typeof all[0].context.setZoom))
                const bad = [
                  () => wx.createSelectorQuery().select('#v').fields(42),
                  () => wx.createSelectorQuery().select('#v').boundingClientRect('x'),
                  () => wx.createSelectorQuery().select('#v').fields({ rect: 'yes' }),
                  () => wx.createSelectorQuery().select('#v').fields({ properties: [1] }),
                  () => wx.createSelectorQuery().exec(7),
                ]
                for (const f of bad) { try { f(); console.log('accepted') } catch (e) { console.log('refused', e.message) } }
              },
            })
            """
        let template = """
            <view id="v" class="box" title="T" data-user-id="{{uid}}" style="color: red">
              <text>head</text>
              <camera id="cam" style="height: 200px"/>
            </view>
            <view id="after"/>
            """
        let app = try app(dir, js: js, template: template)
        #expect(await app.open())
        let lines = app.logLines
        #expect(lines.contains("own cam 20 200"))
        #expect(lines.contains(#"rect {"id":"cam","dataset":{},"left":0,"right":300,"top":20,"bottom":220,"width":300,"height":200}"#))
        #expect(lines.contains(#"fields {"id":"v","dataset":{"userId":7},"width":375,"height":220,"title":"T","color":"red","display":""}"#))
        #expect(lines.contains("all 2 0,220"))
        #expect(lines.contains("missing null"))
        #expect(lines.contains(#"viewport {"id":"","dataset":{},"scrollLeft":0,"scrollTop":0,"scrollWidth":375,"scrollHeight":667}"#))
        #expect(lines.contains("context true function"))
        #expect(lines.contains("photo true"))
        #expect(lines.contains(#"invalid select:fail parameter error: invalid selector "a[b]": unsupported character '[';"#))
        #expect(lines.contains("not a string select:fail parameter error: parameter.selector should be String instead of Number;"))
        #expect(lines.contains("view context null"))
        #expect(lines.contains("all contexts 1 cam function"))
        #expect(lines.filter { $0.hasPrefix("refused") || $0 == "accepted" } == [
            "refused fields:fail parameter error: parameter.fields should be Object instead of Number;",
            "refused boundingClientRect:fail parameter error: parameter.callback should be Function instead of String;",
            "refused fields:fail parameter error: parameter.rect should be Boolean instead of String;",
            "refused fields:fail parameter error: parameter.properties[0] should be String instead of Number;",
            "refused exec:fail parameter error: parameter.callback should be Function instead of Number;",
        ])
        #expect(await app.stop() == .idle)
        #expect(app.uncaughtError == nil)
    }
}
