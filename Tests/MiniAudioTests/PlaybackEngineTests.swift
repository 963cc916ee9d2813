import Foundation
import MiniAudio
import MiniCapture
import MiniCodec
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The player engine and the mixer over the null speaker on a manual clock: the samples heard,
/// speed without pitch change, seeking, mixing.
@Suite struct PlaybackEngineTests {
    let dir = TemporaryDirectory()

    func path(_ name: String) -> String { dir.file(name).path }

    func open(_ p: String) -> PlayerInput { .file(OpenFile(adopting: Glibc.open(p, O_RDONLY | O_CLOEXEC)), name: p) }

    /// Plays `file` to the end on a fresh mixer and returns the speaker and the events.
    func playToEnd(_ file: String, rate: Double = 1, seek: Double? = nil, configure: (AudioPlayer) -> Void = { _ in })
        async throws -> (NullSpeaker, EventLog, AudioPlayer)
    {
        let clock = ManualClock()
        let speaker = NullSpeaker(clock: clock)
        let mixer = testMixer(clock, speaker: speaker)
        let log = EventLog(clock: clock)
        let player = AudioPlayer(mixer: mixer) { log.add($0) }
        configure(player)
        player.playbackRate = rate
        player.load(open(file), autoplay: false)
        #expect(await eventually { log.all.contains(.canplay) }, "\(log.all)")
        if let seek { player.seek(seek) }
        player.play()
        #expect(await eventually { log.all.contains(.ended) || !log.errors.isEmpty }, "\(log.all)")
        // `ended` comes while the mixer pulls its last block; the block reaches the speaker after:
        // the loop has stopped once it wrote it.
        #expect(await eventually { mixer.blockCount > 0 && player.paused && !mixer.isRunning })
        return (speaker, log, player)
    }

    @Test func theSpeakerHearsTheFileSampleForSample() async throws {
        let m4a = path("tone.m4a")
        try await PlaybackMedia.tone(m4a, frequency: 1_000, seconds: 1.5, extra: ["-c:a", "aac", "-b:a", "128k"])
        let (speaker, log, player) = try await playToEnd(m4a)
        #expect(log.errors.isEmpty)
        let expected = try PlaybackMedia.decode(m4a)
        let heard = Array(speaker.samples.prefix(expected.count))
        #expect(expected.count > 120_000)
        #expect(heard == expected, "first difference at \(zip(heard, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? -1)")
        // ffmpeg's own decode of the file agrees (same libraries, its command line).
        let cli = try await PlaybackMedia.ffmpegDecode(m4a, into: path("tone.raw"))
        let n = min(cli.count, heard.count)
        let close = zip(cli.prefix(n), heard.prefix(n)).filter { abs(Int($0.0) - Int($0.1)) <= 2 }.count
        #expect(Double(close) >= Double(n) * 0.99, "\(close) of \(n) samples within 2 LSB")
        #expect(abs(player.duration - 1.5) < 0.05, "duration \(player.duration)")
        #expect(abs(player.currentTime - player.duration) < 0.001)
        // The speaker played it in time: 1.5 s of blocks on the clock.
        let blocks = speaker.blocks
        let span = (blocks.last!.time - blocks.first!.time).seconds
        #expect(abs(span - 1.5) < 0.03, "played over \(span) s")
    }

    @Test func rateTwoHalvesTheTimeAndKeepsThePitch() async throws {
        let wav = path("tone.wav")
        try await PlaybackMedia.tone(wav, frequency: 1_000, seconds: 2)
        let (speaker, log, _) = try await playToEnd(wav, rate: 2)
        #expect(log.errors.isEmpty)
        let heard = audible(speaker.samples)
        let frames = Double(heard.count / 2)
        #expect(abs(frames / 44_100 - 1.0) < 0.05, "\(frames / 44_100) s of audio for 2 s at 2×")
        let play = try #require(log.time(of: .play)), ended = try #require(log.time(of: .ended))
        #expect(abs((ended - play).seconds - 1.0) < 0.05, "played for \((ended - play).seconds) s on the clock")
        let left = MediaTools.channel(Array(heard[8_820..<79_380]), 0, of: 2)
        #expect(MediaTools.tonePower(left, sampleRate: 44_100, frequency: 1_000) > 0.7, "the 1 kHz tone is still 1 kHz")
        #expect(MediaTools.tonePower(left, sampleRate: 44_100, frequency: 2_000) < 0.05, "not pitched up")
    }

    @Test func halfSpeedDoublesTheTime() async throws {
        let wav = path("tone.wav")
        try await PlaybackMedia.tone(wav, frequency: 1_000, seconds: 0.5)
        let (speaker, _, _) = try await playToEnd(wav, rate: 0.5)
        let frames = Double(audible(speaker.samples).count / 2)
        #expect(abs(frames / 44_100 - 1.0) < 0.05, "\(frames / 44_100) s")
    }

    @Test func seekLandsWithin50ms() async throws {
        let wav = path("ramp.wav")
        try PlaybackMedia.ramp(wav, seconds: 3)
        for target in [0.5, 1.5, 2.25] {
            let (speaker, log, _) = try await playToEnd(wav, seek: target)
            #expect(log.all.firstIndex(of: .seeking)! < log.all.firstIndex(of: .seeked)!)
            let s = speaker.samples
            let first = PlaybackMedia.rampIndex(s[0], s[1])
            #expect(abs(Double(first) / 44_100 - target) <= 0.05, "seek to \(target) played from \(Double(first) / 44_100)")
            // Then it plays on without a gap to the end.
            #expect(abs(Double(s.count / 2) / 44_100 - (3 - target)) < 0.02)
        }
    }

