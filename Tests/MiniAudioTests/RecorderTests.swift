import Foundation
import MiniAudio
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

@Suite(.enabled(if: MediaTools.hasFFmpeg, "needs ffprobe"))
struct RecorderTests {
    /// Decoded interleaved S16 of a recorded file (raw PCM is read as it is).
    static func samples(_ path: String, format: String, rate: Int, channels: Int) throws -> [Int16] {
        if format == "PCM" {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
        }
        let decoder = try AudioDecoder(.file(path), output: .init(sampleRate: rate, channels: channels))
        var pcm: [Int16] = []
        while let c = try decoder.nextChunk() { pcm += c.samples }
        return pcm
    }

    /// The middle half of interleaved samples, starting on a frame.
    static func middle(_ pcm: [Int16], channels: Int) -> [Int16] {
        let frames = pcm.count / channels
        return Array(pcm[(frames / 4 * channels)..<(frames * 3 / 4 * channels)])
    }

    static func stopLine(_ lines: [String]) throws -> String {
        try #require(lines.first { $0.hasPrefix("stop ") }, "\(lines)")
    }

    @Test(arguments: [
        ("aac", 44_100, 2, 96_000, "aac", "m4a"), ("mp3", 44_100, 2, 128_000, "mp3", "mp3"),
        ("wav", 16_000, 1, 48_000, "pcm_s16le", "wav"), ("PCM", 8_000, 2, 48_000, "pcm_s16le", "pcm"),
    ])
    func everyFormatRecordsTheMicrophoneTone(format: String, rate: Int, channels: Int, bitRate: Int, codec: String, ext: String) async throws {
        let h = try RecorderHarness()
        let lines = await h.run(
            js: recorderPage("{format: '\(format)', sampleRate: \(rate), numberOfChannels: \(channels), encodeBitRate: \(bitRate)}"),
            steps: [.tap("start"), .record(.seconds(1)), .tap("stop")])
        #expect(lines.first == "start", "\(lines)")
        let stop = try Self.stopLine(lines)
        let virtual = try #require(field(stop, "path"))
        #expect(virtual.hasPrefix("wxfile://tmp_") && virtual.hasSuffix("." + ext), "\(virtual)")
        let path = try h.hostPath(virtual)
        let duration = try #require(Int(field(stop, "duration") ?? ""))
        #expect(abs(duration - 1_000) <= 40, "duration \(duration)")
        let size = try #require(Int(field(stop, "size") ?? ""))
        #expect(size == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        let input = format == "PCM" ? ["-f", "s16le", "-ar", "\(rate)", "-ac", "\(channels)"] : []
        let f = try ffprobe(path, input: input)
        #expect(f["streams_stream_0_codec_name"] == codec)
        #expect(f["streams_stream_0_sample_rate"] == "\(rate)")
        #expect(f["streams_stream_0_channels"] == "\(channels)")
        // The playable duration: an mp3's start padding (the encoder delay, in its LAME tag) is
        // skipped by players, as ffprobe's start_time says.
        let probed = try #require(Double(f["format_duration"] ?? ""), "\(f)") - (Double(f["format_start_time"] ?? "") ?? 0)
        #expect(abs(probed * 1_000 - Double(duration)) <= 50, "ffprobe says \(probed) s, onStop \(duration) ms")
        let pcm = try Self.samples(path, format: format, rate: rate, channels: channels)
        #expect(abs(pcm.count / channels - rate) <= rate / 20, "\(pcm.count / channels) frames decoded")
        let body = Self.middle(pcm, channels: channels)
        for c in 0..<channels {
            let power = MediaTools.tonePower(MediaTools.channel(body, c, of: channels), sampleRate: rate,
                                             frequency: SyntheticMicrophone.frequency(channel: c))
            #expect(power > 0.5, "channel \(c): tone power \(power)")
        }
    }

