import Foundation
import MiniCapture
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import MiniNet
import MiniVideo
import Testing

/// The events a mounted `<live-player>` fires, as they arrive (from the playback thread).
final class RecordedEvents: ComponentEventSink, @unchecked Sendable {
    private let lock = NSLock()
    private var list: [(event: String, detail: HostValue, at: ContinuousClock.Instant)] = []

    func fire(_ event: String, detail: HostValue) { lock.withLock { list.append((event, detail, .now)) } }

    var all: [(event: String, detail: HostValue, at: ContinuousClock.Instant)] { lock.withLock { list } }
    /// statechange codes in order.
    var codes: [Int] { all.filter { $0.event == "statechange" }.compactMap { $0.detail["code"]?.numberValue }.map { Int($0) } }
    func count(_ event: String) -> Int { all.filter { $0.event == event }.count }

    /// Waits (off the cooperative pool) until `condition` holds; false after `timeout` seconds.
    func wait(_ timeout: Double, _ condition: @escaping @Sendable (RecordedEvents) -> Bool) async throws -> Bool {
        try await offCooperativePool {
            let deadline = Date().addingTimeInterval(timeout)
            while !condition(self) {
                if Date() > deadline { return false }
                usleep(20_000)
            }
            return true
        }
    }
}

/// `<live-player>` against a real nginx-rtmp server on 127.0.0.1, fed by the ffmpeg CLI
/// (320x240 testsrc2 at 25 fps, 400 kbit/s H.264 CBR, 64 kbit/s AAC of a 440 Hz tone).
/// Real clock, real network; each test is bounded.
@Suite("live-player against nginx-rtmp", .serialized, .enabled(if: LiveStreamServer.isAvailable, "needs nginx + libnginx-mod-rtmp + ffmpeg"))
struct LivePlayerTests {
    struct Rig {
        let server: LiveStreamServer
        let test: TestSession
        let events: RecordedEvents
        let component: LivePlayerComponent
        var player: LivePlayer { component.player }
        /// The LivePlayerContext of `#live`.
        var context: NativeObject { LivePlayerComponentFactory().context(session: test.session, id: "live")! }
    }

    /// A server publishing the default stream, and a session whose network allows exactly its ports.
    /// Blocking steps (starting nginx, waiting for the publisher) run off the cooperative pool.
    static func rig(_ server: LiveStreamServer? = nil, src: ((LiveStreamServer) -> String)? = nil, publish: Bool = true,
                    attributes: [String: HostValue] = [:], allowLoopback: Bool = true) async throws -> Rig {
        let server = if let server { server } else { try await LiveStreamServer.make() }
        if publish {
            try server.publish()
            // The publisher is up (video and audio) once nginx wrote the first HLS fragment.
            try await offCooperativePool { try server.waitForHLS(segments: 1, timeout: 30) }
        }
        let allowed = allowLoopback ? ["http://127.0.0.1:\(server.rtmpPort)", server.hlsAllowedHost].compactMap(AllowedHost.init) : []
        let t = try TestSession(registry: try APIRegistry.with([VideoModule()]),
                                network: NetworkAccess(policy: NetworkPolicy(allowedHosts: allowed)))
        let events = RecordedEvents()
        var attrs: [String: HostValue] = ["src": .string(src?(server) ?? server.rtmpURL()), "autoplay": .bool(true)]
        attrs.merge(attributes) { $1 }
        let mounted = try LivePlayerComponentFactory().mount(
            ComponentMount(tag: "live-player", id: "live", attributes: attrs, session: t.session, events: events, siblingsOfSameTag: 0))
        let component = try #require(mounted as? LivePlayerComponent)
        t.session.components.register(tag: "live-player", id: "live", component)
        return Rig(server: server, test: t, events: events, component: component)
    }

    static func index(_ codes: [Int], _ code: Int) -> Int { codes.firstIndex(of: code) ?? .max }

