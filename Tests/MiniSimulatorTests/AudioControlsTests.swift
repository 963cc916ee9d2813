import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

@testable import MiniSimulator

/// `<audio>`'s controls in the browser come from the host's element (componentState) and drive
/// it (control), and the speaker choice decides where the session's sound goes.
@Suite(.enabled(if: MediaTools.hasFFmpeg))
struct AudioControlsTests {
    /// A page with two `<audio>` (one with an id and controls, one bare) on a 1 kHz WAV, and a
    /// second page; `/tone.wav` is generated here.
    static func package(_ dir: TemporaryDirectory) throws -> String {
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index", "pages/two/two"]}"#)
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=3", "-ac", "2", "-y", dir.file("pkg/tone.wav").path])
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({
              played() { console.log('bindplay') },
              paused() { console.log('bindpause') },
            })
            """)
        _ = try dir.write("pkg/pages/index/index.wxml", """
            <audio id="song" src="/tone.wav" name="Tone" author="MiniMedia" poster="/p.png" controls loop bindplay="played" bindpause="paused"></audio>
            <audio src="/tone.wav"></audio>
            """)
        _ = try dir.write("pkg/pages/two/two.js", """
            Page({ onLoad(q) {
              console.log('two k=' + q.k)
              const a = wx.createInnerAudioContext(); a.src = '/tone.wav'; a.loop = true
              a.onPlay(() => console.log('tone playing')); a.play()
            } })
            """)
        _ = try dir.write("pkg/pages/two/two.wxml", "<text>two</text>")
        return dir.file("pkg").path
    }

    /// The newest `componentState` of `<audio>` sent to the client so far (reading new texts).
    static func audioStates(_ client: SimulatorClient, _ seen: Outbox) -> [HostValue] {
        for t in client.take().texts { seen.append(t) }
        guard let m = seen.all.last(where: { $0.hasPrefix(#"{"type":"componentState","tag":"audio""#) }) else { return [] }
        return HostValue(json: m)?["states"]?.arrayValue ?? []
    }

    static func waitStates(_ client: SimulatorClient, _ seen: Outbox, _ ok: ([HostValue]) -> Bool) async -> [HostValue]? {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            let s = audioStates(client, seen)
            if ok(s) { return s }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Waits for a message containing `text`, reading what the client received meanwhile (an
    /// event the page gets through its JS thread may come after the state that caused it).
    static func waitFor(_ client: SimulatorClient, _ seen: Outbox, _ text: String) async -> String? {
        let end = Date().addingTimeInterval(30)
        while Date() < end {
            for t in client.take().texts { seen.append(t) }
            if let m = seen.all.first(where: { $0.contains(text) }) { return m }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// Eight audio chunks reach `client` within 30 s and carry the 1 kHz tone (the first two,
    /// which may start before it, left out).
    static func toneReachesTheBrowser(_ client: SimulatorClient) async throws -> Bool {
        var chunks: [AudioChunk] = []
        let end = Date().addingTimeInterval(30)
        while Date() < end, chunks.count < 8 {
            chunks += client.takeAudio()
            try await Task.sleep(for: .milliseconds(20))
        }
        let left = MediaTools.channel(chunks.dropFirst(2).flatMap(\.samples), 0, of: 2)
        return MediaTools.tonePower(left, sampleRate: 44_100, frequency: 1_000) > 0.3
    }

    @Test func theControlsShowTheHostsElementAndDriveIt() async throws {
        let dir = TemporaryDirectory("sim-audio-controls")
        defer { dir.remove() }
        var options = SimulatorOptions(path: try Self.package(dir))
        options.dataDirectory = dir.file("data")
        #expect(options.views.stateTags == ["audio"])
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let seen = Outbox()
        // Both elements, page order, with the attributes and the player's state (duration once loaded).
        let states = await Self.waitStates(client, seen) { $0.count == 2 && $0[0]["duration"]?.numberValue == 3 }
        #expect(states != nil, "\(Self.audioStates(client, seen))")
        if let s = states {
            #expect(s[0]["id"]?.stringValue == "song" && s[0]["name"]?.stringValue == "Tone" && s[0]["author"]?.stringValue == "MiniMedia")
            #expect(s[0]["poster"]?.stringValue == "/p.png" && s[0]["controls"] == .bool(true) && s[0]["paused"] == .bool(true))
            #expect(s[1]["id"] == .null && s[1]["controls"] == .bool(false))
        }
        #expect(seen.all.contains { $0.contains(#""stateViews":["audio"]"#) }, "hello names the state views")

        // Hostile or wrong controls are refused with a reason; nothing plays.
        #expect(sim.received(#"{"type":"control","tag":"video","action":"play","index":0}"#) == "control: tag must name a component with controls")
        #expect(sim.received(#"{"type":"control","tag":"audio","index":0}"#) == "control: action must be a string")
        #expect(sim.received(#"{"type":"control","tag":"audio","action":"play","id":7}"#) == "control: id must be a non-empty string")
        #expect(sim.received(#"{"type":"control","tag":"audio","action":"play","index":-1}"#) == "control: index must be an integer 0...1023")
        #expect(sim.received(#"{"type":"control","tag":"audio","action":"play","index":1.5}"#) == "control: index must be an integer 0...1023")
        #expect(await sim.control(tag: "audio", id: nil, index: 5, action: "play").value == "control: no <audio> #5 on the page")
        #expect(await sim.control(tag: "audio", id: "nope", index: 0, action: "play").value == "control: no <audio> with id \"nope\" on the page")
        #expect(await sim.control(tag: "audio", id: "song", index: 0, action: "explode").value == "control: <audio> has no action \"explode\" (play, pause)")
        #expect(await sim.control(tag: "camera", id: nil, index: 0, action: "play").value == "control: <camera> has no controls in the simulator")
        #expect(sim.audioChunksSent == 0)

        // Play from the browser: the host's element plays (the page gets bindplay), its state
        // says so, time advances, and the tone reaches the browser.
        #expect(sim.received(#"{"type":"control","tag":"audio","id":"song","index":0,"action":"play"}"#) == nil)
        let playing = await Self.waitStates(client, seen) { $0.first?["paused"] == .bool(false) && ($0.first?["currentTime"]?.numberValue ?? 0) >= 0.5 }
        #expect(playing != nil)
        #expect(await Self.waitFor(client, seen, "bindplay") != nil)
        #expect(try await Self.toneReachesTheBrowser(client), "the <audio>'s tone reaches the browser")
        #expect(await sim.control(tag: "audio", id: "song", index: 0, action: "pause").value == nil)
        #expect(await Self.waitStates(client, seen) { $0.first?["paused"] == .bool(true) } != nil)
        #expect(await Self.waitFor(client, seen, "bindpause") != nil)
        // The bare one by its place.
        #expect(await sim.control(tag: "audio", id: nil, index: 1, action: "play").value == nil)
        #expect(await Self.waitStates(client, seen) { $0.count == 2 && $0[1]["paused"] == .bool(false) } != nil)

        // Leaving the page: the states go empty.
        #expect(sim.received(#"{"type":"navigate","url":"/pages/two/two?k=v"}"#) == nil)
        #expect(await Self.waitStates(client, seen) { $0.isEmpty && seen.all.contains { $0.contains(#""states":[]"#) } } != nil)
        await sim.stop()
    }

    @Test func theSpeakerChoiceDecidesWhereTheSoundGoesAndKeepsThePage() async throws {
        let dir = TemporaryDirectory("sim-speaker")
        defer { dir.remove() }
        var options = SimulatorOptions(path: try Self.package(dir))
        options.dataDirectory = dir.file("data")
        options.page = "pages/two/two"
        options.query = ["k": "v"]
        options.speaker = "alsa:nowhere"
        #expect(throws: MediaError.self) { try Simulator(options) }  // not one of the choices
        options.hostSpeaker = "tape:1"
        options.speaker = SimulatorOptions.mutedSpeaker
        #expect(throws: MediaError.self) { try Simulator(options) }  // a bad --speaker fails at once
        let wav = dir.file("host.wav").path
        options.hostSpeaker = "file:" + wav
        #expect(options.speakerChoices == ["browser", "muted", "file:" + wav])

        // Muted: the page plays, nothing reaches the browser.
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let seen = Outbox()
        for t in client.take().texts { seen.append(t) }
        #expect(seen.all.contains { $0.contains(#""speaker":"muted","speakers":["browser","muted","file:"#) })
        #expect(await SimulatorSessionTests.wait(client, seen, for: "tone playing") != nil)
        try await Task.sleep(for: .milliseconds(600))
        #expect(sim.audioChunksSent == 0 && client.takeAudio().isEmpty)

        // Only an offered speaker may be chosen from the browser.
        #expect(sim.received(#"{"type":"reload","speaker":"file:/tmp/elsewhere.wav"}"#) == "reload: speaker must be one of browser, muted, file:" + wav)

        // The browser: the same page (route and query) reopens and its tone reaches the browser.
        #expect(await sim.reload(speaker: SimulatorOptions.browserSpeaker, reason: "test") == nil)
        #expect(sim.options.speaker == "browser" && sim.options.page == "pages/two/two" && sim.options.query == ["k": "v"])
        #expect(await SimulatorSessionTests.wait(client, seen, for: #""speaker":"browser""#) != nil)
        #expect(try await Self.toneReachesTheBrowser(client), "the tone reaches the browser")

        // The host's speaker: a WAV of the tone.
        #expect(await sim.reload(speaker: "file:" + wav, reason: "test") == nil)
        #expect(await SimulatorSessionTests.wait(client, seen, for: "two k=v") != nil)
        try await Task.sleep(for: .milliseconds(800))
        for t in client.take().texts { seen.append(t) }
        #expect(!seen.all.contains { $0.contains("the app stopped") }, "a reload's stopping of the old app is not reported as a crash")
        await sim.stop()
        // A canonical 44-byte header, then 16-bit stereo at 44.1 kHz (FileSpeaker's format).
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: wav)))
        #expect(bytes.count > 44 + 44_100, "\(bytes.count) bytes")
        #expect(Array(bytes.prefix(4)) == Array("RIFF".utf8) && Array(bytes[8..<12]) == Array("WAVE".utf8))
        let pcm = stride(from: 44, to: bytes.count - 1, by: 2).map { Int16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8) }
        #expect(MediaTools.tonePower(MediaTools.channel(pcm, 0, of: 2), sampleRate: 44_100, frequency: 1_000) > 0.3, "the host speaker played the tone")
    }
}
