import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniNet
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs page scripts against the audio module with a null speaker the test reads.
final class AudioHarness: @unchecked Sendable {
    let test: TestSession
    let speaker: NullSpeaker
    let output = CapturedOutput()

    init(clock: any MediaClock = ManualClock(), network: NetworkAccess = NetworkAccess()) throws {
        speaker = NullSpeaker(clock: clock)
        var env = AudioEnvironment()
        env.speakerFactory = { [speaker] _, _ in speaker }
        test = try TestSession(registry: try APIRegistry.with([AudioModule(environment: env)]), clock: clock, network: network)
    }

    /// A file in the package (a package path such as `/a.wav`).
    func package(_ name: String) -> String { test.directory.file("package").appendingPathComponent(name).path }

    /// Runs `source`; with `steps`, then moves the (non-advancing) clock 10 ms at a time.
    /// `settling`: each step waits for JS to be idle (no call may stay in flight then).
    func run(_ source: String, steps: Int = 0, settling: Bool = true, timeout: Double = 60) async -> [String] {
        var config = MiniAppConfiguration()
        config.timeout = timeout
        config.output = output
        do {
            let app = try MiniApp(config, session: test.session)
            _ = await app.evaluate(source, url: "test.js")
            for _ in 0..<steps {
                if settling {
                    _ = await app.advance(by: .milliseconds(10))
                } else {
                    test.session.clock.advance(by: .milliseconds(10))
                    try? await Task.sleep(for: .milliseconds(2))
                }
                // The mixer's block for this step is rendered (it sleeps again) before the next move.
                let mixer = AudioMixer.of(test.session)
                let clock = test.session.clock as? ManualClock
                _ = await eventually(10) { !mixer.isRunning || (clock?.pendingSleeperCount ?? 1) > 0 }
            }
            if steps > 0 && !settling {
                // Let a mixer still waiting for its next block see that nothing plays any more.
                for _ in 0..<20 {
                    try? await Task.sleep(for: .milliseconds(20))
                    test.session.clock.advance(by: .milliseconds(10))
                }
            }
            _ = await app.stop()
            if let e = app.uncaughtError { output.log("uncaught: \(e)") }
        } catch {
            output.log("failed: \(error)")
        }
        return output.lines
    }
}

@Suite struct InnerAudioContextTests {
    static let logAll = """
        function logAll(ctx, tag) {
          ['Canplay','Play','Pause','Stop','Ended','Waiting','Seeking','Seeked'].forEach(function (e) {
            ctx['on' + e](function () { console.log(tag + e + ' t=' + ctx.currentTime.toFixed(3)); });
          });
          ctx.onTimeUpdate(function () { console.log(tag + 'TimeUpdate ' + ctx.currentTime); });
          ctx.onError(function (r) { console.log(tag + 'Error ' + r.errCode + ' ' + r.errMsg); });
        }
        """

