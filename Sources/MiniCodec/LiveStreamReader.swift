import CFFmpeg

/// One decoded video frame of a live stream: tightly packed I420 at the stream's own size.
public struct LiveVideoFrame: Sendable {
    public var width: Int
    public var height: Int
    /// Presentation time since the stream's first timestamp.
    public var presentationTime: Duration
    /// Decoded from a keyframe (an I-frame).
    public var isKeyframe: Bool
    /// Y (`width × height`), then U and V (`⌈w/2⌉ × ⌈h/2⌉` each).
    public var i420: [UInt8]

    /// The planes over `i420`, valid inside `body`.
    public func withPlanes<R>(_ body: (YUVPlanes) throws -> R) rethrows -> R {
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        return try i420.withUnsafeBufferPointer { b in
            let y = b.baseAddress!
            return try body(YUVPlanes(width: width, height: height, y: y, yStride: width, u: y + width * height, uStride: cw,
                                      v: y + width * height + cw * ch, vStride: cw))
        }
    }
}

/// What one packet of a live stream carried.
public struct LiveReadStep: Sendable {
    public enum Kind: Sendable, Equatable { case video, audio, other }
    public var kind: Kind
    /// The packet's size on the wire (what netstatus bitrates are measured from).
    public var bytes: Int
    public var isKeyPacket: Bool
    /// Frames the packet completed (usually zero or one).
    public var frames: [LiveVideoFrame] = []
    /// Interleaved S16 PCM the packet decoded to, in the reader's audio format.
    public var audio: [Int16] = []
    /// The audio's presentation time since the stream's first timestamp.
    public var audioTime: Duration?
}

/// Reads a live stream (RTMP, HTTP-FLV, HLS — `MediaInput.url`) packet by packet through one
/// connection and decodes both its video (to I420 at the stream's size, which may change) and
/// its audio (to S16 at `audioFormat`). Every blocking call is bounded by the `LiveInterrupt`.
/// Not thread-safe: one thread reads; another may only `interrupt.cancel()`.
public final class LiveStreamReader: @unchecked Sendable {
    public let url: String
    /// The demuxer FFmpeg picked (`flv`, `live_flv`, `hls`…).
    public let formatName: String
    public let audioFormat: AudioResampler.Format
    /// The video's declared frame rate, if any.
    public private(set) var declaredFrameRate: Double?
    public var hasVideo: Bool { videoIndex >= 0 }
    public var hasAudio: Bool { audioIndex >= 0 }
    /// The video size from the stream's parameters (0 without video).
    public private(set) var width = 0
    public private(set) var height = 0

    private let interrupt: LiveInterrupt
    private var container: InputContainer?
    private var video: UnsafeMutablePointer<AVCodecContext>?
    private var audio: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private let scaler = VideoScaler()
    private var resampler: AudioResampler?
    private var videoIndex: Int32 = -1
    private var audioIndex: Int32 = -1
    private var videoTimeBase = AVRational(num: 1, den: 1000)
    private var audioTimeBase = AVRational(num: 1, den: 1000)
    /// The first timestamp seen (in microseconds), the origin of presentation times.
    private var origin: Int64?

    /// Connects and reads the stream's parameters within `openTimeout`.
    public init(url: String, audioFormat: AudioResampler.Format, interrupt: LiveInterrupt, openTimeout: Duration) throws(CodecError) {
        self.url = url
        self.audioFormat = audioFormat
        self.interrupt = interrupt
        interrupt.arm(openTimeout)
        defer { interrupt.arm(nil) }
        let c = try InputContainer(.url(url), interrupt: interrupt, live: true)
        container = c
        formatName = c.context.flatMap { $0.pointee.iformat.map { String(cString: $0.pointee.name) } } ?? "unknown"
        do {
            try openDecoders(c)
        } catch {
            release()
            throw error
        }
    }

    deinit { release() }

    private func openDecoders(_ c: InputContainer) throws(CodecError) {
        if let (idx, s) = c.bestStream(AVMEDIA_TYPE_VIDEO) {
            video = try c.openDecoder(for: s, threads: 2)
            videoIndex = idx
            videoTimeBase = s.pointee.time_base
            width = Int(s.pointee.codecpar.pointee.width)
            height = Int(s.pointee.codecpar.pointee.height)
            for rate in [s.pointee.avg_frame_rate, s.pointee.r_frame_rate] where rate.num > 0 && rate.den > 0 {
                let fps = Double(rate.num) / Double(rate.den)
                if fps > 0.5 && fps <= 240 { declaredFrameRate = fps; break }
            }
        }
        if let (idx, s) = c.bestStream(AVMEDIA_TYPE_AUDIO) {
            audio = try c.openDecoder(for: s)
            audioIndex = idx
            audioTimeBase = s.pointee.time_base
        }
        guard videoIndex >= 0 || audioIndex >= 0 else { throw .noStream(path: url, kind: "video or audio") }
        packet = av_packet_alloc()
        frame = av_frame_alloc()
        guard packet != nil, frame != nil else { throw .unreadable(path: url, reason: "out of memory") }
    }