    @Test func rtmpPlaysInOrderWithMeasuredFiguresSnapshotAndAudio() async throws {
        let rig = try await Self.rig()
        let started = ContinuousClock.now
        defer { rig.component.unmount(); rig.server.stop() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        let toPlaying = ContinuousClock.now - started
        print("live-player: time to 2004 (mount → playing, min-cache 1 s): \(toPlaying)")
        // About 1.1 s unloaded (connect, then 1 s of cache); generous for a loaded machine.
        #expect(toPlaying < .seconds(10))
        let codes = rig.events.codes
        #expect(Self.index(codes, 2001) < Self.index(codes, 2002))
        #expect(Self.index(codes, 2002) < Self.index(codes, 2003))
        #expect(Self.index(codes, 2003) < Self.index(codes, 2009))
        #expect(Self.index(codes, 2009) < Self.index(codes, 2004))
        #expect(!codes.contains { $0 < 0 || $0 >= 3000 })

        // Four netstatus windows after playing began; the last three averaged.
        let before = rig.events.count("netstatus")
        #expect(try await rig.events.wait(8) { $0.count("netstatus") >= before + 4 })
        // The publisher's timestamps are even: no discontinuity is reported.
        #expect(!rig.events.codes.contains(2107), "codes: \(rig.events.codes)")
        let infos = rig.events.all.filter { $0.event == "netstatus" }.suffix(3).compactMap { $0.detail["info"] }
        func mean(_ key: String) -> Double { infos.compactMap { $0[key]?.numberValue }.reduce(0, +) / Double(infos.count) }
        print("live-player netstatus (mean of 3): video \(mean("videoBitrate")) kbps, audio \(mean("audioBitrate")) kbps, \(mean("videoFPS")) fps, net \(mean("netSpeed")) kbps, cache \(mean("videoCache")) ms")
        #expect(abs(mean("videoBitrate") - 400) <= 80)
        #expect(abs(mean("audioBitrate") - 64) <= 12.8)
        #expect(abs(mean("videoFPS") - 25) <= 5)
        #expect(mean("netSpeed") >= mean("videoBitrate") + mean("audioBitrate") - 1)
        #expect(infos.allSatisfy { $0["videoWidth"] == 320 && $0["videoHeight"] == 240 })
        // Between min-cache (1 s) and max-cache (3 s) queued, give or take a frame and a window.
        #expect(mean("videoCache") >= 700 && mean("videoCache") <= 3100)
        #expect(rig.events.count("audiovolumenotify") > 0)

        // The screen holds a frame at the stream's size; snapshot writes real JPEGs of it.
        let frame = try #require(rig.player.screen.frame)
        #expect(frame.width == 320 && frame.height == 240)
        let raw = try await rig.test.call("snapshot", ["quality": "raw"], target: rig.context)
        let rawPath = try #require(raw["tempImagePath"]?.stringValue)
        #expect(raw["width"] == 320 && raw["height"] == 240 && raw["errMsg"] == "snapshot:ok")
        let rawBytes = try rig.test.session.files.read(rawPath)
        let decoded = try ImageDecoder.decode(data: rawBytes)
        #expect(decoded.pixels.width == 320 && decoded.pixels.height == 240)
        let small = try await rig.test.call("snapshot", ["quality": "compressed"], target: rig.context)
        let smallBytes = try rig.test.session.files.read(try #require(small["tempImagePath"]?.stringValue))
        #expect(small["width"] == 160 && small["height"] == 120)
        #expect(try ImageDecoder.decode(data: smallBytes).pixels.width == 160)
        #expect(smallBytes.count < rawBytes.count)
        let bad = await rig.test.failure("snapshot", ["quality": "huge"], target: rig.context)
        #expect(bad?.shaped["errMsg"]?.stringValue?.hasPrefix("snapshot:fail parameter error") == true)

        // The audio: pulled as the mixer would, it is the publisher's 440 Hz tone; mute silences it.
        let format = AudioFormat(sampleRate: 48_000, channels: 1)
        func pull(_ frames: Int) -> [Float] {
            var out = [Float](repeating: 0, count: frames)
            let n = out.withUnsafeMutableBufferPointer { rig.player.audio.render(into: $0, frames: frames, format: format) }
            return Array(out[0..<n])
        }
        _ = pull(1 << 20)
        _ = try await offCooperativePool { usleep(400_000) }
        let tone = pull(9600).map { Int16(max(-1, min(1, $0)) * 32767) }
        #expect(tone.count >= 4800)
        #expect(MediaTools.tonePower(tone, sampleRate: 48_000, frequency: 440) > 0.5)
        _ = try await rig.test.call("mute", target: rig.context)
        _ = pull(1 << 20)
        _ = try await offCooperativePool { usleep(300_000) }
        let muted = pull(4800)
        #expect(!muted.isEmpty && muted.allSatisfy { $0 == 0 })

        // Unavailable devices fail clearly.
        let cast = await rig.test.failure("startCasting", target: rig.context)
        #expect(cast?.shaped["errMsg"] == "startCasting:fail no casting device")
        _ = try await rig.test.call("requestFullScreen", ["direction": 90], target: rig.context)
        #expect(rig.events.all.last { $0.event == "fullscreenchange" }?.detail["direction"] == "horizontal")
        let dir = await rig.test.failure("requestFullScreen", ["direction": 45], target: rig.context)
        #expect(dir != nil)
    }

    @Test func serverKilledMidStreamReconnectsThreeTimesThenFails() async throws {
        let rig = try await Self.rig()
        defer { rig.component.unmount(); rig.server.stop() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        let before = rig.events.codes.count
        rig.server.kill()
        #expect(try await rig.events.wait(15) { $0.codes.contains(-2301) }, "codes: \(rig.events.codes)")
        let after = Array(rig.events.codes[before...])
        #expect([3004, 3005].contains(after.first ?? 0), "\(after)")
        #expect(Array(after.dropFirst()) == [2103, 2103, 2103, -2301], "\(after)")
        #expect(!rig.player.isPlaying)
        #expect(try await offCooperativePool { usleep(1_200_000); return true })
        #expect(rig.events.codes.count == before + after.count)
    }

    @Test func serverRestartedWithinTheRetriesRecovers() async throws {
        let rig = try await Self.rig()
        defer { rig.component.unmount(); rig.server.stop() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        let before = rig.events.codes.count
        rig.server.kill()
        #expect(try await rig.events.wait(10) { $0.codes.contains(2103) })
        try await rig.server.startAsync()
        try rig.server.publish()
        #expect(try await rig.events.wait(15) { Array($0.codes[before...]).contains(2004) || $0.codes.contains(-2301) },
                "codes: \(rig.events.codes)")
        let after = Array(rig.events.codes[before...])
        #expect(!after.contains(-2301), "\(after)")
        #expect(after.contains(2103) && after.contains(2001) && after.last == 2004, "\(after)")
        #expect(rig.player.isPlaying)
    }

    /// setData on the element: autoplay starts it, muted silences it, a new src restarts it,
    /// invalid values fall back to the defaults (with a warning) and never crash.
    @Test func attributeChangesApply() async throws {
        let rig = try await Self.rig(attributes: ["autoplay": .bool(false), "min-cache": .string("x"), "max-cache": .number(-1)])
        defer { rig.component.unmount(); rig.server.stop() }
        #expect(rig.player.settings.minCache == 1 && rig.player.settings.maxCache == 3)
        #expect(!rig.player.isPlaying && rig.events.codes.isEmpty)
        rig.component.update(["autoplay": .bool(true), "muted": .bool(true), "object-fit": .string("fillCrop"), "mode": .number(3)])
        #expect(rig.player.audio.muted && rig.player.settings.objectFit == .fillCrop && rig.player.settings.mode == .live)
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        let before = rig.events.codes.count
        // The same stream by another url: a new run from 2001 to 2004.
        rig.component.update(["src": .string(rig.server.rtmpURL() + "?from=setData"), "muted": .bool(false)])
        #expect(!rig.player.audio.muted)
        #expect(try await rig.events.wait(30) { Array($0.codes[before...]).contains(2004) }, "codes: \(rig.events.codes)")
        #expect(Array(rig.events.codes[before...]).first == 2001)
        // A src of the wrong type: a warning, then -2302.
        rig.component.update(["src": .number(7)])
        #expect(try await rig.events.wait(10) { $0.codes.last == -2302 }, "codes: \(rig.events.codes)")
        #expect(try await rig.events.wait(5) { _ in !rig.player.isPlaying })
    }

    @Test func badURLsFailWithMinus2302() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        let urls: [(String, Bool)] = [
            ("ftp://127.0.0.1/live/test", true), ("rtmp://127.0.0.1:\(server.rtmpPort)/live", true), ("not a url", true),
            ("rtmp://169.254.169.254/live/test", true),
            // Loopback without an explicit allowance.
            (server.rtmpURL(), false),
            // HLS the server does not have (404).
            (server.hlsURL("missing"), true),
        ]
        for (url, allowed) in urls {
            let rig = try await Self.rig(server, src: { _ in url }, publish: false, allowLoopback: allowed)
            defer { rig.component.unmount() }
            #expect(try await rig.events.wait(10) { $0.codes.contains(-2302) }, "\(url): \(rig.events.codes)")
            #expect(!rig.events.codes.contains(2001), "\(url)")
            #expect(try await rig.events.wait(5) { _ in !rig.player.isPlaying })
        }
    }

    @Test func playerStartedBeforeThePublisherShowsVideoOnceItArrives() async throws {
        let rig = try await Self.rig(publish: false)
        defer { rig.component.unmount(); rig.server.stop() }
        _ = try await offCooperativePool { usleep(300_000) }
        try rig.server.publish()
        #expect(try await rig.events.wait(12) { $0.codes.contains(2003) && $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        #expect(try await rig.events.wait(5) { _ in rig.player.screen.frame != nil })
        #expect(rig.player.screen.frame?.width == 320 && rig.player.screen.frame?.height == 240)
        #expect(!rig.events.codes.contains { $0 < 0 })
    }

    /// A playlist naming segments on another origin: FFmpeg's HLS demuxer is not let to fetch
    /// them (the player never sees a frame and gives up), while the same segments by relative
    /// name play (`hlsFromTheServerPlays`).
    @Test func hlsSegmentsOnAnotherOriginAreRefused() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try server.publish()
        try await offCooperativePool { try server.waitForHLS(segments: 2, timeout: 30) }
        let playlist = try String(contentsOfFile: "\(server.hlsFolder)/test.m3u8", encoding: .utf8)
        let evil = playlist.split(separator: "\n").map { line in
            line.hasSuffix(".ts") ? "http://localhost:\(server.httpPort)/hls/\(line)" : String(line)
        }.joined(separator: "\n") + "\n#EXT-X-ENDLIST\n"
        try evil.write(toFile: "\(server.hlsFolder)/evil.m3u8", atomically: true, encoding: .utf8)
        let rig = try await Self.rig(server, src: { _ in "http://127.0.0.1:\(server.httpPort)/hls/evil.m3u8" }, publish: false)
        defer { rig.component.unmount() }
        #expect(try await rig.events.wait(20) { $0.codes.contains(-2302) || $0.codes.contains(-2301) || $0.codes.contains(2006) },
                "codes: \(rig.events.codes)")
        #expect(!rig.events.codes.contains(2003), "codes: \(rig.events.codes)")
        #expect(rig.player.screen.presentedFrames == 0)
    }

