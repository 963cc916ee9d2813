import Foundation
import MiniCodec
import MiniMediaTesting
import Testing

@Suite("MiniCodec demux and decode: real files, hostile files", .enabled(if: CodecSupport.hasTools, "needs ffmpeg and ffprobe"))
struct DecoderTests {
    @Test func audioIsDecodedAndResampled() throws {
        let dir = TemporaryDirectory("codec")
        let path = dir.file("tone.m4a").path
        // Stereo at 48 kHz: 440 Hz left, 880 Hz right.
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1", "-f", "lavfi", "-i",
                                    "sine=frequency=880:sample_rate=48000:duration=1", "-filter_complex", "[0][1]amerge=inputs=2",
                                    "-c:a", "aac", path])
        let decoder = try AudioDecoder(.file(path), output: .init(sampleRate: 16_000, channels: 2))
        #expect(decoder.source == .init(sampleRate: 48_000, channels: 2))
        var pcm: [Int16] = []
        var last = Duration.zero
        while let c = try decoder.nextChunk() {
            #expect(c.presentationTime >= last)
            last = c.presentationTime
            pcm += c.samples
        }
        let left = stride(from: 0, to: pcm.count, by: 2).map { pcm[$0] }
        let right = stride(from: 1, to: pcm.count, by: 2).map { pcm[$0] }
        #expect(abs(left.count - 16_000) < 1_100, "\(left.count) frames")
        let l = Array(left[2_000..<14_000]), r = Array(right[2_000..<14_000])
        #expect(MediaTools.tonePower(l, sampleRate: 16_000, frequency: 440) > 0.5)
        #expect(MediaTools.tonePower(l, sampleRate: 16_000, frequency: 880) < 0.01)
        #expect(MediaTools.tonePower(r, sampleRate: 16_000, frequency: 880) > 0.5)
        // Rewinding starts over; timestamps go on.
        try decoder.rewind()
        let again = try #require(try decoder.nextChunk())
        #expect(again.presentationTime > last)
    }

    @Test func videoDecodesAndScales() throws {
        let dir = TemporaryDirectory("codec")
        let path = dir.file("v.mp4").path
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "color=c=white:size=320x240:rate=25", "-t", "0.4", "-c:v", "libx264",
                                    "-pix_fmt", "yuv420p", path])
        let d = try VideoDecoder(path: path)
        #expect(d.width == 320 && d.height == 240 && d.nominalFrameRate == 25)
        var y = [UInt8](repeating: 0, count: 80 * 60), u = [UInt8](repeating: 0, count: 40 * 30), v = u
        var frames = 0
        while true {
            let o = try y.withUnsafeMutableBufferPointer { yp in
                try u.withUnsafeMutableBufferPointer { up in
                    try v.withUnsafeMutableBufferPointer { vp in
                        try d.decodeNext(into: MutableYUVPlanes(width: 80, height: 60, y: yp.baseAddress!, yStride: 80, u: up.baseAddress!,
                                                                uStride: 40, v: vp.baseAddress!, vStride: 40))
                    }
                }
            }
            guard case .frame = o else { break }
            frames += 1
        }
        #expect(frames == 10)
        #expect(y.allSatisfy { $0 > 230 }, "white scaled to 80x60")
    }

    @Test func hostileInputsFailCleanly() throws {
        let dir = TemporaryDirectory("codec")
        let good = dir.file("good.mp4").path
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-t", "1", "-c:v", "libx264", "-pix_fmt",
                                    "yuv420p", "-movflags", "+faststart", good])
        let bytes = try Data(contentsOf: URL(fileURLWithPath: good))
        let empty = dir.file("empty.mp4").path
        try Data().write(to: URL(fileURLWithPath: empty))
        let truncated = dir.file("truncated.mp4").path
        try bytes.prefix(bytes.count / 3).write(to: URL(fileURLWithPath: truncated))
        let header = dir.file("header.mp4").path
        try bytes.prefix(600).write(to: URL(fileURLWithPath: header))
        var flipped = bytes
        var rng = SplitMix64(seed: 7)
        for _ in 0..<200 { let i = Int(rng.next() % UInt64(flipped.count)); flipped[i] ^= UInt8(1 << (rng.next() % 8)) }
        let flippedPath = dir.file("flipped.mp4").path
        try flipped.write(to: URL(fileURLWithPath: flippedPath))
        let audioOnly = dir.file("audio.m4a").path
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "sine=duration=0.3", "-c:a", "aac", audioOnly])
        // A playlist dressed as an MP4 must not make FFmpeg read other files.
        let playlist = dir.file("list.mp4").path
        try Data("#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1,\n\(good)\n#EXT-X-ENDLIST\n".utf8).write(to: URL(fileURLWithPath: playlist))
        let concat = dir.file("concat.mp4").path
        try Data("ffconcat version 1.0\nfile '\(good)'\n".utf8).write(to: URL(fileURLWithPath: concat))

        #expect(throws: CodecError.fileNotFound(dir.file("missing.mp4").path)) { try VideoDecoder(path: dir.file("missing.mp4").path) }
        #expect(throws: CodecError.noStream(path: audioOnly, kind: "video")) { try VideoDecoder(path: audioOnly) }
        for path in [empty, header, playlist, concat] {
            #expect(throws: CodecError.self, "\(path)") { try VideoDecoder(path: path) }
            #expect(throws: CodecError.self, "\(path)") { try MediaProbe.probe(.file(path)) }
        }
        // Damaged but parseable files decode what they can, then end or fail with a reason.
        for path in [truncated, flippedPath] {
            do {
                let d = try VideoDecoder(path: path)
                var y = [UInt8](repeating: 0, count: 160 * 120), u = [UInt8](repeating: 0, count: 80 * 60), v = u
                for _ in 0..<40 {
                    let o = try y.withUnsafeMutableBufferPointer { yp in
                        try u.withUnsafeMutableBufferPointer { up in
                            try v.withUnsafeMutableBufferPointer { vp in
                                try d.decodeNext(into: MutableYUVPlanes(width: 160, height: 120, y: yp.baseAddress!, yStride: 160,
                                                                        u: up.baseAddress!, uStride: 80, v: vp.baseAddress!, vStride: 80))
                            }
                        }
                    }
                    if o == .endOfStream { break }
                }
            } catch {
                let reason = (error as? CodecError)?.reason ?? ""
                #expect(reason.count > 0, "\(error)")
            }
        }
        #expect(throws: CodecError.invalidArgument("only http, https and rtmp URLs can be read")) { try VideoDecoder(.url("file:///etc/passwd")) }
    }
}