    @Test(arguments: [("mp3", 44_100, 2, 128_000, 4.0), ("PCM", 16_000, 1, 48_000, 2.0)])
    func framesConcatenateToAValidStream(format: String, rate: Int, channels: Int, bitRate: Int, frameSize: Double) async throws {
        let h = try RecorderHarness()
        let lines = await h.run(
            js: recorderPage("{format: '\(format)', sampleRate: \(rate), numberOfChannels: \(channels), encodeBitRate: \(bitRate), frameSize: \(frameSize)}"),
            steps: [.tap("start"), .record(.milliseconds(1_500)), .tap("stop")])
        let frames = lines.filter { $0.hasPrefix("frame ") }
        #expect(frames.count >= 3, "\(lines)")
        // Only the last frame says so; every other is at least frameSize KB and about that size.
        #expect(frames.last.flatMap { field($0, "last") } == "true")
        let limit = Int(frameSize * 1024)
        for f in frames.dropLast() {
            #expect(field(f, "last") == "false")
            let size = Int(field(f, "size") ?? "") ?? 0
            #expect(size >= limit && size < limit + 4_096, "\(f)")
        }
        let stop = try Self.stopLine(lines)
        #expect(field(stop, "frames") == "\(frames.count)")
        let concatenated = try h.hostPath(try #require(field(stop, "framesPath")))
        let file = try h.hostPath(try #require(field(stop, "path")))
        let duration = Double(field(stop, "duration") ?? "") ?? 0
        if format == "PCM" {
            // Raw PCM: the frames are the file, byte for byte.
            #expect(try Data(contentsOf: URL(fileURLWithPath: concatenated)) == Data(contentsOf: URL(fileURLWithPath: file)))
        } else {
            let copy = concatenated + ".mp3"
            try FileManager.default.copyItem(atPath: concatenated, toPath: copy)
            let f = try ffprobe(copy)
            #expect(f["streams_stream_0_codec_name"] == "mp3" && f["streams_stream_0_sample_rate"] == "\(rate)")
            let pcm = try Self.samples(copy, format: format, rate: rate, channels: channels)
            // The stream decodes to the recording (the encoder's delay and padding aside).
            #expect(abs(Double(pcm.count / channels) * 1_000 / Double(rate) - duration) <= 80, "\(pcm.count / channels) frames for \(duration) ms")
            let body = Self.middle(pcm, channels: channels)
            #expect(MediaTools.tonePower(MediaTools.channel(body, 1, of: 2), sampleRate: rate, frequency: 1_500) > 0.5)
        }
    }

    @Test func pauseAndResumeLeaveNoGapAndTheDurationExcludesThePause() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(
            js: recorderPage("{format: 'wav', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000}"),
            steps: [.tap("start"), .record(.milliseconds(500)), .tap("pause"), .record(.milliseconds(700)), .tap("resume"),
                    .record(.milliseconds(500)), .tap("stop")])
        #expect(lines.filter { !$0.hasPrefix("frame") }.map { $0.split(separator: " ")[0] } == ["start", "pause", "resume", "stop"], "\(lines)")
        let stop = try Self.stopLine(lines)
        let duration = try #require(Int(field(stop, "duration") ?? ""))
        #expect(abs(duration - 1_000) <= 40, "duration \(duration) (the 700 ms pause excluded)")
        let pcm = try Self.samples(try h.hostPath(field(stop, "path")!), format: "wav", rate: 16_000, channels: 1)
        #expect(abs(pcm.count - duration * 16) <= 16, "\(pcm.count) samples for \(duration) ms")
        // No gap: no run of silence anywhere (a 1 kHz tone at 16 kHz crosses zero every 8 samples).
        var longestQuiet = 0, run = 0
        for s in pcm { run = abs(Int(s)) < 200 ? run + 1 : 0; longestQuiet = max(longestQuiet, run) }
        #expect(longestQuiet < 8, "a quiet run of \(longestQuiet) samples")
    }

    @Test func reachingTheDurationStopsOnItsOwn() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(
            js: recorderPage("{duration: 300, format: 'aac', sampleRate: 44100, numberOfChannels: 1, encodeBitRate: 64000}"),
            steps: [.tap("start"), .record(.milliseconds(600)), .tap("stop")])
        let stop = try Self.stopLine(lines)
        #expect(field(stop, "duration") == "300", "\(stop)")
        let f = try ffprobe(try h.hostPath(field(stop, "path")!))
        #expect(abs((Double(f["format_duration"] ?? "") ?? 0) - 0.3) <= 0.05, "\(f["format_duration"] ?? "?")")
        // The stop after the automatic one finds no recording.
        #expect(lines.last == #"error msg="operateRecorder:fail recorder not start" no=4"#, "\(lines)")
    }

