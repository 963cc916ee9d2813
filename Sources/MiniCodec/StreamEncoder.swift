import CFFmpeg
import CYUV

/// One encoder feeding one stream of a muxer. Internal to the recorder.
final class StreamEncoder {
    let cc: UnsafeMutablePointer<AVCodecContext>
    let stream: UnsafeMutablePointer<AVStream>
    var frame: UnsafeMutablePointer<AVFrame>?
    let packet: UnsafeMutablePointer<AVPacket>
    /// Ticks (encoder time base) one packet lasts.
    let packetDuration: Int64

    private init(cc: UnsafeMutablePointer<AVCodecContext>, stream: UnsafeMutablePointer<AVStream>, frame: UnsafeMutablePointer<AVFrame>?,
                 packet: UnsafeMutablePointer<AVPacket>, packetDuration: Int64) {
        self.cc = cc
        self.stream = stream
        self.frame = frame
        self.packet = packet
        self.packetDuration = packetDuration
    }

    deinit {
        var c: UnsafeMutablePointer<AVCodecContext>? = cc
        avcodec_free_context(&c)
        if frame != nil { av_frame_free(&frame) }
        var p: UnsafeMutablePointer<AVPacket>? = packet
        av_packet_free(&p)
    }

    static let videoTimeBase = AVRational(num: 1, den: 90_000)

    /// H.264 through libx264: fixed keyframe interval (no scene-cut keyframes), no B-frames.
    static func video(_ s: VideoEncodeSettings, muxer oc: UnsafeMutablePointer<AVFormatContext>) throws(CodecError) -> StreamEncoder {
        guard let codec = avcodec_find_encoder_by_name("libx264") else { throw .encoder("libx264 is not available") }
        let (cc, stream, packet) = try allocate(codec, muxer: oc)
        cc.pointee.width = Int32(s.width)
        cc.pointee.height = Int32(s.height)
        cc.pointee.pix_fmt = AV_PIX_FMT_YUV420P
        cc.pointee.time_base = videoTimeBase
        cc.pointee.framerate = AVRational(num: Int32(s.frameRate), den: 1)
        cc.pointee.gop_size = Int32(s.gop)
        cc.pointee.keyint_min = Int32(s.gop)
        cc.pointee.max_b_frames = 0
        cc.pointee.thread_count = 2
        if let b = s.bitRate { cc.pointee.bit_rate = Int64(b) } else { av_opt_set(cc.pointee.priv_data, "crf", "23", 0) }
        av_opt_set(cc.pointee.priv_data, "preset", s.preset, 0)
        av_opt_set(cc.pointee.priv_data, "x264-params", "scenecut=0", 0)
        let enc = try finishOpen(codec, cc, stream, packet, muxer: oc, packetDuration: Int64(90_000 / s.frameRate))
        guard let f = av_frame_alloc() else { throw .encoder("out of memory") }
        enc.frame = f
        f.pointee.format = AV_PIX_FMT_YUV420P.rawValue
        f.pointee.width = Int32(s.width)
        f.pointee.height = Int32(s.height)
        let r = av_frame_get_buffer(f, 0)
        guard r >= 0 else { throw .encoder("cannot allocate a video frame: \(ffmpegErrorString(r))") }
        return enc
    }

    /// AAC-LC through FFmpeg's native encoder (planar float input).
    static func audio(_ s: AudioEncodeSettings, muxer oc: UnsafeMutablePointer<AVFormatContext>) throws(CodecError) -> StreamEncoder {
        guard let codec = avcodec_find_encoder(AV_CODEC_ID_AAC) else { throw .encoder("the AAC encoder is not available") }
        let (cc, stream, packet) = try allocate(codec, muxer: oc)
        cc.pointee.sample_fmt = AV_SAMPLE_FMT_FLTP
        cc.pointee.sample_rate = Int32(s.sampleRate)
        av_channel_layout_default(&cc.pointee.ch_layout, Int32(s.channels))
        cc.pointee.bit_rate = Int64(s.bitRate)
        cc.pointee.time_base = AVRational(num: 1, den: Int32(s.sampleRate))
        return try finishOpen(codec, cc, stream, packet, muxer: oc, packetDuration: 1024)
    }

