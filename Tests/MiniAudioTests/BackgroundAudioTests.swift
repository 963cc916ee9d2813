import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniNet
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite struct BackgroundAudioTests {
    static let logAll = """
        function logAll(m) {
          ['Canplay','Play','Pause','Stop','Ended','Waiting','Seeking','Seeked','Prev','Next'].forEach(function (e) {
            m['on' + e](function () { console.log(e + ' t=' + m.currentTime.toFixed(2)); });
          });
          m.onError(function (r) { console.log('Error ' + r.errCode + ' ' + r.errMsg); });
        }
        """

    @Test func srcWithoutTitleFailsThenPlaysTheWholeFileInOrder() async throws {
        let h = try AudioHarness()
        try await PlaybackMedia.tone(h.package("song.m4a"), frequency: 1_000, seconds: 1.5, extra: ["-c:a", "aac"])
        let lines = await h.run(Self.logAll + """
            var m = wx.getBackgroundAudioManager();
            logAll(m);
            m.src = '/song.m4a';
            var again = wx.getBackgroundAudioManager();
            again.onError(function () {
              console.log('paused ' + m.paused + ' src ' + m.src);
              [['protocol', 'rtmp'], ['playbackRate', 4], ['startTime', -2], ['title', 7]].forEach(function (p) {
                try { m[p[0]] = p[1]; console.log('accepted ' + p[0]); } catch (e) { console.log(p[0] + ': ' + e.message); }
              });
              again.title = 'Song'; again.singer = 'Singer'; again.epname = 'Album'; again.coverImgUrl = 'https://x/c.png'; again.webUrl = 'https://x';
              console.log('meta ' + m.title + '/' + m.singer + '/' + m.epname + '/' + m.coverImgUrl + '/' + m.webUrl + '/' + m.protocol);
              m.src = '/song.m4a';
            });
            m.onCanplay(function () { console.log('duration ' + m.duration.toFixed(1) + ' buffered ' + m.buffered.toFixed(1)); });
            """)
        #expect(lines.first == "Error -1 title is required: set title before src", "\(lines)")
        #expect(lines.contains("paused true src /song.m4a"), "\(lines)")
        for p in ["protocol", "playbackRate", "startTime", "title"] {
            #expect(lines.contains { $0.hasPrefix(p + ": ") && $0.contains("fail") }, "\(p): \(lines)")
        }
        #expect(!lines.contains { $0.hasPrefix("accepted") }, "\(lines)")
        #expect(lines.contains("meta Song/Singer/Album/https://x/c.png/https://x/http"), "\(lines)")
        let names = lines.compactMap { l -> String? in
            let n = String(l.split(separator: " ")[0])
            return ["Canplay", "Play", "Ended", "Pause", "Stop", "Error"].contains(n) ? n : nil
        }
        #expect(names == ["Error", "Canplay", "Play", "Ended"], "\(lines)")
        #expect(lines.contains("duration 1.5 buffered 1.5"), "\(lines)")
        // The speaker got the file's tone, whole.
        let heard = audible(h.speaker.samples)
        #expect(abs(Double(heard.count / 2) / 44_100 - 1.5) < 0.06, "\(heard.count / 2) frames")
        #expect((2_700...3_200).contains(h.speaker.peak), "peak \(h.speaker.peak)")
    }

    @Test func hostileSourcesAreErrorEvents() async throws {
        let server = try await offCooperativePool { try HTTPTestServer() }
        defer { server.stop() }
        let policy = NetworkPolicy(allowedHosts: [AllowedHost(server.allowedHost)!], allowsLocalNetwork: true)
        for (src, expected) in [("/nope.mp3", "-1 "), ("/notes.mp3", "10004 format error: "), (server.url("echo?status=404"), "10002 network error: "),
                                ("../../etc/passwd", "10003 file error: ")] {
            let h = try AudioHarness(network: NetworkAccess(policy: policy))
            try "plain text, not audio".write(toFile: h.package("notes.mp3"), atomically: true, encoding: .utf8)
            let lines = await h.run(Self.logAll + """
                var m = wx.getBackgroundAudioManager();
                logAll(m);
                m.title = 'T';
                m.src = '\(src)';
                """)
            let want = src == "/nope.mp3" ? "Error 10003 file error: file not found" : "Error " + expected
            #expect(lines.count == 1 && lines[0].hasPrefix(want), "\(src): \(lines)")
            #expect(h.speaker.peak == 0)
        }
    }

    @Test func legacyAPIsDriveTheSameManager() async throws {
        let h = try AudioHarness(clock: ManualClock(autoAdvance: false))
        try await PlaybackMedia.tone(h.package("song.wav"), frequency: 1_000, seconds: 2)
        let lines = await h.run("""
            function state(tag) {
              wx.getBackgroundAudioPlayerState({success: function (r) {
                console.log(tag + ' status ' + r.status + ' duration ' + r.duration + ' pos ' + r.currentPosition + ' dl ' + r.downloadPercent + ' ' + r.dataUrl);
              }});
            }
            state('before');
            wx.onBackgroundAudioPlay(function () { console.log('onPlay'); });
            wx.onBackgroundAudioPause(function () { console.log('onPause'); });
            wx.onBackgroundAudioStop(function () { console.log('onStop'); });
            wx.playBackgroundAudio({}).catch(function (e) { console.log('bad ' + e.errMsg); });
            wx.seekBackgroundAudio({position: 'x', fail: function (e) { console.log('seek bad ' + e.errMsg); }});
            wx.playBackgroundAudio({dataUrl: '/missing.wav', title: 'M', fail: function (e) { console.log('missing ' + e.errMsg); },
              complete: function () {
                wx.playBackgroundAudio({dataUrl: '/song.wav', title: 'Song', coverImgUrl: 'https://x/c.png', success: function (r) {
                  console.log('play ' + r.errMsg + ' title ' + wx.getBackgroundAudioManager().title);
                }});
              }});
            var paused = false;
            wx.getBackgroundAudioManager().onTimeUpdate(function () {
              var t = wx.getBackgroundAudioManager().currentTime;
              if (t >= 0.5 && !paused) {
                paused = true;
                state('playing');
                wx.pauseBackgroundAudio({success: function () {
                  state('paused');
                  wx.seekBackgroundAudio({position: 1.5, success: function () {
                    state('sought');
                    wx.getBackgroundAudioManager().play();
                  }});
                }});
              }
            });
            wx.getBackgroundAudioManager().onEnded(function () {
              state('ended');
              wx.stopBackgroundAudio({success: function (r) { console.log('stop ' + r.errMsg); }});
            });
            """, steps: 300)
        #expect(lines.first == "before status 2 duration 0 pos 0 dl 0 ", "\(lines)")
        #expect(lines.contains { $0.hasPrefix("bad playBackgroundAudio:fail parameter error") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("seek bad seekBackgroundAudio:fail parameter error") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("missing playBackgroundAudio:fail file error: file not found") }, "\(lines)")
        #expect(lines.contains("play playBackgroundAudio:ok title Song"), "\(lines)")
        #expect(lines.contains("playing status 1 duration 2 pos 1 dl 100 /song.wav") || lines.contains("playing status 1 duration 2 pos 0 dl 100 /song.wav"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("paused status 0 duration 2") }, "\(lines)")
        #expect(lines.contains("sought status 0 duration 2 pos 2 dl 100 /song.wav"), "\(lines)")
        let legacy = lines.filter { $0.hasPrefix("on") }
        #expect(legacy == ["onPlay", "onPause", "onPlay", "onStop", "onStop"], "\(lines)")
        #expect(lines.contains("stop stopBackgroundAudio:ok"), "\(lines)")
        // Heard: 0.5 s (+ one block), then the last 0.5 s after the seek to 1.5 s.
        let heard = Double(audible(h.speaker.samples).filter { $0 != 0 }.count / 2) / 44_100
        #expect(heard > 0.95 && heard < 1.1, "\(heard) s heard")
    }

    @Test func hlsProtocolPlaysAPlaylist() async throws {
        let served = TemporaryDirectory()
        try await PlaybackMedia.ffmpeg(["-y", "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=3", "-ac", "2", "-c:a", "aac",
                                        "-f", "hls", "-hls_time", "1", "-hls_list_size", "0", served.file("live.m3u8").path])
        let (server, port) = try await offCooperativePool {
            try PythonServer.start(["-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", served.url.path])
        }
        defer { kill(server.processIdentifier, SIGKILL) }
        let policy = NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(port)")!], allowsLocalNetwork: true)
        let h = try AudioHarness(clock: SystemClock(), network: NetworkAccess(policy: policy))
        let lines = await h.run(Self.logAll + """
            var m = wx.getBackgroundAudioManager();
            logAll(m);
            m.protocol = 'hls';
            m.title = 'Live';
            m.src = 'http://127.0.0.1:\(port)/live.m3u8';
            """)
        #expect(lines.first?.hasPrefix("Canplay") == true, "\(lines)")
        #expect(lines.last?.hasPrefix("Ended") == true, "\(lines)")
        let heard = Double(audible(h.speaker.samples).filter { $0 != 0 }.count / 2) / 44_100
        #expect(heard > 2.8 && heard < 3.2, "\(heard) s heard")
    }
}