    /// Reads and decodes the next packet, waiting at most `timeout` for it. Nil at the end of
    /// the stream; throws when the connection fails, times out or is cancelled.
    public func read(timeout: Duration) throws(CodecError) -> LiveReadStep? {
        guard let fc = container?.context, let packet, let frame else { throw .unreadable(path: url, reason: "reader closed") }
        interrupt.arm(timeout)
        defer { interrupt.arm(nil) }
        let r = av_read_frame(fc, packet)
        if r == cffmpeg_averror_eof() { return nil }
        guard r >= 0 else {
            if interrupt.isCancelled { throw .unreadable(path: url, reason: "stopped") }
            throw .unreadable(path: url, reason: "read failed: \(ffmpegErrorString(r))")
        }
        defer { av_packet_unref(packet) }
        if videoIndex < 0 || audioIndex < 0 { adoptLateStream(fc, packet.pointee.stream_index) }
        let key = packet.pointee.flags & 1 != 0
        var step = LiveReadStep(kind: .other, bytes: Int(packet.pointee.size), isKeyPacket: key)
        if packet.pointee.stream_index == videoIndex, let cc = video {
            step.kind = .video
            guard avcodec_send_packet(cc, packet) >= 0 else { return step }
            while avcodec_receive_frame(cc, frame) == 0 {
                defer { av_frame_unref(frame) }
                if let f = try convertVideo(frame) { step.frames.append(f) }
            }
        } else if packet.pointee.stream_index == audioIndex, let cc = audio {
            step.kind = .audio
            guard avcodec_send_packet(cc, packet) >= 0 else { return step }
            while avcodec_receive_frame(cc, frame) == 0 {
                defer { av_frame_unref(frame) }
                if step.audioTime == nil { step.audioTime = time(frame.pointee.best_effort_timestamp, audioTimeBase) }
                step.audio += try convertAudio(frame)
            }
        }
        return step
    }

    /// A live FLV stream may announce a stream after probing (the publisher started its video a
    /// moment after the player connected): its decoder opens when its first packet arrives.
    private func adoptLateStream(_ fc: UnsafeMutablePointer<AVFormatContext>, _ index: Int32) {
        guard index >= 0, index < Int32(fc.pointee.nb_streams), let s = fc.pointee.streams[Int(index)], let par = s.pointee.codecpar,
            let c = container
        else { return }
        let type = par.pointee.codec_type
        if type == AVMEDIA_TYPE_VIDEO, videoIndex < 0, let cc = try? c.openDecoder(for: s, threads: 2) {
            video = cc
            videoIndex = index
            videoTimeBase = s.pointee.time_base
            width = Int(par.pointee.width)
            height = Int(par.pointee.height)
        } else if type == AVMEDIA_TYPE_AUDIO, audioIndex < 0, par.pointee.sample_rate > 0, let cc = try? c.openDecoder(for: s) {
            audio = cc
            audioIndex = index
            audioTimeBase = s.pointee.time_base
        }
    }

    /// Media time since the first timestamp seen.
    private func time(_ ts: Int64, _ tb: AVRational) -> Duration {
        guard ts != cffmpeg_nopts_value() else { return .zero }
        let us = av_rescale_q(ts, tb, AVRational(num: 1, den: 1_000_000))
        if origin == nil { origin = us }
        return .microseconds(us - origin!)
    }

    private func convertVideo(_ frame: UnsafeMutablePointer<AVFrame>) throws(CodecError) -> LiveVideoFrame? {
        let w = Int(frame.pointee.width), h = Int(frame.pointee.height)
        guard w > 0, h > 0, w <= 8192, h <= 8192 else { return nil }
        let cw = (w + 1) / 2, ch = (h + 1) / 2
        var bytes = [UInt8](repeating: 0, count: w * h + 2 * cw * ch)
        var failure: CodecError?
        bytes.withUnsafeMutableBufferPointer { b in
            let y = b.baseAddress!
            let planes = MutableYUVPlanes(width: w, height: h, y: y, yStride: w, u: y + w * h, uStride: cw, v: y + w * h + cw * ch, vStride: cw)
            do throws(CodecError) { try scaler.scale(frame, into: planes, name: url) } catch { failure = error }
        }
        if let failure { throw failure }
        let key = frame.pointee.key_frame != 0 || frame.pointee.pict_type == AV_PICTURE_TYPE_I
        return LiveVideoFrame(width: w, height: h, presentationTime: time(frame.pointee.best_effort_timestamp, videoTimeBase),
                              isKeyframe: key, i420: bytes)
    }

    private func convertAudio(_ frame: UnsafeMutablePointer<AVFrame>) throws(CodecError) -> [Int16] {
        let f = frame.pointee
        let format = AudioResampler.Format(sampleRate: Int(f.sample_rate), channels: Int(f.ch_layout.nb_channels))
        guard format.sampleRate > 0, format.channels > 0 else { return [] }
        if resampler == nil || resampler!.input != format {
            resampler = try AudioResampler(from: format, sampleFormat: AVSampleFormat(rawValue: f.format),
                                           layout: withUnsafePointer(to: &frame.pointee.ch_layout) { $0 }, to: audioFormat)
        }
        let planes = UnsafeMutableRawPointer(f.extended_data).map { $0.assumingMemoryBound(to: UnsafePointer<UInt8>?.self) }
        return try resampler!.convert(planes: planes, frames: f.nb_samples)
    }

    /// Frees all FFmpeg state and closes the connection (idempotent).
    public func release() {
        scaler.release()
        if frame != nil { av_frame_free(&frame) }
        if packet != nil { av_packet_free(&packet) }
        if video != nil { avcodec_free_context(&video) }
        if audio != nil { avcodec_free_context(&audio) }
        container?.close()
        container = nil
        resampler = nil
    }
}