    @Test func twoPlayersMixAndVolumeScales() async throws {
        let a = path("a.wav"), b = path("b.wav")
        try await PlaybackMedia.tone(a, frequency: 1_000, seconds: 1)
        try await PlaybackMedia.tone(b, frequency: 1_500, seconds: 1)
        let clock = ManualClock()
        let speaker = NullSpeaker(clock: clock)
        let mixer = testMixer(clock, speaker: speaker)
        let la = EventLog(clock: clock), lb = EventLog(clock: clock)
        let pa = AudioPlayer(mixer: mixer) { la.add($0) }
        let pb = AudioPlayer(mixer: mixer, volume: 0.5) { lb.add($0) }
        pa.load(open(a), autoplay: false)
        pb.load(open(b), autoplay: false)
        #expect(await eventually { la.all.contains(.canplay) && lb.all.contains(.canplay) })
        pa.play()
        pb.play()
        #expect(await eventually { la.all.contains(.ended) && lb.all.contains(.ended) })
        let left = MediaTools.channel(Array(audible(speaker.samples).prefix(60_000)), 0, of: 2)
        let p1 = MediaTools.tonePower(Array(left[4_410..<26_460]), sampleRate: 44_100, frequency: 1_000)
        let p2 = MediaTools.tonePower(Array(left[4_410..<26_460]), sampleRate: 44_100, frequency: 1_500)
        #expect(p1 > 0.5 && p2 > 0.05, "1 kHz \(p1), 1.5 kHz \(p2)")
        // Power scales with the square of the gain: 0.5 → a quarter.
        #expect(abs(p2 / p1 - 0.25) < 0.08, "ratio \(p2 / p1)")
    }

    @Test func mixWithOtherFalsePausesTheOthers() async throws {
        let a = path("a.wav")
        try await PlaybackMedia.tone(a, frequency: 1_000, seconds: 1)
        let clock = ManualClock(autoAdvance: false)
        let speaker = NullSpeaker(clock: clock)
        let mixer = testMixer(clock, speaker: speaker)
        var options = AudioMixer.Options()
        options.mixWithOther = false
        mixer.options = options
        let la = EventLog(clock: clock), lb = EventLog(clock: clock)
        let pa = AudioPlayer(mixer: mixer) { la.add($0) }
        let pb = AudioPlayer(mixer: mixer) { lb.add($0) }
        pa.load(open(a), autoplay: true)
        #expect(await eventually { la.all.contains(.play) })
        pb.load(open(a), autoplay: true)
        #expect(await eventually { la.all.contains(.pause) }, "\(la.all)")
        // The next block is pb's alone.
        for _ in 0..<100 where !lb.all.contains(.play) {
            clock.advance(by: .milliseconds(10))
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(lb.all.contains(.play), "\(lb.all)")
        #expect(pa.paused && !pb.paused)
        pb.destroy()
        clock.advance(by: .seconds(2))
    }

    @Test func loopPlaysAgainAndStopRestartsAtZero() async throws {
        let wav = path("ramp.wav")
        try PlaybackMedia.ramp(wav, seconds: 0.5)
        let clock = ManualClock(autoAdvance: false)
        let speaker = NullSpeaker(clock: clock)
        let mixer = testMixer(clock, speaker: speaker)
        let log = EventLog(clock: clock)
        let player = AudioPlayer(mixer: mixer) { log.add($0) }
        player.loop = true
        player.load(open(wav), autoplay: true)
        #expect(await eventually { log.all.contains(.play) })
        for _ in 0..<130 {
            clock.advance(by: .milliseconds(10))
            _ = await eventually(5) { speaker.totalFrames >= Int64(clock.now().seconds * 44_100) }
        }
        #expect(!log.all.contains(.ended))
        let s = speaker.samples
        // Frame 22050 (0.5 s in) is frame 0 of the second pass.
        #expect(s.count / 2 > 30_000)
        #expect(PlaybackMedia.rampIndex(s[2 * 22_050], s[2 * 22_050 + 1]) == 0)
        #expect(PlaybackMedia.rampIndex(s[2 * 22_051], s[2 * 22_051 + 1]) == 1)
        player.stop()
        #expect(player.currentTime == 0 && player.paused)
        player.destroy()
        let count = log.all.count
        player.play()
        clock.advance(by: .seconds(1))
        try await Task.sleep(for: .milliseconds(50))
        #expect(log.all.count == count, "nothing after destroy")
    }

    @Test func corruptAndMissingInputsAreErrorEvents() async throws {
        let text = path("notes.mp3")
        try "this is not audio at all, just text\n".write(toFile: text, atomically: true, encoding: .utf8)
        let m4a = path("cut.m4a")
        try await PlaybackMedia.tone(path("full.m4a"), frequency: 440, seconds: 2, extra: ["-c:a", "aac"])
        let full = try Data(contentsOf: dir.file("full.m4a"))
        try full.prefix(full.count / 3).write(to: URL(fileURLWithPath: m4a))
        for (input, code) in [(open(text), 10004), (open(m4a), 10004), (.failed(code: 10003, message: "file error: file not found"), 10003)] as [(PlayerInput, Int)] {
            let clock = ManualClock()
            let log = EventLog(clock: clock)
            let player = AudioPlayer(mixer: testMixer(clock, speaker: NullSpeaker(clock: clock))) { log.add($0) }
            player.load(input, autoplay: true)
            #expect(await eventually { !log.errors.isEmpty }, "\(log.all)")
            guard case .error(let c, let message)? = log.errors.first else { continue }
            #expect(c == code, "\(message)")
            #expect(!log.all.contains(.play) && player.paused)
        }
    }
}
