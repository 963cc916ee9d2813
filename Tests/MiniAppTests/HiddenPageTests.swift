import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// A page under another must not open a camera: a `setData` that makes a `<camera>` appear on a
/// hidden page mounts it only when the page shows again.
@Suite("Native components of hidden pages")
struct HiddenPageTests {
    @Test func aCameraThatAppearsOnAHiddenPageOpensWhenThePageShows() async throws {
        let dir = TemporaryDirectory("mm-hidden")
        try dir.write("app/app.json", #"{ "pages": ["pages/a/a", "pages/b/b"] }"#)
        try dir.write("app/pages/a/a.js", """
            Page({
              data: { show: false },
              onReady() { wx.navigateTo({ url: '/pages/b/b' }) },
              onInit() { console.log('a: camera initdone') },
            })
            """)
        try dir.write("app/pages/a/a.wxml", #"<camera wx:if="{{show}}" id="c" bindinitdone="onInit"></camera>"#)
        try dir.write("app/pages/b/b.js", """
            Page({
              onLoad() { console.log('b: onLoad') },
              reveal() { getCurrentPages()[0].setData({ show: true }); console.log('b: revealed a camera on a') },
              back() { wx.navigateBack() },
            })
            """)
        var config = MiniAppConfiguration(
            path: dir.file("app").path, modules: try StandardModules.make(), user: ScriptedUser(consent: .allow),
            dataDirectory: dir.file("data"))
        config.timeout = 60
        let app = try MiniApp(config)
        #expect(await app.open())
        #expect(await app.tap("reveal"))
        try await Task.sleep(for: .milliseconds(300))
        #expect(!app.logLines.contains("a: camera initdone"), "\(app.logLines)")
        #expect(!app.events.contains { if case .componentMounted("camera", _, _) = $0 { true } else { false } })
        #expect(await app.tap("back"))
        var waited = 0
        while !app.logLines.contains("a: camera initdone"), waited < 200 {
            try await Task.sleep(for: .milliseconds(50))
            waited += 1
        }
        #expect(app.logLines == ["b: onLoad", "b: revealed a camera on a", "a: camera initdone"])
        _ = await app.stop()
    }
}
