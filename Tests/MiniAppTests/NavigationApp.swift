import Foundation
import MiniMediaTesting

/// A small app written for the navigation tests: two tab pages (`index`, `other`), a page
/// with a `<camera>` and a plain `detail` page. Every page logs its lifecycle as
/// `name[#n].hook`, where `n` is its `?n=` query, and has methods that navigate.
enum NavigationApp {
    static let appJSON = """
        {
          "pages": ["pages/index/index", "pages/camera/camera", "pages/detail/detail", "pages/other/other"],
          "tabBar": { "list": [
            { "pagePath": "pages/index/index", "text": "Home" },
            { "pagePath": "pages/other/other", "text": "Other" }
          ] }
        }
        """

    static let appJS = """
        App({
          onLaunch(o) { console.log('app.onLaunch ' + o.path) },
          onHide() { console.log('app.onHide') },
        })
        """

    /// The same script for every page; `name` is its folder.
    static func pageJS(_ name: String) -> String {
        """
        let loads = 0  // module state: one file run per route, shared by its instances
        function say(page, text) { console.log('\(name)' + (page.options.n ? '#' + page.options.n : '') + '.' + text) }
        function report(api) {
          return { success: (r) => console.log(api + ' ' + r.errMsg), fail: (e) => console.log(api + ' ' + e.errMsg) }
        }
        Page({
          data: { on: true },
          onLoad(query) {
            loads++
            say(this, 'onLoad ' + JSON.stringify(query) + ' loads=' + loads + ' stack=' + getCurrentPages().map((p) => p.route.split('/')[1]).join(','))
            if (query.channel) {
              const channel = this.getOpenerEventChannel()
              channel.on('fromOpener', (d) => say(this, 'heard fromOpener ' + JSON.stringify(d)))
              channel.emit('fromOpened', { y: 2 })
            }
            if (query.hop === 'twice') {
              wx.navigateTo(Object.assign({ url: '/pages/detail/detail?n=a' }, report('navigateTo')))
              wx.navigateTo(Object.assign({ url: '/pages/detail/detail?n=b' }, report('navigateTo')))
            }
          },
          onShow() { say(this, 'onShow') },
          onReady() { say(this, 'onReady') },
          onHide() { say(this, 'onHide') },
          onUnload() {
            say(this, 'onUnload')
            if (this.options.n === 'leave') wx.navigateTo(Object.assign({ url: '/pages/detail/detail?n=fromUnload' }, report('navigateTo')))
          },
          onInit() { say(this, 'camera initdone') },
          onStop() { say(this, 'camera stop') },
          go(e) {
            const d = e.detail
            wx[d.api](Object.assign({}, d.options, report(d.api)))
          },
          goPromise(e) {
            wx.navigateTo({ url: e.detail.url }).then((r) => console.log('promise ' + r.errMsg), (err) => console.log('promise ' + err.errMsg))
          },
          openWithChannel() {
            wx.navigateTo({
              url: '/pages/detail/detail?n=c&channel=1',
              events: { fromOpened: (d) => say(this, 'heard fromOpened ' + JSON.stringify(d)), notAFunction: 3 },
              success: (res) => {
                console.log('opened ' + typeof res.eventChannel.emit)
                res.eventChannel.emit('fromOpener', { x: 1 })
                res.eventChannel.emit('nobodyListens', {})
              },
            })
          },
          lonelyChannel() {
            const ch = this.getOpenerEventChannel()
            ch.emit('anything', 1)
            try { ch.on.call({}, 'x', () => {}) } catch (e) { console.log(e.message) }
            try { ch.on('x', 5) } catch (e) { console.log(e.message) }
            console.log('lonely ' + typeof ch.on)
          },
          many() {
            for (let i = 1; i <= 12; i++) wx.navigateTo({ url: '/pages/detail/detail?n=' + i, fail: (e) => console.log(i + ' ' + e.errMsg) })
          },
          pages() {
            console.log('pages ' + getCurrentPages().map((p) => p.route + JSON.stringify(p.options)).join(' '))
          },
        })
        """
    }

    /// Writes the app; returns its folder.
    static func write(in dir: TemporaryDirectory) throws -> String {
        let root = dir.file("navapp")
        for name in ["index", "camera", "detail", "other"] {
            let folder = root.appendingPathComponent("pages/\(name)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try pageJS(name).write(to: folder.appendingPathComponent("\(name).js"), atomically: true, encoding: .utf8)
        }
        try #"<camera id="cam" bindinitdone="onInit" bindstop="onStop"></camera>"#.write(
            to: root.appendingPathComponent("pages/camera/camera.wxml"), atomically: true, encoding: .utf8)
        try appJSON.write(to: root.appendingPathComponent("app.json"), atomically: true, encoding: .utf8)
        try appJS.write(to: root.appendingPathComponent("app.js"), atomically: true, encoding: .utf8)
        return root.path
    }
}
