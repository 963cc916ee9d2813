import CFFmpeg

/// A chunk of decoded PCM: interleaved signed 16-bit samples at the decoder's output format.
public struct PCMChunk: Sendable, Equatable {
    /// `frames × channels` samples, interleaved.
    public var samples: [Int16]
    /// Media time of the first sample since the stream start (continued by the caller across loops).
    public var presentationTime: Duration
}

/// Decodes the best audio stream of an input (any codec FFmpeg has) and converts it to
/// interleaved S16 at a chosen rate and channel count. Not thread-safe.
public final class AudioDecoder: @unchecked Sendable {
    public let name: String
    /// What `nextChunk()` delivers.
    public let output: AudioResampler.Format
    /// The source's own rate and channel count.
    public private(set) var source = AudioResampler.Format(sampleRate: 0, channels: 0)

    private var container: InputContainer?
    private var codecContext: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var resampler: AudioResampler?
    private var streamIndex: Int32 = -1
    private var startTime: Int64 = 0
    private var receiver = FrameReceiver(streamIndex: -1)
    private var producedFrames: Int64 = 0
    private var timeBase = AVRational(num: 1, den: 1)
    /// After `seek(to:)`: output frames before this position are dropped.
    private var discardBefore: Int64?
    /// The container's duration, nil when it does not say.
    public private(set) var duration: Duration?

    /// Opens `input`'s audio stream; `output` nil keeps the source's rate and channels.
    public init(_ input: MediaInput, output: AudioResampler.Format? = nil) throws(CodecError) {
        name = input.description
        let container = try InputContainer(input)
        guard let (idx, stream) = container.bestStream(AVMEDIA_TYPE_AUDIO) else { throw .noStream(path: name, kind: "audio") }
        let cc = try container.openDecoder(for: stream)
        let src = AudioResampler.Format(sampleRate: Int(cc.pointee.sample_rate), channels: Int(cc.pointee.ch_layout.nb_channels))
        self.output = output ?? src
        self.container = container
        codecContext = cc
        streamIndex = idx
        receiver = FrameReceiver(streamIndex: idx)
        source = src
        let st = stream.pointee.start_time
        startTime = st == cffmpeg_nopts_value() ? 0 : st
        timeBase = stream.pointee.time_base
        if let fc = container.context, fc.pointee.duration != cffmpeg_nopts_value(), fc.pointee.duration > 0 {
            duration = .microseconds(fc.pointee.duration)
        } else if stream.pointee.duration != cffmpeg_nopts_value(), stream.pointee.duration > 0, timeBase.den > 0 {
            duration = .nanoseconds(av_rescale_q(stream.pointee.duration, timeBase, AVRational(num: 1, den: 1_000_000_000)))
        }
        packet = av_packet_alloc()
        frame = av_frame_alloc()
        guard packet != nil, frame != nil, src.sampleRate > 0, src.channels > 0 else {
            release()
            throw .unreadable(path: name, reason: "unusable audio stream")
        }
    }

    deinit { release() }

    /// The next decoded chunk, or nil at the end of the stream.
    public func nextChunk() throws(CodecError) -> PCMChunk? {
        guard let cc = codecContext, let fc = container?.context, let packet, let frame else {
            throw .unreadable(path: name, reason: "decoder closed")
        }
        while try receiver.receive(cc, fc, packet, frame, fail: { .unreadable(path: name, reason: $0) }) {
            defer { av_frame_unref(frame) }
            let pts = frame.pointee.best_effort_timestamp
            var samples = try convert(frame)
            if let target = discardBefore {
                // Accurate seek: drop what decodes before the target (the seek lands on a packet before it).
                let channels = output.channels
                if pts != cffmpeg_nopts_value() {
                    let at = av_rescale_q(pts - startTime, timeBase, AVRational(num: 1, den: Int32(output.sampleRate)))
                    let drop = Int(max(0, min(Int64(samples.count / channels), target - at)))
                    if drop * channels >= samples.count { continue }
                    samples.removeFirst(drop * channels)
                }
                producedFrames = target
                discardBefore = nil
            }
            if samples.isEmpty { continue }
            let t = Duration.nanoseconds(producedFrames * 1_000_000_000 / Int64(output.sampleRate))
            producedFrames += Int64(samples.count / output.channels)
            return PCMChunk(samples: samples, presentationTime: t)
        }
        return nil
    }

    private func convert(_ frame: UnsafeMutablePointer<AVFrame>) throws(CodecError) -> [Int16] {
        let f = frame.pointee
        let format = AudioResampler.Format(sampleRate: Int(f.sample_rate), channels: Int(f.ch_layout.nb_channels))
        if resampler == nil || resampler!.input != format {
            resampler = try AudioResampler(from: format, sampleFormat: AVSampleFormat(rawValue: f.format),
                                           layout: withUnsafePointer(to: &frame.pointee.ch_layout) { $0 }, to: output)
        }
        let planes = UnsafeMutableRawPointer(f.extended_data).map { $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self) }
        return try resampler!.convert(planes: planes, frames: f.nb_samples)
    }

    /// Seeks back to the start (for looping); timestamps continue from where they were.
    public func rewind() throws(CodecError) {
        guard let cc = codecContext, let fc = container?.context else { throw .unreadable(path: name, reason: "decoder closed") }
        var r = av_seek_frame(fc, streamIndex, startTime, cffmpeg_seek_flag_backward())
        if r < 0 { r = avformat_seek_file(fc, streamIndex, Int64.min, startTime, startTime, 0) }
        guard r >= 0 else { throw .unreadable(path: name, reason: "cannot seek to start for looping: \(ffmpegErrorString(r))") }
        avcodec_flush_buffers(cc)
        receiver.draining = false
    }

    /// Seeks to `position` from the stream start: the next chunk starts there (to the sample when
    /// the stream has timestamps), its `presentationTime` is `position`. Past the end: no more chunks.
    public func seek(to position: Duration) throws(CodecError) {
        guard let cc = codecContext, let fc = container?.context else { throw .unreadable(path: name, reason: "decoder closed") }
        let ns = max(Int64(0), position.components.seconds * 1_000_000_000 + position.components.attoseconds / 1_000_000_000)
        let ts = startTime + av_rescale_q(ns, AVRational(num: 1, den: 1_000_000_000), timeBase)
        var r = av_seek_frame(fc, streamIndex, ts, cffmpeg_seek_flag_backward())
        if r < 0 { r = avformat_seek_file(fc, streamIndex, Int64.min, ts, ts, 0) }
        guard r >= 0 else { throw .unreadable(path: name, reason: "cannot seek: \(ffmpegErrorString(r))") }
        avcodec_flush_buffers(cc)
        receiver.draining = false
        resampler = nil
        let target = ns * Int64(output.sampleRate) / 1_000_000_000
        discardBefore = target
        producedFrames = target
    }

    /// Frees all FFmpeg state (idempotent).
    public func release() {
        if frame != nil { av_frame_free(&frame) }
        if packet != nil { av_packet_free(&packet) }
        if codecContext != nil { avcodec_free_context(&codecContext) }
        container?.close()
        container = nil
        resampler = nil
    }
}
