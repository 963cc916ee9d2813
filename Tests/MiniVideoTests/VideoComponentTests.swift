import Foundation
import MiniApp
import MiniCapture
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniNet
@testable import MiniVideo
import Testing

/// `<video>` and VideoContext in real pages, on a manual clock.
@Suite("<video> and VideoContext", .enabled(if: MediaTools.hasFFmpeg, "needs ffmpeg"))
struct VideoComponentTests {
    static let wxml = """
        <video id="v" src="{{src}}" autoplay="{{auto}}" loop="{{loop}}" initial-time="{{start}}" danmu-list="{{danmu}}" \
        controls="{{controls}}" object-fit="{{fit}}"
          bindplay="ev" bindpause="ev" bindended="ev" bindtimeupdate="ev" bindwaiting="ev" binderror="ev" bindprogress="ev"
          bindloadedmetadata="ev" bindseekcomplete="ev" bindfullscreenchange="ev" bindcontrolstoggle="ev"></video>
        """
    static let js = """
        Page({
          data: { src: '', auto: false, loop: false, start: 0, danmu: [{ text: 'first', color: '#00ff00', time: 1 }], controls: true, fit: 'contain' },
          onLoad() { this.ctx = wx.createVideoContext('v') },
          ev(e) { console.log(e.type + ' ' + JSON.stringify(e.detail)) },
          set(e) { this.setData(e.detail) },
          play() { this.ctx.play() },
          pause() { this.ctx.pause() },
          stop() { this.ctx.stop() },
          seek(e) { this.ctx.seek(e.detail.to) },
          rate(e) { this.ctx.playbackRate(e.detail.rate) },
          full() { this.ctx.requestFullScreen({ direction: 90 }) },
          exitFull() { this.ctx.exitFullScreen() },
          danmu() { this.ctx.sendDanmu({ text: 'hi', color: '#ff0000' }) },
          bad() {
            for (const f of [() => this.ctx.playbackRate(7), () => this.ctx.seek('x'), () => this.ctx.seek(-1),
                             () => this.ctx.requestFullScreen({ direction: 45 }), () => this.ctx.sendDanmu({ color: 1 }),
                             () => wx.createVideoContext('nope').play()]) {
              try { f(); console.log('no throw') } catch (err) { console.log('caught ' + err.message) }
            }
          },
          cast() {
            for (const m of ['startCasting', 'requestBackgroundPlayback', 'exitPictureInPicture'])
              this.ctx[m]({ fail: (e) => console.log(m + ' ' + e.errMsg) })
          },
          query() { wx.createSelectorQuery().select('#v').context((r) => { r.context.pause(); console.log('query paused') }).exec() },
          away() { wx.navigateTo({ url: '/pages/b/b' }) },
        })
        """

    struct Page {
        let dir: TemporaryDirectory
        let clock = ManualClock(autoAdvance: false)
        let app: MiniApp

        init(network: NetworkAccess = NetworkAccess(), dialect: Dialect = .wx, module: VideoModule = VideoModule()) throws {
            dir = TemporaryDirectory("video-page")
            try dir.write("app/app.json", #"{ "pages": ["pages/a/a", "pages/b/b"] }"#)
            try dir.write("app/pages/a/a.js", VideoComponentTests.js)
            try dir.write("app/pages/a/a.wxml", VideoComponentTests.wxml)
            try dir.write("app/pages/b/b.js", "Page({ back() { wx.navigateBack() } })")
            var config = MiniAppConfiguration(
                path: dir.file("app").path, modules: [module], user: ScriptedUser(consent: .allow),
                dataDirectory: dir.file("data"), clock: clock)
            config.dialect = dialect
            config.network = network
            config.timeout = 120
            app = try MiniApp(config)
        }

        /// A generated clip in the package, by its package path.
        func clip(seconds: Double = 2) throws -> (path: String, file: URL) {
            let file = try Clips.make(dir, name: "app/clip.mp4", seconds: seconds)
            return ("/clip.mp4", file)
        }

        var lines: [String] { app.logLines }
        func named(_ prefix: String) -> [String] { lines.filter { $0.hasPrefix(prefix) } }
        /// Event names in order (timeupdates included).
        var eventNames: [String] { lines.compactMap { $0.split(separator: " ").first.map(String.init) } }
        var controller: VideoController? { (app.session.components.find(tag: "video", id: "v") as? VideoComponent)?.controller }

        func advance(_ total: Duration, step: Duration = .milliseconds(250)) async {
            var moved: Duration = .zero
            while moved < total {
                await app.advance(by: min(step, total - moved))
                moved += step
            }
        }
    }