    /// HTTP-FLV (the Debian nginx-rtmp has no HTTP-FLV output, so nginx serves an FLV file over
    /// plain http): the same reader through FFmpeg's http protocol.
    @Test func httpFLVPlays() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try await offCooperativePool { try MediaTools.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=256x144:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                               "-t", "4", "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
                               "\(server.hlsFolder)/clip.flv"]) }
        let rig = try await Self.rig(server, src: { "http://127.0.0.1:\($0.httpPort)/hls/clip.flv" }, publish: false)
        defer { rig.component.unmount() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        #expect(Array(rig.events.codes.prefix(3)) == [2001, 2002, 2008])
        #expect(rig.player.screen.frame?.width == 256 && rig.player.screen.frame?.height == 144)
    }

    /// A stream published in real time whose video lacks a second of frames (timestamps kept)
    /// while its audio goes on:
    /// 2107 (discontinuous frames) when the jump decodes, 2105 (the picture stalled) while
    /// nothing new shows — after 2004, and once each.
    @Test func droppedFramesWarn2107And2105() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try await offCooperativePool { try MediaTools.ffmpeg(["-f", "lavfi", "-i", "testsrc2=size=256x144:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
                               "-t", "4", "-vf", "select=not(between(n\\,40\\,64))", "-fps_mode", "passthrough",
                               "-c:v", "libx264", "-preset", "ultrafast", "-g", "25", "-pix_fmt", "yuv420p", "-c:a", "aac",
                               "\(server.directory.file("gap.flv").path)"]) }
        try server.publish(file: server.directory.file("gap.flv").path)
        let rig = try await Self.rig(server, publish: false)
        defer { rig.component.unmount() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2107) && $0.codes.contains(2105) }, "codes: \(rig.events.codes)")
        let codes = rig.events.codes
        #expect(codes.filter { $0 == 2107 }.count == 1, "codes: \(codes)")
        #expect(Self.index(codes, 2004) < Self.index(codes, 2105), "codes: \(codes)")
        let detail = rig.events.all.first { $0.event == "statechange" && $0.detail["code"]?.numberValue == 2107 }?.detail
        #expect(detail?["message"]?.stringValue == LiveStateCode.videoDiscontinuity.message)
    }

    /// A publisher frozen for 1.5 s mid-stream: the packets after the pause come late, 2104.
    @Test func stalledPublisherWarns2104() async throws {
        let rig = try await Self.rig()
        defer { rig.component.unmount(); rig.server.stop() }
        #expect(try await rig.events.wait(30) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        #expect(!rig.events.codes.contains(2104), "codes: \(rig.events.codes)")
        try await offCooperativePool { rig.server.stallPublisher(seconds: 1.5) }
        #expect(try await rig.events.wait(15) { $0.codes.contains(2104) }, "codes: \(rig.events.codes)")
    }

    @Test func hlsFromTheServerPlays() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try server.publish()
        try await offCooperativePool { try server.waitForHLS(segments: 3, timeout: 30) }
        let rig = try await Self.rig(server, src: { $0.hlsURL() }, publish: false)
        defer { rig.component.unmount() }
        #expect(try await rig.events.wait(15) { $0.codes.contains(2004) }, "codes: \(rig.events.codes)")
        #expect(Self.index(rig.events.codes, 2003) < Self.index(rig.events.codes, 2004))
        #expect(try await rig.events.wait(5) { _ in rig.player.screen.frame != nil })
        #expect(rig.player.screen.frame?.width == 320 && rig.player.screen.frame?.height == 240)
        // Pausing (what a page hide does with auto-pause-if-navigate) stops presenting; showing resumes.
        rig.component.pageHidden()
        #expect(rig.player.isPaused)
        rig.component.pageShown()
        #expect(!rig.player.isPaused)
    }
}