    @Test func anInterruptionPausesAndEnds() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(
            js: recorderPage("{format: 'wav', sampleRate: 8000, numberOfChannels: 1, encodeBitRate: 16000}"),
            steps: [.tap("start"), .record(.milliseconds(400)), .host { AudioInterruption.of($0).begin() }, .record(.milliseconds(300)),
                    .tap("resume"), .host { AudioInterruption.of($0).end() }, .tap("resume"), .record(.milliseconds(400)), .tap("stop")])
        #expect(lines.map { String($0.split(separator: " ")[0]) } == [
            "start", "interruptionBegin", "pause", "error", "interruptionEnd", "resume", "stop",
        ], "\(lines)")
        #expect(lines[3] == #"error msg="operateRecorder:fail the microphone is interrupted" no=4"#)
        let duration = try #require(Int(field(try Self.stopLine(lines), "duration") ?? ""))
        #expect(abs(duration - 800) <= 40, "duration \(duration)")
    }

    @Test func badStartsAndCallsOutOfTurnAreOnError() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(js: recorderPage("this.opts"), steps: [
            .tap("pause"), .tap("stop"),
        ])
        #expect(lines == [
            #"error msg="operateRecorder:fail recorder not start" no=4"#, #"error msg="operateRecorder:fail recorder not start" no=4"#,
        ])
        let cases: [(String, String)] = [
            ("{sampleRate: 8000, encodeBitRate: 128000}", "operateRecorder:fail encodeBitRate 128000 is invalid for sampleRate 8000: it must be within 16000...48000"),
            ("{sampleRate: 44100, encodeBitRate: 32000}", "operateRecorder:fail encodeBitRate 32000 is invalid for sampleRate 44100: it must be within 64000...320000"),
            ("{sampleRate: 44000}", "operateRecorder:fail parameter error: parameter.sampleRate should be one of 8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000 instead of 44000;"),
            ("{sampleRate: '16000'}", "operateRecorder:fail parameter error: parameter.sampleRate should be Number instead of String;"),
            ("{numberOfChannels: 3}", "operateRecorder:fail parameter error: parameter.numberOfChannels should be 1 or 2 instead of 3;"),
            ("{format: 'ogg'}", #"operateRecorder:fail parameter error: parameter.format should be one of "aac", "mp3", "wav", "PCM" instead of "ogg";"#),
            ("{duration: 600001}", "operateRecorder:fail parameter error: parameter.duration should be in range [1, 600000] instead of 600001;"),
            ("{audioSource: 'radio'}", #"operateRecorder:fail parameter error: parameter.audioSource should be one of "auto", "buildInMic", "headsetMic", "mic", "camcorder", "voice_communication", "voice_recognition" instead of "radio";"#),
            ("42", "operateRecorder:fail parameter error: parameter should be Object instead of Number;"),
        ]
        for (options, message) in cases {
            let h = try RecorderHarness()
            let lines = await h.run(js: recorderPage(options), steps: [.tap("start")])
            let no = message.contains("parameter error") ? 101 : 101
            #expect(lines == ["error msg=\(jsonString(message)) no=\(no)"], "\(options)")
        }
    }

    @Test func startWhileRecordingIsOnErrorAndTheRecordingGoesOn() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(js: recorderPage("{format: 'mp3', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 32000}"), steps: [
            .tap("start"), .record(.milliseconds(200)), .tap("start"), .tap("resume"), .record(.milliseconds(200)), .tap("same"), .tap("stop"),
        ])
        #expect(lines.count == 5, "\(lines)")
        #expect(Array(lines.prefix(4)) == [
            "start", #"error msg="operateRecorder:fail recorder is recording" no=4"#,
            #"error msg="operateRecorder:fail recorder is not paused" no=4"#, "same true",
        ])
        let duration = try #require(Int(field(try Self.stopLine(lines), "duration") ?? ""))
        #expect(abs(duration - 400) <= 40)
    }

    @Test func aDeniedPermissionIsOnErrorAuthDeny() async throws {
        for (dialect, ns, expected) in [(Dialect.wx, "wx", #"error msg="operateRecorder:fail auth deny" no=103"#),
                                        (.swan, "swan", #"error msg="operateRecorder:fail auth deny" no=10003"#)] {
            let h = try RecorderHarness(dialect: dialect, user: ScriptedUser(consent: .deny))
            let lines = await h.run(js: recorderPage("{format: 'aac'}", namespace: ns), steps: [.tap("start"), .tap("stop")])
            #expect(lines == [expected, #"error msg="operateRecorder:fail recorder not start" no=\#(dialect == .wx ? 4 : 10001)"#], "\(lines)")
            #expect(try h.session.permissions.currentDecisions()[.record] == false)
        }
    }

    @Test func dialectLimits() async throws {
        let baidu = try RecorderHarness(dialect: .swan)
        var lines = await baidu.run(js: recorderPage("{format: 'mp3'}", namespace: "swan"), steps: [.tap("start")])
        #expect(lines == [#"error msg="operateRecorder:fail parameter error: parameter.format should be one of \"aac\", \"pcm\" instead of \"mp3\";" no=202"#])
        let douyin = try RecorderHarness(dialect: .tt)
        lines = await douyin.run(js: recorderPage("{duration: 60001}", namespace: "tt"), steps: [.tap("start")])
        #expect(lines == [#"error msg="operateRecorder:fail parameter error: parameter.duration should be in range [1, 60000] instead of 60001;" no=104"#])
        // Baidu records pcm.
        let pcm = try RecorderHarness(dialect: .swan)
        lines = await pcm.run(js: recorderPage("{format: 'pcm', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000}", namespace: "swan"),
                              steps: [.tap("start"), .record(.milliseconds(200)), .tap("stop")])
        let stop = try Self.stopLine(lines)
        let ms = try #require(Int(field(stop, "duration") ?? ""))
        #expect(field(stop, "path")?.hasPrefix("bdfile://tmp_") == true && field(stop, "size") == "\(ms * 32)", "\(stop)")
    }
}

extension RecorderTests {
    @Test func aMicrophoneThatCannotBeReadIsOnErrorNotACrashOrAHang() async throws {
        let dir = TemporaryDirectory("recorder-bad-mic")
        let text = dir.file("voice.m4a")
        try "not audio at all".write(to: text, atomically: true, encoding: .utf8)
        for spec in [MicrophoneDeviceSpec.file(path: text.path), .file(path: dir.file("missing.wav").path)] {
            let h = try RecorderHarness(environment: AudioEnvironment(microphone: spec))
            let lines = await h.run(js: recorderPage("{format: 'aac'}"), steps: [.tap("start"), .settle, .tap("stop")])
            #expect(lines.count == 2, "\(lines)")
            #expect(lines.first?.hasPrefix(#"error msg="operateRecorder:fail microphone error: "#) == true, "\(lines)")
            #expect(lines.last == #"error msg="operateRecorder:fail recorder not start" no=4"#, "\(lines)")
            #expect(try FileManager.default.contentsOfDirectory(atPath: h.session.sandbox.temp.path).isEmpty)
        }
    }
}

/// `JSON.stringify` of a string, as the page logs it.
func jsonString(_ s: String) -> String {
    "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
}