@Suite("MediaTranscoder: smaller H.264 + AAC from any video", .enabled(if: CodecSupport.hasTools, "needs ffmpeg and ffprobe"))
struct TranscoderTests {
    @Test func shrinksAndKeepsAudio() async throws {
        let dir = TemporaryDirectory("codec")
        let source = dir.file("big.mkv").path
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "testsrc=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=800:sample_rate=48000",
                                    "-t", "2", "-c:v", "mpeg4", "-q:v", "2", "-c:a", "libvorbis", "-shortest", source])
        let out = dir.file("small.mp4").path
        let summary = try await offCooperativePool {
            try MediaTranscoder.transcode(.file(source), to: out, target: .init(maxLongEdge: 320, videoBitRate: 200_000, preset: "ultrafast"))
        }
        #expect(summary.videoFrames == 50)
        let streams = try CodecSupport.probe(out)
        let v = try #require(streams.first { $0["codec_type"] == "video" })
        #expect(v["codec_name"] == "h264" && v["width"] == "320" && v["height"] == "180" && v.frames == 50)
        #expect(abs(v.duration - 2.0) <= 1.0 / 25 + 1e-6)
        let a = try #require(streams.first { $0["codec_type"] == "audio" })
        #expect(a["codec_name"] == "aac" && a["sample_rate"] == "48000")
        let decoder = try AudioDecoder(.file(out), output: .init(sampleRate: 48_000, channels: 1))
        var pcm: [Int16] = []
        while let c = try decoder.nextChunk() { pcm += c.samples }
        #expect(MediaTools.tonePower(Array(pcm[10_000..<60_000]), sampleRate: 48_000, frequency: 800) > 0.5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["big.mkv", "small.mp4"])
        // No video stream: a clean failure, nothing left behind.
        let audioOnly = dir.file("a.m4a").path
        try CodecSupport.makeMedia(["-f", "lavfi", "-i", "sine=duration=0.5", "-c:a", "aac", audioOnly])
        #expect(throws: CodecError.noStream(path: audioOnly, kind: "video")) {
            try MediaTranscoder.transcode(.file(audioOnly), to: dir.file("x.mp4").path, target: .init())
        }
        #expect(!FileManager.default.fileExists(atPath: dir.file("x.mp4").path))
    }
}