    @Test func eventsComeInOrderWithTimeUpdateEvery250ms() async throws {
        let h = try AudioHarness(clock: ManualClock(autoAdvance: false))
        try await PlaybackMedia.tone(h.package("tone.mp3"), frequency: 1_000, seconds: 1.2)
        let lines = await h.run(Self.logAll + """
            var ctx = wx.createInnerAudioContext();
            logAll(ctx, '');
            console.log('paused ' + ctx.paused + ' volume ' + ctx.volume + ' rate ' + ctx.playbackRate + ' loop ' + ctx.loop);
            ctx.src = '/tone.mp3';
            ctx.onCanplay(function () { console.log('duration ' + ctx.duration.toFixed(1)); ctx.play(); });
            ctx.onEnded(function () { console.log('ended paused ' + ctx.paused); });
            """, steps: 300)
        #expect(lines.first == "paused true volume 1 rate 1 loop false", "\(lines)")
        let names = lines.dropFirst().map { String($0.split(separator: " ")[0]) }
        #expect(names.first == "Canplay" && names.dropFirst().first == "duration" && names.dropFirst(2).first == "Play", "\(lines)")
        #expect(names.suffix(2) == ["Ended", "ended"], "\(lines)")
        let times = lines.filter { $0.hasPrefix("TimeUpdate ") }.compactMap { Double($0.dropFirst(11)) }
        #expect(times.count == 4, "\(times)")
        // Read when the event reaches JS: at most one 10 ms block later.
        for (i, t) in times.enumerated() { #expect(t >= 0.25 * Double(i + 1) - 0.0001 && t < 0.25 * Double(i + 1) + 0.021, "\(times)") }
        // currentTime has at most 6 decimals.
        for t in times { #expect((t * 1_000_000).rounded() == t * 1_000_000) }
        #expect(lines.contains("ended paused true"))
        #expect(audible(h.speaker.samples).count / 2 > 44_100)
    }

    /// `ramp.wav` (`seconds` long) served by Python's http.server on 127.0.0.1: its folder (kept
    /// while it serves), the server process and its port.
    static func serveRamp(seconds: Double) async throws -> (TemporaryDirectory, ChildProcess, Int) {
        let served = TemporaryDirectory()
        try PlaybackMedia.ramp(served.file("ramp.wav").path, seconds: seconds)
        let (server, port) = try await offCooperativePool {
            try PythonServer.start(["-m", "http.server", "0", "--bind", "127.0.0.1", "--directory", served.url.path])
        }
        return (served, server, port)
    }

    @Test func streamsAnHTTPURLInOrder() async throws {
        let (served, server, port) = try await Self.serveRamp(seconds: 1)
        defer { kill(server.processIdentifier, SIGKILL); _ = served }
        let policy = NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(port)")!], allowsLocalNetwork: true)
        let h = try AudioHarness(clock: SystemClock(), network: NetworkAccess(policy: policy))
        let lines = await h.run(Self.logAll + """
            var ctx = wx.createInnerAudioContext();
            logAll(ctx, '');
            ctx.autoplay = true;
            ctx.src = 'http://127.0.0.1:\(port)/ramp.wav';
            ctx.onCanplay(function () { console.log('duration ' + ctx.duration.toFixed(2)); });
            """)
        #expect(lines.first?.hasPrefix("Canplay") == true && lines.contains("duration 1.00"), "\(lines)")
        #expect(lines.last?.hasPrefix("Ended") == true, "\(lines)")
        // Every frame of the stream, in order (a wait for the network is silence between them).
        let s = h.speaker.samples
        let indices = stride(from: 0, to: s.count, by: 2).compactMap { i in s[i] == 0 && s[i + 1] == 0 ? nil : PlaybackMedia.rampIndex(s[i], s[i + 1]) }
        #expect(indices == Array(1..<44_100), "\(indices.count) frames")
    }

    /// A redirect is followed only where the policy allows its target: FFmpeg follows none.
    @Test func redirectsAreCheckedHopByHop() async throws {
        let (served, files, port) = try await Self.serveRamp(seconds: 0.2)
        defer { kill(files.processIdentifier, SIGKILL); _ = served }
        let redirector = try await offCooperativePool { try HTTPTestServer() }
        defer { redirector.stop() }
        let target = "http://127.0.0.1:\(port)/ramp.wav"
        let via = redirector.url("redirect?to=" + (target.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""))
        let script = Self.logAll + """
            var ctx = wx.createInnerAudioContext();
            logAll(ctx, '');
            ctx.autoplay = true;
            ctx.src = '\(via)';
            """
        // Only the redirecting server is allowed: its 302 to another local server is refused.
        let only = NetworkPolicy(allowedHosts: [AllowedHost(redirector.allowedHost)!])
        let refused = await (try AudioHarness(clock: SystemClock(), network: NetworkAccess(policy: only))).run(script)
        #expect(refused.contains { $0.hasPrefix("Error 10002 network error: ") }, "\(refused)")
        #expect(!refused.contains { $0.hasPrefix("Play") || $0.hasPrefix("Canplay") }, "\(refused)")
        // Both allowed: the checked redirect is followed and the file plays to its end.
        let both = NetworkPolicy(allowedHosts: [AllowedHost(redirector.allowedHost)!, AllowedHost("http://127.0.0.1:\(port)")!])
        let played = await (try AudioHarness(clock: SystemClock(), network: NetworkAccess(policy: both))).run(script)
        #expect(played.contains { $0.hasPrefix("Canplay") } && played.last?.hasPrefix("Ended") == true, "\(played)")
    }

    @Test func hostileSourcesAreErrorEvents() async throws {
        let server = try await offCooperativePool { try HTTPTestServer() }
        defer { server.stop() }
        let policy = NetworkPolicy(allowedHosts: [AllowedHost(server.allowedHost)!], allowsLocalNetwork: true)
        let h = try AudioHarness(network: NetworkAccess(policy: policy))
        try "plain text, not audio".write(toFile: h.package("notes.mp3"), atomically: true, encoding: .utf8)
        try await PlaybackMedia.tone(h.package("full.m4a"), frequency: 440, seconds: 2, extra: ["-c:a", "aac"])
        let full = try Data(contentsOf: URL(fileURLWithPath: h.package("full.m4a")))
        try full.prefix(full.count / 3).write(to: URL(fileURLWithPath: h.package("cut.m4a")))
        let lines = await h.run(Self.logAll + """
            var srcs = {missing: '/nope.mp3', text: '/notes.mp3', cut: '/cut.m4a', notfound: '\(server.url("echo?status=404"))',
                        refused: 'https://not-allowed.example/a.mp3', hostile: '../../etc/passwd', temp: 'wxfile://tmp_missing.mp3'};
            Object.keys(srcs).forEach(function (k) {
              var ctx = wx.createInnerAudioContext();
              logAll(ctx, k + ' ');
              ctx.autoplay = true;
              ctx.src = srcs[k];
            });
            """)
        func error(_ tag: String) -> String? { lines.first { $0.hasPrefix(tag + " Error ") }.map { String($0.dropFirst(tag.count + 7)) } }
        #expect(error("missing")?.hasPrefix("10003 file error: file not found") == true, "\(lines)")
        #expect(error("temp")?.hasPrefix("10003 ") == true, "\(lines)")
        #expect(error("hostile")?.hasPrefix("10003 file error: ") == true, "\(lines)")
        #expect(error("text")?.hasPrefix("10004 format error: ") == true, "\(lines)")
        #expect(error("cut")?.hasPrefix("10004 format error: ") == true, "\(lines)")
        #expect(error("notfound")?.hasPrefix("10002 network error: ") == true, "\(lines)")
        #expect(error("refused")?.hasPrefix("10002 network error: ") == true, "\(lines)")
        #expect(!lines.contains { $0.contains(" Play ") || $0.hasPrefix("uncaught") }, "\(lines)")
    }

    @Test func destroyEndsEverythingAndLaterCallsThrow() async throws {
        let h = try AudioHarness()
        try await PlaybackMedia.tone(h.package("tone.wav"), frequency: 1_000, seconds: 1)
        let lines = await h.run(Self.logAll + """
            var ctx = wx.createInnerAudioContext();
            logAll(ctx, '');
            ctx.src = '/tone.wav';
            ctx.play();
            ctx.onTimeUpdate(function () {
              ctx.destroy();
              console.log('destroyed');
              try { ctx.play(); } catch (e) { console.log('play threw ' + e.message); }
              try { ctx.src = '/tone.wav'; } catch (e) { console.log('src threw ' + e.message); }
              ctx.destroy();
            });
            """)
        let i = try #require(lines.firstIndex(of: "destroyed"), "\(lines)")
        #expect(lines[i + 1] == "play threw play:fail InnerAudioContext is destroyed", "\(lines)")
        #expect(lines[i + 2].hasPrefix("src threw src:fail InnerAudioContext is destroyed"), "\(lines)")
        #expect(lines.count == i + 3, "nothing after destroy: \(lines)")
    }

    @Test func listenersAddedTwiceRunTwiceAndOffRemovesOne() async throws {
        let h = try AudioHarness()
        try await PlaybackMedia.tone(h.package("tone.wav"), frequency: 1_000, seconds: 0.3)
        let lines = await h.run("""
            var ctx = wx.createInnerAudioContext();
            function a() { console.log('a'); }
            function b() { console.log('b'); }
            ctx.onPlay(a); ctx.onPlay(a); ctx.onPlay(b); ctx.onPlay(b);
            ctx.offPlay(b);
            ctx.onEnded(function () { console.log('ended'); });
            ctx.autoplay = true;
            ctx.src = '/tone.wav';
            try { ctx.onPlay('nope'); } catch (e) { console.log('threw ' + e.constructor.name); }
            """)
        #expect(lines == ["threw TypeError", "a", "a", "b", "ended"], "\(lines)")
    }

    @Test func propertiesValidateAndSeekMovesCurrentTime() async throws {
        let h = try AudioHarness()
        try await PlaybackMedia.tone(h.package("tone.wav"), frequency: 1_000, seconds: 3)
        let lines = await h.run(Self.logAll + """
            var ctx = wx.createInnerAudioContext({useWebAudioImplement: true});
            logAll(ctx, '');
            [['volume', 2], ['volume', 'loud'], ['playbackRate', 3], ['playbackRate', 0.25], ['referrerPolicy', 'unsafe-url'],
             ['startTime', -1], ['src', 42]].forEach(function (p) {
              try { ctx[p[0]] = p[1]; console.log('accepted ' + p[0]); } catch (e) { console.log(p[0] + ': ' + e.message); }
            });
            ctx.volume = 0.5; ctx.playbackRate = 1.5; ctx.loop = true; ctx.obeyMuteSwitch = false; ctx.referrerPolicy = 'no-referrer';
            console.log('set ' + ctx.volume + ' ' + ctx.playbackRate + ' ' + ctx.loop + ' ' + ctx.obeyMuteSwitch + ' ' + ctx.referrerPolicy);
            ctx.playbackRate = 1; ctx.loop = false;
            ctx.src = '/tone.wav';
            ctx.onCanplay(function () {
              console.log('buffered ' + ctx.buffered.toFixed(2) + ' duration ' + ctx.duration.toFixed(2));
              ctx.seek(1.25);
              console.log('after seek ' + ctx.currentTime);
              ctx.currentTime = 2.5;
              console.log('after set ' + ctx.currentTime);
              ctx.play();
            });
            wx.getAvailableAudioSources({success: function (r) { console.log('sources ' + r.audioSources.join(',')); }});
            wx.setInnerAudioOption({mixWithOther: false, obeyMuteSwitch: false}).then(function (r) { console.log('option ' + r.errMsg); });
            wx.setInnerAudioOption({mixWithOther: 'no', fail: function (e) { console.log('option fail ' + e.errMsg); }});
            """)
        #expect(lines.contains { $0.hasPrefix("volume: ") && $0.contains("parameter error") }, "\(lines)")
        #expect(lines.filter { $0.hasPrefix("volume: ") }.count == 2)
        #expect(lines.filter { $0.hasPrefix("playbackRate: ") }.count == 2)
        #expect(lines.contains { $0.hasPrefix("referrerPolicy: ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("startTime: ") }, "\(lines)")
        #expect(lines.contains { $0.hasPrefix("src: ") }, "\(lines)")
        #expect(!lines.contains { $0.hasPrefix("accepted") }, "\(lines)")
        #expect(lines.contains("set 0.5 1.5 true false no-referrer"), "\(lines)")
        #expect(lines.contains("buffered 3.00 duration 3.00"), "\(lines)")
        #expect(lines.contains("after seek 1.25") && lines.contains("after set 2.5"), "\(lines)")
        let seeking = lines.filter { $0.hasPrefix("Seeking") }.count, seeked = lines.filter { $0.hasPrefix("Seeked") }.count
        #expect(seeking == 2 && seeked == 2, "\(lines)")
        #expect(lines.last?.hasPrefix("Ended") == true, "\(lines)")
        #expect(lines.contains("sources auto,buildInMic,headsetMic,mic,camcorder,voice_communication,voice_recognition"))
        #expect(lines.contains("option setInnerAudioOption:ok"))
        #expect(lines.contains { $0.hasPrefix("option fail setInnerAudioOption:fail parameter error") }, "\(lines)")
        // Played from 2.5 s to the end at half volume.
        let heard = audible(h.speaker.samples)
        #expect(abs(Double(heard.count / 2) / 44_100 - 0.5) < 0.02, "\(heard.count / 2) frames")
        // ffmpeg's sine peaks at 4096, upmixed to stereo at -3 dB: 2896; half volume: 1448.
        #expect((1_420...1_480).contains(h.speaker.peak), "peak \(h.speaker.peak)")
    }
}

@Suite struct VoicePlaybackTests {
    @Test func playVoiceSucceedsWhenPlaybackEndsAndFailsClearly() async throws {
        let h = try AudioHarness()
        try await PlaybackMedia.tone(h.package("voice.m4a"), frequency: 1_000, seconds: 0.8, extra: ["-c:a", "aac"])
        let lines = await h.run("""
            wx.playVoice({filePath: '/voice.m4a', success: function (r) { console.log('played ' + r.errMsg); },
                          complete: function () {
              wx.playVoice({filePath: '/missing.m4a', fail: function (e) { console.log('missing ' + e.errMsg); }});
            }});
            wx.playVoice({}).catch(function (e) { console.log('bad ' + e.errMsg); });
            console.log('stop ' + typeof wx.stopVoice + ' pause ' + typeof wx.pauseVoice);
            """)
        #expect(lines.contains("stop function pause function"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("bad playVoice:fail parameter error") }, "\(lines)")
        #expect(lines.contains("played playVoice:ok"), "\(lines)")
        #expect(lines.contains("missing playVoice:fail interrupted by another playVoice") || lines.contains { $0.hasPrefix("missing playVoice:fail file error") }, "\(lines)")
        // The first file, whole (0.8 s; the second call is interrupted before it plays).
        let heard = Double(audible(h.speaker.samples).count / 2) / 44_100
        #expect(heard > 0.75 && heard < 0.9, "\(heard) s heard")
    }

    @Test func stopVoiceEndsTheCallWithFail() async throws {
        let h = try AudioHarness(clock: ManualClock(autoAdvance: false))
        try await PlaybackMedia.tone(h.package("voice.wav"), frequency: 1_000, seconds: 5)
        let lines = await h.run("""
            wx.playVoice({filePath: '/voice.wav', fail: function (e) { console.log('ended ' + e.errMsg); }});
            setTimeout(function () { wx.pauseVoice(); wx.stopVoice({success: function () { console.log('stopped'); }}); }, 500);
            """, steps: 300, settling: false)
        #expect(lines.contains("ended playVoice:fail stopped by stopVoice"), "\(lines)")
        #expect(lines.contains("stopped"), "\(lines)")
        let heard = Double(audible(h.speaker.samples).count / 2) / 44_100
        // Stopped at 0.5 s on the clock (JS may see the timer a few steps late), long before the end.
        #expect(heard > 0.45 && heard < 4, "\(heard) s heard")
    }
}
