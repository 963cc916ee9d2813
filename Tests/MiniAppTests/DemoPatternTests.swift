import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// What the official WeChat demo's app and pages lean on before their first media call:
/// pages in `subpackages`, `global`, `require.async`, and selector-query callbacks that are
/// unbound page methods (`.node(this.init)`, run with `this` the page).
@Suite("Patterns of the platforms' own demo code")
struct DemoPatternTests {
    static func write(_ dir: TemporaryDirectory) throws -> String {
        let files: [String: String] = [
            "app.json": """
                { "pages": ["pages/index/index"],
                  "subpackages": [{ "root": "packageAPI/", "pages": ["pages/box/box"] }, { "root": 7 }] }
                """,
            "app.js": """
                global.isDemo = true
                App({
                  onLaunch() {
                    require.async('./util.js').then((m) => console.log('async ok', m.name, global.isDemo))
                    require.async('./missing.js').catch(({ mod, errMsg }) => console.log('async fail', mod, errMsg.split(':')[0]))
                  },
                })
                """,
            "util.js": "module.exports = { name: 'util' }",
            "pages/index/index.js": "Page({ open() { wx.navigateTo({ url: '/packageAPI/pages/box/box?k=v' }) } })",
            "packageAPI/pages/box/box.js": """
                Page({
                  data: { label: 'box' },
                  onLoad(q) { console.log('box onLoad', q.k, getCurrentPages().map((p) => p.route).join(' > ')) },
                  onReady() { wx.createSelectorQuery().select('#b').boundingClientRect(this.onRect).exec() },
                  onRect(rect) { console.log('rect for', this.data.label, rect.width) },
                })
                """,
            "packageAPI/pages/box/box.wxml": "<view id=\"b\" style=\"width: 120px; height: 40px\">{{label}}</view>",
        ]
        for (path, text) in files { try dir.write("app/" + path, text) }
        return dir.file("app").path
    }

    @Test func subpackagesGlobalRequireAsyncAndQueryCallbacks() async throws {
        let dir = TemporaryDirectory("mm-demo")
        var config = MiniAppConfiguration(
            path: try Self.write(dir), modules: try StandardModules.make(), user: ScriptedUser(consent: .allow),
            dataDirectory: dir.file("data"))
        config.timeout = 60
        let app = try MiniApp(config)
        #expect(await app.open())
        #expect(await app.tap("open"))
        _ = await app.stop()
        #expect(app.logLines == [
            "async ok util true",
            "async fail ./missing.js require.async",
            "box onLoad v pages/index/index > packageAPI/pages/box/box",
            "rect for box 120",
        ])
    }

    @Test func aSubpackagePageCanBeTheFirstPage() throws {
        let dir = TemporaryDirectory("mm-demo")
        let location = try PageLocation.locate(try Self.write(dir), page: "packageAPI/pages/box/box")
        #expect(location.route == "packageAPI/pages/box/box")
        #expect(location.template?.lastPathComponent == "box.wxml")
        #expect(throws: PageLocation.LocateError.self) { try PageLocation.locate(try Self.write(dir), page: "packageAPI/pages/none") }
    }
}