    @Test func aPagePlaysAClipWithTheEventsInOrder() async throws {
        let page = try Page()
        let (src, file) = try page.clip()
        #expect(await page.app.open())
        #expect(await page.app.tap("set", detail: ["src": .string(src), "auto": true]))
        #expect(page.lines.prefix(3) == [
            #"loadedmetadata {"width":160,"height":120,"duration":2}"#, #"progress {"buffered":100}"#, "play {}",
        ], "\(page.lines)")
        await page.advance(.seconds(1))
        let frame = try #require(page.controller?.player.screen.latest)
        #expect(frame.number == 10)
        #expect(Clips.difference(frame.pixels, try Clips.reference(file, at: 1, in: page.dir)) < 0.5)
        await page.advance(.seconds(1))
        #expect(page.named("timeupdate") == [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75].map {
            #"timeupdate {"currentTime":\#(JSNumber.format($0)),"duration":2}"#
        })
        #expect(page.lines.last == "ended {}")
        #expect(page.eventNames.filter { $0 != "timeupdate" } == ["loadedmetadata", "progress", "play", "ended"])
        // Played again after the end: from the start.
        #expect(await page.app.tap("play"))
        await page.advance(.milliseconds(500))
        #expect(page.controller?.player.position == .milliseconds(500))
        // A playing video keeps the run alive (on this clock, until the timeout): pause first.
        #expect(await page.app.tap("pause"))
        #expect(await page.app.stop() == .idle)
    }

    @Test func contextMethodsSeekRateFullScreenDanmuAndFailures() async throws {
        let page = try Page()
        let (src, file) = try page.clip(seconds: 3)
        #expect(await page.app.open())
        #expect(await page.app.tap("set", detail: ["src": .string(src), "start": 1]))
        let c = try #require(page.controller)
        #expect(c.player.screen.latest?.number == 10, "initial-time 1 s shows the picture at 1 s")
        #expect(await page.app.tap("seek", detail: ["to": 2.2]))
        #expect(page.lines.suffix(2) == [#"seekcomplete {"position":2.2}"#, #"timeupdate {"currentTime":2.2,"duration":3}"#])
        #expect(Clips.difference(c.player.screen.latest!.pixels, try Clips.reference(file, at: 2.2, in: page.dir)) < 0.5)
        #expect(await page.app.tap("seek", detail: ["to": 1e300]))
        #expect(page.lines.suffix(2).first == #"seekcomplete {"position":3}"#, "a huge position is the end")
        #expect(await page.app.tap("seek", detail: ["to": 0]))
        #expect(await page.app.tap("rate", detail: ["rate": 1.5]))
        #expect(await page.app.tap("play"))
        await page.advance(.seconds(1))
        #expect(c.player.position == .milliseconds(1500), "1 s at 1.5×")
        #expect(await page.app.tap("pause"))
        #expect(page.lines.last == "pause {}")
        #expect(await page.app.tap("full"))
        #expect(page.lines.last == #"fullscreenchange {"fullScreen":true,"direction":"horizontal"}"#)
        #expect(c.isFullScreen)
        #expect(await page.app.tap("exitFull"))
        #expect(page.lines.last == #"fullscreenchange {"fullScreen":false,"direction":"vertical"}"#)
        #expect(await page.app.tap("danmu"))
        #expect(c.danmu == [Danmu(text: "first", color: "#00ff00", time: 1), Danmu(text: "hi", color: "#ff0000", time: 1.5)])
        #expect(await page.app.tap("set", detail: ["controls": false]))
        #expect(page.lines.last == #"controlstoggle {"show":false}"#)
        #expect(await page.app.tap("bad"))
        #expect(page.named("caught") == [
            "caught playbackRate:fail parameter error: parameter.rate should be one of 0.5, 0.8, 1, 1.25, 1.5, 2, 3, 4 instead of 7;",
            "caught seek:fail parameter error: parameter.position should be Number instead of String;",
            "caught seek:fail parameter error: parameter.position should be a Number ≥ 0;",
            "caught requestFullScreen:fail parameter error: parameter.direction should be 0, 90 or -90 instead of 45;",
            "caught sendDanmu:fail parameter error: parameter.text should be String instead of Undefined;",
            #"caught play:fail no <video> with id "nope" on the page"#,
        ], "\(page.lines)")
        #expect(await page.app.tap("cast"))
        #expect(page.named("startCasting") == ["startCasting startCasting:fail casting is not supported: no casting device"])
        #expect(page.named("requestBackgroundPlayback").count == 1 && page.named("exitPictureInPicture").count == 1)
        // The selector query's context drives the same video.
        #expect(await page.app.tap("play"))
        #expect(await page.app.tap("query"))
        #expect(page.lines.suffix(2) == ["query paused", "pause {}"], "events reach the page after the call returned")
        #expect(c.player.currentState == .paused)
        #expect(await page.app.stop() == .idle)
    }

    @Test func loopAndAPageHideThatPauses() async throws {
        let page = try Page()
        let (src, _) = try page.clip()
        #expect(await page.app.open())
        #expect(await page.app.tap("set", detail: ["src": .string(src), "auto": true, "loop": true]))
        await page.advance(.seconds(3))
        let c = try #require(page.controller)
        #expect(c.player.position == .seconds(1) && c.player.currentState == .playing)
        #expect(!page.lines.contains("ended {}"))
        #expect(await page.app.tap("away"))
        #expect(page.lines.last == "pause {}", "a page hide pauses the video")
        #expect(c.player.currentState == .paused)
        await page.app.advance(by: .seconds(2))
        #expect(c.player.position == .seconds(1), "no time passes for a hidden page's video")
        #expect(await page.app.tap("back"))
        #expect(c.player.currentState == .paused)
        #expect(await page.app.stop() == .idle)
    }

    @Test func aCorruptFileFiresErrorAndAMissingOneToo() async throws {
        let page = try Page()
        try page.dir.write("app/bad.mp4", String(repeating: "not a video ", count: 400))
        #expect(await page.app.open())
        #expect(await page.app.tap("set", detail: ["src": "/bad.mp4", "auto": true]))
        let error = try #require(page.named("error").last)
        #expect(error.hasPrefix(#"error {"errMsg":"MEDIA_ERR_SRC_NOT_SUPPORTED: "#), "\(error)")
        #expect(await page.app.tap("set", detail: ["src": "wxfile://tmp_missing.mp4"]))
        #expect(page.named("error").last == #"error {"errMsg":"MEDIA_ERR_SRC_NOT_SUPPORTED: file not found"}"#)
        #expect(await page.app.tap("set", detail: ["src": "../../etc/passwd"]))
        #expect(page.named("error").count == 3)
        #expect(await page.app.tap("set", detail: ["src": "/bad.mp4", "start": 1e300, "danmu": "x"]))
        #expect(await page.app.tap("set", detail: ["fit": "stretch", "loop": "maybe"]))
        #expect(page.controller?.attributes.objectFit == .contain)
        #expect(await page.app.stop() == .idle)
    }

    /// A mixer stand-in: keeps the sources attached to it.
    final class Mixer: VideoAudioOutput, @unchecked Sendable {
        let lock = NSLock()
        var sources: [any AudioSource] = []
        var detached = 0
        func attach(_ source: any AudioSource, session: AppSession) { lock.withLock { sources.append(source) } }
        func detach(_ source: any AudioSource, session: AppSession) {
            lock.withLock {
                sources.removeAll { $0 === source }
                detached += 1
            }
        }
    }

    @Test func theSoundGoesToTheAudioOutputWhileMounted() async throws {
        let mixer = Mixer()
        let page = try Page(module: VideoModule(audioOutput: mixer))
        let (src, _) = try page.clip()
        #expect(await page.app.open())
        let source = try #require(mixer.lock.withLock { mixer.sources.first })
        #expect(await page.app.tap("set", detail: ["src": .string(src), "auto": true]))
        await page.advance(.milliseconds(250))
        var block = [Float](repeating: 0, count: 4_410 * 2)
        let n = block.withUnsafeMutableBufferPointer { source.render(into: $0, frames: 4_410, format: AudioFormat(sampleRate: 44_100, channels: 2)) }
        #expect(n == 4_410)
        let left = stride(from: 0, to: n * 2, by: 2).map { Int16(block[$0] * 32_767) }
        #expect(MediaTools.tonePower(left, sampleRate: 44_100, frequency: 440) > 0.5)
        #expect(await page.app.tap("pause"))
        #expect(await page.app.stop() == .idle)
        #expect(mixer.lock.withLock { mixer.sources.isEmpty && mixer.detached == 1 }, "detached when the page unloaded")
    }

    @Test func anHTTPSourceFromALocalServer() async throws {
        let served = TemporaryDirectory("video-served")
        _ = try Clips.make(served, name: "clip.mp4", size: "640x360")
        let (server, port) = try PythonServer.start(["-c", """
            import http.server, functools, socketserver
            H = functools.partial(http.server.SimpleHTTPRequestHandler, directory=\(String(reflecting: served.url.path)))
            H.log_message = lambda *a: None
            s = socketserver.ThreadingTCPServer(("127.0.0.1", 0), H)
            print("port", s.server_address[1], "end", flush=True)
            s.serve_forever()
            """])
        defer {
            // SIGKILL: the child may inherit a signal mask that blocks SIGTERM.
            kill(server.processIdentifier, SIGKILL)
            server.waitUntilExit()
        }
        let page = try Page(network: NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(port)")!])))
        #expect(await page.app.open())
        #expect(await page.app.tap("set", detail: ["src": .string("http://127.0.0.1:\(port)/clip.mp4"), "auto": true]))
        let downloading = page.lines.dropFirst().prefix { $0.hasPrefix("progress") && $0 != #"progress {"buffered":100}"# }
        let percents = downloading.compactMap { Double($0.dropFirst(#"progress {"buffered":"#.count).dropLast()) }
        #expect(!percents.isEmpty && percents == percents.sorted() && percents.allSatisfy { $0 < 100 }, "\(page.lines)")
        #expect(page.lines.first == "waiting {}")
        #expect(page.lines.dropFirst(1 + downloading.count).prefix(3) == [
            #"loadedmetadata {"width":640,"height":360,"duration":2}"#, #"progress {"buffered":100}"#, "play {}",
        ], "\(page.lines)")
        await page.advance(.seconds(2), step: .seconds(1))
        #expect(page.lines.last == "ended {}")
        // A host the app did not allow: an error, not a fetch.
        #expect(await page.app.tap("set", detail: ["src": "http://127.0.0.2:9/clip.mp4"]))
        #expect(page.named("error").last == #"error {"errMsg":"MEDIA_ERR_SRC_NOT_SUPPORTED: download video fail"}"#)
        #expect(await page.app.stop() == .idle)
    }
}