    static func allocate(_ codec: UnsafePointer<AVCodec>, muxer oc: UnsafeMutablePointer<AVFormatContext>) throws(CodecError)
        -> (UnsafeMutablePointer<AVCodecContext>, UnsafeMutablePointer<AVStream>, UnsafeMutablePointer<AVPacket>)
    {
        guard let stream = avformat_new_stream(oc, nil), let cc = avcodec_alloc_context3(codec) else { throw .encoder("out of memory") }
        guard let packet = av_packet_alloc() else {
            var c: UnsafeMutablePointer<AVCodecContext>? = cc
            avcodec_free_context(&c)
            throw .encoder("out of memory")
        }
        return (cc, stream, packet)
    }

    static func finishOpen(
        _ codec: UnsafePointer<AVCodec>, _ cc: UnsafeMutablePointer<AVCodecContext>, _ stream: UnsafeMutablePointer<AVStream>,
        _ packet: UnsafeMutablePointer<AVPacket>, muxer oc: UnsafeMutablePointer<AVFormatContext>, packetDuration: Int64
    ) throws(CodecError) -> StreamEncoder {
        let enc = StreamEncoder(cc: cc, stream: stream, frame: nil, packet: packet, packetDuration: packetDuration)
        if oc.pointee.oformat.pointee.flags & cffmpeg_fmt_globalheader() != 0 {
            cc.pointee.flags |= cffmpeg_codec_flag_global_header()
        }
        var r = avcodec_open2(cc, codec, nil)
        guard r >= 0 else { throw .encoder("cannot open \(String(cString: codec.pointee.name)): \(ffmpegErrorString(r))") }
        r = avcodec_parameters_from_context(stream.pointee.codecpar, cc)
        guard r >= 0 else { throw .encoder("cannot describe the stream: \(ffmpegErrorString(r))") }
        stream.pointee.time_base = cc.pointee.time_base
        return enc
    }

    /// Copies (or mirrors) an I420 image into the encoder's frame.
    func load(_ p: YUVPlanes, mirror: Bool) throws(CodecError) {
        guard let f = frame else { throw .encoder("not a video encoder") }
        let r = av_frame_make_writable(f)
        guard r >= 0 else { throw .encoder("frame not writable: \(ffmpegErrorString(r))") }
        guard p.width == Int(f.pointee.width), p.height == Int(f.pointee.height) else {
            throw .invalidArgument("frame is \(p.width)x\(p.height), the recording \(f.pointee.width)x\(f.pointee.height)")
        }
        let d = f.pointee
        let fn = mirror ? I420Mirror : I420Copy
        let ok = fn(p.y, Int32(p.yStride), p.u, Int32(p.uStride), p.v, Int32(p.vStride),
                    d.data.0, d.linesize.0, d.data.1, d.linesize.1, d.data.2, d.linesize.2, Int32(p.width), Int32(p.height))
        guard ok == 0 else { throw .encoder("cannot copy the frame") }
    }

    /// Sends a frame (nil: flush) and hands every packet that comes out to `write`.
    func encode(_ frame: UnsafeMutablePointer<AVFrame>?, write: (UnsafeMutablePointer<AVPacket>) throws(CodecError) -> Void) throws(CodecError) {
        var r = avcodec_send_frame(cc, frame)
        if r == cffmpeg_averror_eof() { return }
        guard r >= 0 else { throw .encoder("cannot encode: \(ffmpegErrorString(r))") }
        while true {
            r = avcodec_receive_packet(cc, packet)
            if r == cffmpeg_averror_eagain() || r == cffmpeg_averror_eof() { return }
            guard r >= 0 else { throw .encoder("cannot encode: \(ffmpegErrorString(r))") }
            if packet.pointee.duration <= 0 { packet.pointee.duration = packetDuration }
            av_packet_rescale_ts(packet, cc.pointee.time_base, stream.pointee.time_base)
            packet.pointee.stream_index = stream.pointee.index
            try write(packet)
        }
    }
}
