#if canImport(Glibc)
import Glibc
#endif

/// Re-encodes a video file into an H.264 + AAC MP4 of another size or bit rate (compressed
/// recordings, `compressVideo`): decode (any codec) → scale → encode through `MP4Recorder`, so
/// the output is written crash-safely and ends as a `faststart` MP4.
public enum MediaTranscoder {
    /// What the output should be.
    public struct Target: Sendable, Equatable {
        /// Longest edge in pixels (the source is never upscaled).
        public var maxLongEdge: Int?
        /// Video bits per second (nil: constant quality).
        public var videoBitRate: Int?
        /// Scale factor on both edges, (0, 1] (applied before `maxLongEdge`).
        public var scale: Double
        /// Frames per second at most (frames are dropped to meet it); nil keeps the source's.
        public var maxFrameRate: Int?
        /// x264 preset.
        public var preset: String
        public var audioBitRate: Int

        public init(maxLongEdge: Int? = nil, scale: Double = 1, maxFrameRate: Int? = nil, videoBitRate: Int? = nil,
                    preset: String = "veryfast", audioBitRate: Int = 96_000) {
            self.maxLongEdge = maxLongEdge
            self.scale = min(1, max(0.01, scale))
            self.maxFrameRate = maxFrameRate
            self.videoBitRate = videoBitRate
            self.preset = preset
            self.audioBitRate = audioBitRate
        }
    }

    /// Transcodes `input` into `output` (its folder also holds the work file while it runs).
    public static func transcode(_ input: MediaInput, to output: String, target: Target) throws(CodecError) -> RecordingSummary {
        let info = try MediaProbe.probe(input)
        guard let v = info.video else { throw .noStream(path: input.description, kind: "video") }
        let video = try VideoDecoder(input)
        var (w, h) = (Int((Double(video.width) * target.scale).rounded()), Int((Double(video.height) * target.scale).rounded()))
        if let long = target.maxLongEdge, max(w, h) > long {
            let scale = Double(long) / Double(max(w, h))
            (w, h) = (Int((Double(w) * scale).rounded()), Int((Double(h) * scale).rounded()))
        }
        (w, h) = (max(16, w & ~1), max(16, h & ~1))
        let sourceFps = max(1, min(240, Int((v.frameRate > 0 ? v.frameRate : 30).rounded())))
        let fps = min(sourceFps, max(1, target.maxFrameRate ?? sourceFps))
        // With a lower rate, a frame is kept when its time reaches the next slot.
        let slot = Duration.nanoseconds(1_000_000_000 / Int64(fps))
        var nextSlot = Duration.zero
        let audio: AudioDecoder?
        var audioSettings: AudioEncodeSettings?
        if let a = info.audio {
            let rates = [8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000]
            let rate = rates.contains(a.sampleRate) ? a.sampleRate : 44_100
            let settings = AudioEncodeSettings(sampleRate: rate, channels: min(2, max(1, a.channels)), bitRate: target.audioBitRate)
            audio = try AudioDecoder(input, output: settings.format)
            audioSettings = settings
        } else {
            audio = nil
        }
        let dir = output.split(separator: "/", omittingEmptySubsequences: false).dropLast().joined(separator: "/")
        let recorder = try MP4Recorder(
            destination: output, workDirectory: dir.isEmpty ? "." : dir,
            video: VideoEncodeSettings(width: w, height: h, frameRate: fps, bitRate: target.videoBitRate, preset: target.preset),
            audio: audioSettings)
        do {
            let ySize = w * h, cSize = (w / 2) * (h / 2)
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: ySize + 2 * cSize)
            defer { buffer.deallocate() }
            let planes = MutableYUVPlanes(width: w, height: h, y: buffer, yStride: w, u: buffer + ySize, uStride: w / 2,
                                          v: buffer + ySize + cSize, vStride: w / 2)
            var firstPts: Int64?
            var videoTime = Duration.zero
            var audioTime = Duration.zero
            var audioDone = audio == nil
            var frames = 0
            while case .frame(let pts) = try video.decodeNext(into: planes) {
                if let pts {
                    if firstPts == nil { firstPts = pts }
                    videoTime = video.duration(ofTicks: pts - firstPts!)
                } else if frames > 0 {
                    videoTime += .nanoseconds(1_000_000_000 / Int64(fps))
                }
                if fps < sourceFps {
                    // Half a source frame of slack so rounding never drops a frame that is due.
                    guard videoTime + .nanoseconds(500_000_000 / Int64(sourceFps)) >= nextSlot else { continue }
                    nextSlot += slot
                }
                try recorder.appendVideo(planes.readOnly, at: videoTime)
                frames += 1
                // Keep the audio up with the video (interleaved fragments).
                while !audioDone, audioTime <= videoTime, let a = audio, let settings = audioSettings {
                    guard let chunk = try a.nextChunk() else {
                        audioDone = true
                        break
                    }
                    try chunk.samples.withUnsafeBufferPointer { b throws(CodecError) in
                        try recorder.appendAudio(b, format: settings.format, at: chunk.presentationTime)
                    }
                    audioTime = chunk.presentationTime
                }
            }
            while !audioDone, let a = audio, let settings = audioSettings, let chunk = try a.nextChunk() {
                try chunk.samples.withUnsafeBufferPointer { b throws(CodecError) in
                    try recorder.appendAudio(b, format: settings.format, at: chunk.presentationTime)
                }
            }
            return try recorder.finish()
        } catch {
            recorder.cancel()
            throw error
        }
    }
}
