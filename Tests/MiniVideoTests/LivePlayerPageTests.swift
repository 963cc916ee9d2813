import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniNet
import MiniVideo
import Testing

/// A real page: `<live-player bindstatechange bindnetstatus>` and `wx.createLivePlayerContext`
/// from JS, against the local nginx-rtmp server, run as `minimedia run` runs it.
@Suite("live-player page", .enabled(if: LiveStreamServer.isAvailable, "needs nginx + libnginx-mod-rtmp + ffmpeg"))
struct LivePlayerPageTests {
    static let js = """
        Page({
          data: { src: '' },
          onLoad(q) {
            this.setData({ src: decodeURIComponent(q.src) })
            this.ctx = wx.createLivePlayerContext('live')
            console.log('methods', ['play','stop','mute','pause','resume','requestFullScreen','exitFullScreen','snapshot',
              'requestBackgroundPlayback','exitBackgroundPlayback','exitPictureInPicture','startCasting','switchCasting',
              'reconnectCasting','exitCasting'].filter(m => typeof this.ctx[m] === 'function').length)
          },
          onState(e) {
            console.log('state', e.detail.code)
            if (e.detail.code === 2004 && !this.shot) {
              this.shot = true
              this.ctx.snapshot({ quality: 'compressed',
                success: r => { console.log('snapshot', r.width, r.height, r.tempImagePath.startsWith('wxfile://tmp')); this.ctx.stop({ complete: () => console.log('stopped') }) },
                fail: e => console.log('snapshot fail', e.errMsg) })
            }
          },
          onNet(e) { console.log('netstatus', e.detail.info.videoWidth) },
        })
        """
    static let wxml = """
        <live-player id="live" src="{{src}}" autoplay bindstatechange="onState" bindnetstatus="onNet"></live-player>
        """

    @Test func pagePlaysSnapshotsAndStops() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try server.publish()
        // The publisher is up (video and audio) once nginx wrote the first HLS fragment.
        try await offCooperativePool { try server.waitForHLS(segments: 1, timeout: 30) }
        let t = try TestSession(registry: try APIRegistry.with([VideoModule()]),
                                network: NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(server.rtmpPort)")!])))
        let dir = t.directory.file("package")
        try Self.js.write(to: dir.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try Self.wxml.write(to: dir.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var config = MiniAppConfiguration(path: dir.appendingPathComponent("index.js").path)
        config.timeout = 30
        config.query = ["src": server.rtmpURL()]
        let output = CapturedOutput()
        config.output = output
        let app = try MiniApp(config, session: t.session)
        #expect(await app.open())
        let result = await app.stop()
        #expect(app.uncaughtError == nil)
        let lines = output.lines
        #expect(lines.contains("methods 15"))
        let states = lines.filter { $0.hasPrefix("state ") }
        #expect(Array(states.prefix(6)) == ["state 2001", "state 2002", "state 2008", "state 2003", "state 2009", "state 2004"], "\(lines)")
        #expect(lines.contains("snapshot 160 120 true"), "\(lines)")
        #expect(lines.contains("stopped"))
        // Stopped: the loop had nothing left and ended on its own, long before the timeout.
        #expect(result == .idle, "\(result)")
    }
}
