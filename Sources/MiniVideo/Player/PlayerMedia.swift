import MiniCodec

/// What a player decodes: the video stream (I420 at its own size) and, when there is one, the
/// audio stream (interleaved S16 at `audioFormat`), each with its own decoder over the same
/// input. Not thread-safe: the player calls it under its lock.
final class PlayerMedia: @unchecked Sendable {
    let video: VideoDecoder
    let audio: AudioDecoder?
    let width: Int
    let height: Int
    /// The container's duration (zero when it does not say).
    let duration: Duration
    let frameRate: Double
    /// The number of the last frame decoded (its index in the stream: media time × frame rate).
    private var lastNumber = -1

    init(_ input: MediaInput, audioFormat: AudioResampler.Format) throws(CodecError) {
        let info = try MediaProbe.probe(input)
        guard info.video != nil else { throw .noStream(path: input.description, kind: "video") }
        video = try VideoDecoder(input)
        audio = info.audio == nil ? nil : try? AudioDecoder(input, output: audioFormat)
        width = video.width
        height = video.height
        frameRate = video.nominalFrameRate ?? 25
        duration = info.duration
    }

    /// The next frame in decode order with its media time, or nil at the end of the stream.
    func nextFrame() throws(CodecError) -> VideoFrame? {
        let count = VideoFrame.byteCount(width: width, height: height)
        var pixels = [UInt8](repeating: 0, count: count)
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        let (w, h) = (width, height)
        let outcome: DecodeOutcome = try pixels.withUnsafeMutableBufferPointer { (b: inout UnsafeMutableBufferPointer<UInt8>) throws(CodecError) -> DecodeOutcome in
            let base = b.baseAddress!
            let planes = MutableYUVPlanes(width: w, height: h, y: base, yStride: w, u: base + w * h, uStride: cw,
                                          v: base + w * h + cw * ch, vStride: cw)
            return try video.decodeNext(into: planes)
        }
        guard case .frame(let pts) = outcome else { return nil }
        let time: Duration
        if let pts {
            time = video.mediaTime(ofPTS: pts)
        } else {
            time = .nanoseconds(nanoseconds(Double(lastNumber + 1) / frameRate))
        }
        // Damaged files can carry any timestamp: numbers stay in range.
        let index = time.seconds * frameRate
        let number = index.isFinite && abs(index) < 1e12 ? max(lastNumber + 1, Int(index.rounded())) : lastNumber + 1
        lastNumber = number
        return VideoFrame(width: width, height: height, pixels: pixels, presentationTime: time, number: number)
    }

    /// The picture stream to the key frame at or before `position` (the player seeks the sound itself).
    func seek(to position: Duration) throws(CodecError) {
        try video.seek(to: position)
        lastNumber = -1
    }
}

/// Seconds as whole nanoseconds, saturating (timestamps from damaged files can be anything).
func nanoseconds(_ seconds: Double, rounding rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Int64 {
    guard seconds.isFinite else { return seconds > 0 ? Int64.max / 2 : 0 }
    return Int64(max(-4e18, min(4e18, (seconds * 1e9).rounded(rule))))
}
