import CFFmpeg

/// Result of one decode step.
public enum DecodeOutcome: Sendable, Equatable {
    /// A frame was written; its timestamp in stream time-base units, if known.
    case frame(pts: Int64?)
    /// No more frames until `rewind()`.
    case endOfStream
}

/// Decodes the best video stream of an input and converts each frame to I420 (swscale) at the
/// destination's size. Not thread-safe (owners keep it under a lock).
public final class VideoDecoder: @unchecked Sendable {
    /// The input's name (path or URL).
    public let name: String
    /// Source frame size.
    public private(set) var width = 0
    public private(set) var height = 0
    /// Frames per second declared by the container, if any.
    public private(set) var nominalFrameRate: Double?
    /// Stream time base as (num, den).
    public private(set) var timeBase = (num: Int32(1), den: Int32(1))

    private var container: InputContainer?
    private var codecContext: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private let scaler = VideoScaler()
    private var streamIndex: Int32 = -1
    private var startTime: Int64 = 0
    private var receiver = FrameReceiver(streamIndex: -1)

    /// Opens `input` and its video stream's decoder.
    public init(_ input: MediaInput) throws(CodecError) {
        name = input.description
        do {
            try openAll(input)
        } catch {
            release()
            throw error
        }
    }

    /// Convenience for a local file.
    public convenience init(path: String) throws(CodecError) {
        try self.init(.file(path))
    }

    deinit {
        release()
    }

    private func fail(_ reason: String) -> CodecError {
        .unreadable(path: name, reason: reason)
    }

    private func openAll(_ input: MediaInput) throws(CodecError) {
        let container = try InputContainer(input)
        self.container = container
        guard let (idx, stream) = container.bestStream(AVMEDIA_TYPE_VIDEO) else { throw .noStream(path: name, kind: "video") }
        streamIndex = idx
        receiver = FrameReceiver(streamIndex: idx)
        codecContext = try container.openDecoder(for: stream)
        packet = av_packet_alloc()
        frame = av_frame_alloc()
        guard packet != nil, frame != nil else { throw fail("out of memory") }
        let par = stream.pointee.codecpar!
        width = Int(par.pointee.width)
        height = Int(par.pointee.height)
        guard width > 0, height > 0 else { throw fail("unknown frame size") }
        let tb = stream.pointee.time_base
        timeBase = tb.den > 0 && tb.num > 0 ? (tb.num, tb.den) : (1, 90_000)
        let st = stream.pointee.start_time
        startTime = st == cffmpeg_nopts_value() ? 0 : st
        for rate in [stream.pointee.avg_frame_rate, stream.pointee.r_frame_rate] where rate.num > 0 && rate.den > 0 {
            let fps = Double(rate.num) / Double(rate.den)
            if fps > 0.5 && fps <= 1000 { nominalFrameRate = fps; break }
        }
    }

    /// Converts a timestamp in stream units to a duration.
    public func duration(ofTicks ticks: Int64) -> Duration {
        let ns = av_rescale_q(ticks, AVRational(num: timeBase.num, den: timeBase.den), AVRational(num: 1, den: 1_000_000_000))
        return .nanoseconds(ns)
    }

    /// Decodes the next frame into `destination` (I420, scaled to the destination's size).
    public func decodeNext(into destination: MutableYUVPlanes) throws(CodecError) -> DecodeOutcome {
        guard let cc = codecContext, let fc = container?.context, let packet, let frame else { throw fail("decoder closed") }
        guard try receiver.receive(cc, fc, packet, frame, fail: fail) else { return .endOfStream }
        defer { av_frame_unref(frame) }
        try scaler.scale(frame, into: destination, name: name)
        let pts = frame.pointee.best_effort_timestamp
        return .frame(pts: pts == cffmpeg_nopts_value() ? nil : pts)
    }

    /// Seeks back to the first frame.
    public func rewind() throws(CodecError) {
        guard let cc = codecContext, let fc = container?.context else { throw fail("decoder closed") }
        var r = av_seek_frame(fc, streamIndex, startTime, cffmpeg_seek_flag_backward())
        if r < 0 {
            r = avformat_seek_file(fc, streamIndex, Int64.min, startTime, startTime, 0)
        }
        guard r >= 0 else { throw fail("cannot seek to start for looping: \(ffmpegErrorString(r))") }
        avcodec_flush_buffers(cc)
        receiver.draining = false
    }

    /// Seeks to the key frame at or before `position` (media time since the stream start); the
    /// caller decodes on and drops frames before `position` for an exact seek.
    public func seek(to position: Duration) throws(CodecError) {
        guard let cc = codecContext, let fc = container?.context else { throw fail("decoder closed") }
        let ns = position.components.seconds * 1_000_000_000 + position.components.attoseconds / 1_000_000_000
        let target = startTime + av_rescale_q(ns, AVRational(num: 1, den: 1_000_000_000), AVRational(num: timeBase.num, den: timeBase.den))
        var r = av_seek_frame(fc, streamIndex, target, cffmpeg_seek_flag_backward())
        if r < 0 { r = avformat_seek_file(fc, streamIndex, Int64.min, target, target, 0) }
        guard r >= 0 else { throw fail("cannot seek: \(ffmpegErrorString(r))") }
        avcodec_flush_buffers(cc)
        receiver.draining = false
    }

    /// A decoded frame's timestamp as media time since the stream start.
    public func mediaTime(ofPTS pts: Int64) -> Duration { duration(ofTicks: pts - startTime) }

    /// Frees all FFmpeg state (idempotent).
    public func release() {
        scaler.release()
        if frame != nil { av_frame_free(&frame) }
        if packet != nil { av_packet_free(&packet) }
        if codecContext != nil { avcodec_free_context(&codecContext) }
        container?.close()
        container = nil
    }
}
