import Foundation
import MiniCodec
import MiniMediaTesting
import Testing

@Suite("MP4Recorder: H.264 + AAC, fragmented while recording, faststart when done",
       .enabled(if: CodecSupport.hasTools, "needs ffmpeg and ffprobe"))
struct RecorderTests {
    /// Records `seconds` of 320x240@30 video and a mono 1 kHz tone at 44.1 kHz.
    static func record(_ dir: TemporaryDirectory, seconds: Int = 2, mirror: Bool = false, audio: Bool = true) throws -> RecordingSummary {
        let (w, h, fps, rate) = (320, 240, 30, 44_100)
        let rec = try MP4Recorder(
            destination: dir.file("out.mp4").path, workDirectory: dir.path,
            video: VideoEncodeSettings(width: w, height: h, frameRate: fps, preset: "ultrafast", mirror: mirror),
            audio: audio ? AudioEncodeSettings(sampleRate: rate, channels: 1) : nil)
        let picture = CodecSupport.Picture(width: w, height: h)
        for n in 0..<(seconds * fps) {
            let t = Duration.nanoseconds(Int64(n) * 1_000_000_000 / Int64(fps))
            // A small moving block in the dark half so frames differ.
            for row in 100..<110 { for col in 0..<w / 2 where col % 50 == n % 50 { picture.y[row * w + w / 2 + col] = 200 } }
            try picture.with { try rec.appendVideo($0, at: t) }
            if audio {
                let pcm = CodecSupport.tone(1_000, sampleRate: rate, channels: 1, start: n * rate / fps, count: rate / fps)
                try pcm.withUnsafeBufferPointer { try rec.appendAudio($0, format: .init(sampleRate: rate, channels: 1), at: t) }
            }
        }
        #expect(rec.fragmentsCommitted >= seconds - 1)
        return try rec.finish()
    }

    @Test func recordsAPlayableFaststartMP4() async throws {
        let dir = TemporaryDirectory("codec")
        let summary = try await offCooperativePool { try Self.record(dir) }
        #expect(summary.videoFrames == 60)
        #expect(abs(summary.duration.seconds - 2.0) < 1.0 / 30)
        let streams = try CodecSupport.probe(summary.path)
        let video = try #require(streams.first { $0["codec_type"] == "video" })
        let audio = try #require(streams.first { $0["codec_type"] == "audio" })
        #expect(video["codec_name"] == "h264")
        #expect(video["width"] == "320" && video["height"] == "240")
        #expect(video.frames == 60)
        #expect(abs(video.duration - 2.0) <= 1.0 / 30 + 1e-6, "video lasts \(video.duration) s")
        #expect(audio["codec_name"] == "aac")
        #expect(audio["sample_rate"] == "44100" && audio["channels"] == "1")
        #expect(abs(audio.duration - 2.0) < 0.1, "audio lasts \(audio.duration) s")
        // faststart: the index comes before the media.
        let moov = try #require(try CodecSupport.boxOffset("moov", in: summary.path))
        let mdat = try #require(try CodecSupport.boxOffset("mdat", in: summary.path))
        #expect(moov < mdat)
        #expect(try CodecSupport.boxOffset("moof", in: summary.path) == nil)
        // Nothing left beside it.
        let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(left == ["out.mp4"])
        // The audio carries the tone: decode it back and look for 1 kHz.
        let decoder = try AudioDecoder(.file(summary.path), output: .init(sampleRate: 44_100, channels: 1))
        var pcm: [Int16] = []
        while let chunk = try decoder.nextChunk() { pcm += chunk.samples }
        #expect(pcm.count > 80_000)
        let middle = Array(pcm[22_050..<66_150])
        let on = MediaTools.tonePower(middle, sampleRate: 44_100, frequency: 1_000)
        let off = MediaTools.tonePower(middle, sampleRate: 44_100, frequency: 1_500)
        #expect(on > 0.5, "1 kHz carries \(on) of the energy")
        #expect(off < 0.01)
        // MiniCodec's own probe agrees.
        let info = try MediaProbe.probe(.file(summary.path))
        #expect(info.video?.codec == "h264" && info.audio?.codec == "aac")
        #expect(info.video?.width == 320 && info.video?.rotation == 0)
        #expect(abs((info.video?.frameRate ?? 0) - 30) < 0.01)
    }

    @Test func mirrorFlipsThePixels() async throws {
        let dir = TemporaryDirectory("codec")
        let summary = try await offCooperativePool { try Self.record(dir, seconds: 1, mirror: true, audio: false) }
        let streams = try CodecSupport.probe(summary.path)
        #expect(streams.count == 1 && streams[0]["codec_name"] == "h264")
        let decoder = try VideoDecoder(path: summary.path)
        var y = [UInt8](repeating: 0, count: 320 * 240), u = [UInt8](repeating: 0, count: 160 * 120), v = u
        let outcome = try y.withUnsafeMutableBufferPointer { yp in
            try u.withUnsafeMutableBufferPointer { up in
                try v.withUnsafeMutableBufferPointer { vp in
                    try decoder.decodeNext(into: MutableYUVPlanes(width: 320, height: 240, y: yp.baseAddress!, yStride: 320,
                                                                  u: up.baseAddress!, uStride: 160, v: vp.baseAddress!, vStride: 160))
                }
            }
        }
        #expect(outcome == .frame(pts: 0))
        // The source is bright on the left; mirrored, the bright half is on the right.
        let left = (0..<240).map { Int(y[$0 * 320 + 40]) }.reduce(0, +) / 240
        let right = (0..<240).map { Int(y[$0 * 320 + 280]) }.reduce(0, +) / 240
        #expect(left < 40, "left column luma \(left)")
        #expect(right > 200, "right column luma \(right)")
    }

    @Test func invalidSettingsAreRefused() throws {
        let dir = TemporaryDirectory("codec")
        #expect(throws: CodecError.invalidArgument("video size 321x240 must be even and within 16...8192")) {
            _ = try MP4Recorder(destination: dir.file("a.mp4").path, workDirectory: dir.path,
                                video: VideoEncodeSettings(width: 321, height: 240))
        }
        #expect(throws: CodecError.invalidArgument("AAC channel count 3 must be 1 or 2")) {
            _ = try MP4Recorder(destination: dir.file("a.mp4").path, workDirectory: dir.path,
                                video: VideoEncodeSettings(width: 320, height: 240), audio: AudioEncodeSettings(channels: 3))
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        let rec = try MP4Recorder(destination: dir.file("a.mp4").path, workDirectory: dir.path,
                                  video: VideoEncodeSettings(width: 320, height: 240, preset: "ultrafast"))
        let small = CodecSupport.Picture(width: 160, height: 120)
        #expect(throws: CodecError.invalidArgument("frame is 160x120, the recording 320x240")) {
            try small.with { try rec.appendVideo($0, at: .zero) }
        }
        #expect(throws: CodecError.invalidArgument("no video frames were recorded")) { _ = try rec.finish() }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
