import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

/// Background audio belongs to the app: it plays on while pages come and go.
@Suite struct BackgroundAudioNavigationTests {
    /// Moves the clock `steps` × 10 ms, letting the mixer render each block before the next move.
    static func step(_ app: MiniApp, _ clock: ManualClock, _ steps: Int) async {
        for _ in 0..<steps {
            _ = await app.advance(by: .milliseconds(10))
            let mixer = AudioMixer.of(app.session)
            _ = await eventually(10) { !mixer.isRunning || clock.pendingSleeperCount > 0 }
        }
    }

    @Test func playsOnAcrossNavigateToRedirectToAndBackAndHearsNext() async throws {
        let dir = TemporaryDirectory("mm-bgnav")
        try dir.write("app/app.json", #"{ "pages": ["pages/index/index", "pages/detail/detail", "pages/other/other"] }"#)
        try dir.write("app/pages/index/index.js", """
            Page({
              onLoad() {
                const m = wx.getBackgroundAudioManager()
                ;['Play', 'Pause', 'Stop', 'Ended', 'Prev', 'Next'].forEach((e) => m['on' + e](() => console.log('bg ' + e)))
                m.onError((r) => console.log('bg Error ' + r.errMsg))
                m.title = 'Song'
                m.src = '/song.wav'
              },
              onHide() { console.log('index.onHide') },
              onShow() { console.log('index.onShow') },
              go() { wx.navigateTo({ url: '/pages/detail/detail' }) },
            })
            """)
        try dir.write("app/pages/detail/detail.js", """
            Page({
              onLoad() { const m = wx.getBackgroundAudioManager(); console.log('detail sees ' + m.title + ' paused=' + m.paused) },
              onUnload() { console.log('detail.onUnload') },
              redirect() { wx.redirectTo({ url: '/pages/other/other' }) },
            })
            """)
        try dir.write("app/pages/other/other.js", """
            Page({
              onLoad() { console.log('other sees paused=' + wx.getBackgroundAudioManager().paused) },
              back() { wx.navigateBack() },
            })
            """)
        try await PlaybackMedia.tone(dir.file("app/song.wav").path, frequency: 1_000, seconds: 2)
        let clock = ManualClock(autoAdvance: false)
        let (app, speaker) = try audioApp(dir.file("app"), data: dir.file("data"), clock: clock)
        #expect(await app.open())
        await Self.step(app, clock, 50)
        #expect(await app.tap("go"))
        #expect(app.currentRoute == "pages/detail/detail")
        await Self.step(app, clock, 30)
        #expect(await app.tap("redirect"))
        #expect(app.currentRoute == "pages/other/other")
        await Self.step(app, clock, 30)
        #expect(await app.tap("back"))
        #expect(app.currentRoute == "pages/index/index")
        let manager = try #require(BackgroundAudioManager.existing(in: app.session))
        #expect(!manager.paused)
        manager.press(.next)
        manager.press(.prev)
        await Self.step(app, clock, 150)
        _ = await app.settle()
        let lines = app.logLines
        #expect(lines == [
            "index.onShow", "bg Play", "index.onHide", "detail sees Song paused=false", "detail.onUnload", "other sees paused=false", "index.onShow",
            "bg Next", "bg Prev", "bg Ended",
        ], "\(lines)")
        // The whole 2 s tone reached the speaker, without a gap at any navigation.
        let heard = audible(speaker.samples)
        #expect(abs(Double(heard.count / 2) / 44_100 - 2.0) < 0.03, "\(heard.count / 2) frames")
        var played = heard
        while played.count >= 2, played[played.count - 1] == 0, played[played.count - 2] == 0 { played.removeLast(2) }
        let silentRun = Self.longestSilence(played)
        #expect(silentRun < 441, "a gap of \(silentRun) frames")
        _ = await app.stop()
    }

    /// The longest run of silent frames in stereo `samples` (a sine crosses zero now and then).
    static func longestSilence(_ samples: [Int16]) -> Int {
        var longest = 0, run = 0
        for i in stride(from: 0, to: samples.count - 1, by: 2) {
            if samples[i] == 0 && samples[i + 1] == 0 { run += 1; longest = max(longest, run) } else { run = 0 }
        }
        return longest
    }
}
