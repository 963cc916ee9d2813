import Foundation
import MiniAudio
import MiniCapture
import MiniCore
import MiniMediaTesting
import Testing

/// The speaker backends: spec strings, the null speaker's record, the WAV file, ALSA playback
/// through ALSA's own `file` plugin (no sound card).
@Suite struct SpeakerTests {
    let dir = TemporaryDirectory()

    @Test func specsParseAndBadOnesNameTheOption() throws {
        #expect(try SpeakerDeviceSpec(parsing: "null") == .null)
        #expect(try SpeakerDeviceSpec(parsing: "file:/tmp/out.wav") == .file(path: "/tmp/out.wav"))
        #expect(try SpeakerDeviceSpec(parsing: "alsa:hw:0,0") == .alsa(device: "hw:0,0"))
        #expect(try SpeakerDeviceSpec(parsing: "alsa:default").description == "alsa:default")
        for bad in ["", "speaker", "tape:1", "file:", "alsa:"] {
            #expect(throws: CameraError.self) { try SpeakerDeviceSpec(parsing: bad) }
        }
        var env = AudioEnvironment()
        #expect(env.speaker == .null)
        do {
            try env.setSpeaker("tape:1")
            Issue.record("accepted tape:1")
        } catch let e as MediaError {
            #expect(e.message == "--speaker: 'tape:1': unknown speaker kind 'tape'; expected null, file or alsa")
        }
        try env.setSpeaker("file:/tmp/x.wav")
        #expect(env.makeSpeaker(clock: ManualClock()).specDescription == "file:/tmp/x.wav")
    }

    /// 1 s of a 1 kHz tone in 10 ms blocks.
    func tone(_ format: AudioFormat) -> [[Int16]] {
        (0..<100).map { b in
            (0..<(441 * format.channels)).map { i in
                let n = b * 441 + i / format.channels
                return Int16(8_000 * sin(2 * Double.pi * 1_000 * Double(n) / 44_100))
            }
        }
    }

    @Test func nullSpeakerPlaysInTimeAndKeepsWhatItGot() async throws {
        let clock = ManualClock(autoAdvance: false)
        let speaker = NullSpeaker(clock: clock)
        let format = AudioFormat(sampleRate: 44_100, channels: 2)
        try speaker.open(SpeakerConfiguration(format: format))
        let blocks = tone(format)
        let task = Task { for b in blocks { try await speaker.play(b) } }
        // Block 0 plays at once, block 1 waits for 10 ms.
        #expect(await eventually { speaker.blocks.count == 2 })
        try await Task.sleep(for: .milliseconds(30))
        #expect(speaker.blocks.count == 2)
        clock.advance(by: .seconds(1))
        try await task.value
        #expect(speaker.blocks.map(\.time) == (0..<100).map { .milliseconds(10 * $0) })
        #expect(speaker.samples == blocks.flatMap { $0 })
        #expect(speaker.totalFrames == 44_100 && speaker.peak >= 7_990)
        speaker.close()
        await #expect(throws: CameraError.self) { try await speaker.play(blocks[0]) }
    }

    @Test func fileSpeakerWritesAWAVThatFFprobeReads() async throws {
        let path = dir.file("out.wav").path
        let clock = ManualClock()
        let speaker = FileSpeaker(path: path, clock: clock)
        let format = AudioFormat(sampleRate: 44_100, channels: 2)
        try speaker.open(SpeakerConfiguration(format: format))
        let blocks = tone(format)
        for b in blocks.prefix(50) { try await speaker.play(b) }
        // Valid while open: the header already covers what was played.
        let half = try await PlaybackMedia.ffprobeDuration(path)
        #expect(abs(half - 0.5) < 0.001, "\(half)")
        for b in blocks.dropFirst(50) { try await speaker.play(b) }
        speaker.close()
        let whole = try await PlaybackMedia.ffprobeDuration(path)
        #expect(abs(whole - 1.0) < 0.001, "\(whole)")
        #expect(clock.now() == .milliseconds(990), "paced on the clock")
        let decoded = try PlaybackMedia.decode(path)
        #expect(decoded == blocks.flatMap { $0 })
    }

    @Test func alsaSpeakerPlaysThroughALSAsFilePlugin() async throws {
        let raw = dir.file("alsa.raw")
        let conf = dir.file("asoundrc")
        try """
        pcm.silence { type null }
        pcm.testout {
            type file
            slave.pcm "silence"
            file "\(raw.path)"
            format "raw"
        }
        """.write(to: conf, atomically: true, encoding: .utf8)
        let speaker = ALSASpeaker(device: "testout", configurationFile: conf.path)
        let format = AudioFormat(sampleRate: 44_100, channels: 2)
        try speaker.open(SpeakerConfiguration(format: format))
        #expect(speaker.format == format)
        let blocks = tone(format)
        for b in blocks.prefix(30) { try await speaker.play(b) }
        speaker.close()
        let data = try Data(contentsOf: raw)
        let written = data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        let played = blocks.prefix(30).flatMap { $0 }
        #expect(written.count >= played.count)
        #expect(Array(written.prefix(played.count)) == played)
        #expect(throws: CameraError.self) { try ALSASpeaker(device: "no-such-pcm", configurationFile: conf.path).open(SpeakerConfiguration()) }
    }
}
