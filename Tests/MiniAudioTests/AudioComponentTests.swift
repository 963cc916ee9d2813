import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

/// `<audio>` and `wx.createAudioContext(id)` on a real page.
@Suite struct AudioComponentTests {
    @Test func audioContextPlaysTheComponentAndHostileSourcesAreErrors() async throws {
        let dir = TemporaryDirectory("mm-audioel")
        try dir.write("app/app.json", #"{ "pages": ["pages/index/index"] }"#)
        try dir.write("app/pages/index/index.wxml", """
            <audio id="a" src="{{src}}" loop="{{false}}" controls poster="p.png" name="Tone" author="Me"
                   bindplay="onPlay" bindpause="onPause" bindtimeupdate="onTime" bindended="onEnded" binderror="onError"></audio>
            <audio id="b" src="/missing.mp3" binderror="onErrorB"></audio>
            """)
        try dir.write("app/pages/index/index.js", """
            let times = 0, step = 0
            Page({
              data: { src: '/tone.wav' },
              onReady() {
                try { wx.createAudioContext('') } catch (e) { console.log('empty id: ' + e.message) }
                try { wx.createAudioContext('zzz').play() } catch (e) { console.log('no element: ' + e.message) }
                const ctx = wx.createAudioContext('a')
                try { ctx.seek(-1) } catch (e) { console.log('seek: ' + e.message) }
                ctx.play()
              },
              onPlay() { console.log('play') },
              onPause() { console.log('pause') },
              onTime(e) { times++; if (times === 1) console.log('time ' + e.detail.currentTime.toFixed(2) + ' / ' + e.detail.duration.toFixed(2)) },
              onEnded() {
                console.log('ended after ' + times + ' timeupdates')
                const ctx = wx.createAudioContext('a')
                ctx.setSrc('/notes.mp3')
                ctx.play()
              },
              onError(e) { console.log('error ' + e.detail.errCode + ' ' + e.detail.errMsg.split(':')[0]) },
              onErrorB(e) { console.log('b error ' + e.detail.errMsg) },
            })
            """)
        try await PlaybackMedia.tone(dir.file("app/tone.wav").path, frequency: 1_000, seconds: 1)
        try "plain text, not audio".write(toFile: dir.file("app/notes.mp3").path, atomically: true, encoding: .utf8)
        let clock = ManualClock()
        let (app, speaker) = try audioApp(dir.file("app"), data: dir.file("data"), clock: clock)
        #expect(await app.open())
        // Component events reach the page while its event loop runs.
        for _ in 0..<3_000 where !app.logLines.contains(where: { $0.hasPrefix("error ") }) {
            _ = await app.settle()
            try await Task.sleep(for: .milliseconds(10))
        }
        _ = await app.settle()
        let lines = app.logLines
        #expect(lines.contains { $0.hasPrefix("empty id: createAudioContext:fail parameter error") }, "\(lines)")
        #expect(lines.contains("no element: play:fail no <audio> with id \"zzz\" on the page"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("seek: seek:fail parameter error") }, "\(lines)")
        #expect(lines.contains("b error file error: file not found"), "\(lines)")
        let main = lines.filter { !$0.contains(":") || $0.hasPrefix("time ") || $0.hasPrefix("error ") }
        #expect(main == ["play", "time 0.25 / 1.00", "ended after 4 timeupdates", "error 10004 format error"], "\(lines)")
        let heard = audible(speaker.samples)
        #expect(abs(Double(heard.count / 2) / 44_100 - 1.0) < 0.03, "\(heard.count / 2) frames")
        _ = await app.stop()
    }
}
