import Foundation
import MiniMediaTesting
import MiniCore
import Testing
@testable import MiniCapture

@Suite struct MicrophoneTests {
    @Test func specsParse() throws {
        #expect(try MicrophoneDeviceSpec(parsing: "synthetic") == .synthetic)
        #expect(try MicrophoneDeviceSpec(parsing: " file:/tmp/a.m4a ") == .file(path: "/tmp/a.m4a"))
        #expect(try MicrophoneDeviceSpec(parsing: "alsa:hw:0,0") == .alsa(device: "hw:0,0"))
        #expect(throws: CameraError.invalidSpec("'alsa:': alsa spec needs a PCM name, e.g. alsa:default or alsa:hw:0,0")) {
            try MicrophoneDeviceSpec(parsing: "alsa:")
        }
        #expect(throws: CameraError.invalidSpec("'v4l2:/dev/video0': unknown microphone kind 'v4l2'; expected synthetic, file or alsa")) {
            try MicrophoneDeviceSpec(parsing: "v4l2:/dev/video0")
        }
        #expect(throws: CameraError.invalidSpec("'mic': expected synthetic, file:PATH or alsa:DEVICE")) { try MicrophoneDeviceSpec(parsing: "mic") }
    }

    @Test func syntheticTonesArePacedByTheClock() async throws {
        let clock = ManualClock()
        let mic = SyntheticMicrophone(clock: clock)
        try mic.open(MicrophoneConfiguration(format: AudioFormat(sampleRate: 48_000, channels: 2)))
        var all: [Int16] = []
        // The first chunk is due at once; each next one 20 ms later on the clock.
        let first = try await mic.nextChunk()
        #expect(first.frames == 960 && first.presentationTime == .zero && first.sequence == 0)
        all += first.samples
        for i in 1..<25 {
            let task = Task { try await mic.nextChunk() }
            try await Task.sleep(for: .milliseconds(2))
            clock.advance(by: .milliseconds(20))
            let c = try await task.value
            #expect(c.sequence == i && c.presentationTime == .milliseconds(20 * i) && c.captureTime == .milliseconds(20 * i))
            all += c.samples
        }
        let left = MediaTools.channel(all, 0, of: 2), right = MediaTools.channel(all, 1, of: 2)
        #expect(MediaTools.tonePower(left, sampleRate: 48_000, frequency: 1_000) > 0.9)
        #expect(MediaTools.tonePower(left, sampleRate: 48_000, frequency: 1_500) < 0.01)
        #expect(MediaTools.tonePower(right, sampleRate: 48_000, frequency: 1_500) > 0.9)
        #expect(left.map { abs(Int($0)) }.max()! > 7_900)
        mic.close()
        await #expect(throws: CameraError.notOpen) { _ = try await mic.nextChunk() }
    }

    @Test(.enabled(if: TestSupport.hasFFmpeg)) func fileAudioLoopsAndResamples() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("voice.mp4").path
        // A video file with a 600 Hz tone lasting 0.3 s at 22.05 kHz stereo.
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-f", "lavfi", "-i", "sine=frequency=600:sample_rate=22050",
                                "-t", "0.3", "-ac", "2", "-c:v", "mpeg4", "-c:a", "aac", "-shortest", path])
        let mic = FileMicrophone(path: path, clock: ManualClock())
        try mic.open(MicrophoneConfiguration(format: AudioFormat(sampleRate: 16_000, channels: 1), pacing: .unpaced))
        var all: [Int16] = []
        for _ in 0..<50 { all += try await mic.nextChunk().samples }
        #expect(all.count == 50 * 320)
        #expect(mic.loops >= 2, "1 s of chunks from a 0.3 s file")
        #expect(MediaTools.tonePower(Array(all[1_000..<4_000]), sampleRate: 16_000, frequency: 600) > 0.5)
        let missing = FileMicrophone(path: dir.appendingPathComponent("none.m4a").path)
        #expect(throws: CameraError.fileNotFound(dir.appendingPathComponent("none.m4a").path)) { try missing.open(MicrophoneConfiguration()) }
        let silent = dir.appendingPathComponent("silent.mp4").path
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x64:rate=10", "-t", "0.3", "-c:v", "mpeg4", silent])
        #expect(throws: CameraError.unsupportedMedia(path: silent, reason: "no audio stream")) {
            try FileMicrophone(path: silent).open(MicrophoneConfiguration())
        }
    }

    @Test func alsaCapturesThroughTheFilePlugin() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // 0.5 s of a 700 Hz tone, raw S16LE mono at 8 kHz, played in by ALSA's file plugin.
        let raw = dir.appendingPathComponent("in.raw")
        var data = Data()
        for i in 0..<4_000 {
            let v = Int16(9_000 * sin(2 * Double.pi * 700 * Double(i) / 8_000))
            withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) }
        }
        try data.write(to: raw)
        let conf = dir.appendingPathComponent("asoundrc")
        try """
        pcm.silence { type null }
        pcm.testmic {
            type file
            slave.pcm "silence"
            file "/dev/null"
            infile "\(raw.path)"
            format "raw"
        }
        """.write(to: conf, atomically: true, encoding: .utf8)
        let mic = ALSAMicrophone(device: "testmic", configurationFile: conf.path, clock: ManualClock())
        try mic.open(MicrophoneConfiguration(format: AudioFormat(sampleRate: 8_000, channels: 1)))
        var all: [Int16] = []
        for i in 0..<10 {
            let c = try await mic.nextChunk()
            #expect(c.sequence == i && c.frames == 160)
            #expect(c.presentationTime == .milliseconds(20 * i))
            all += c.samples
        }
        mic.close()
        #expect(MediaTools.tonePower(all, sampleRate: 8_000, frequency: 700) > 0.9)
        #expect(Array(all.prefix(3)) == [0, Int16(9_000 * sin(2 * Double.pi * 700 / 8_000)), Int16(9_000 * sin(4 * Double.pi * 700 / 8_000))])
        // An unknown PCM name is a clean device failure.
        let none = ALSAMicrophone(device: "nosuchpcm", configurationFile: conf.path)
        #expect(throws: CameraError.self) { try none.open(MicrophoneConfiguration()) }
    }
}
