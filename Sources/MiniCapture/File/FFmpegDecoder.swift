import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// Result of one decode step.
enum DecodeOutcome {
    /// A frame was written; its timestamp in stream time-base units, if known.
    case frame(pts: Int64?)
    /// No more frames until `rewind()`.
    case endOfStream
}

/// Thin owner of libavformat/libavcodec/libswscale state for one video stream; decodes frames
/// and converts them to I420 at the source size. Not thread-safe (used under the camera's lock).
final class FFmpegDecoder {
    let path: String
    private(set) var width = 0
    private(set) var height = 0
    /// Frames per second declared by the container, if any.
    private(set) var nominalFrameRate: Double?
    /// Stream time base as (num, den).
    private(set) var timeBase = (num: Int32(1), den: Int32(1))

    private var formatContext: UnsafeMutablePointer<AVFormatContext>?
    private var codecContext: UnsafeMutablePointer<AVCodecContext>?
    private var packet: UnsafeMutablePointer<AVPacket>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var sws: OpaquePointer?
    private var swsSource = (w: Int32(0), h: Int32(0), fmt: Int32(-1))
    private var streamIndex: Int32 = -1
    private var startTime: Int64 = 0
    private var draining = false

    private static let configureLogging: Void = {
        av_log_set_level(cffmpeg_log_error())
    }()

    init(path: String) throws(CameraError) {
        self.path = path
        _ = Self.configureLogging
        if access(path, F_OK) != 0 { throw .fileNotFound(path) }
        if access(path, R_OK) != 0 { throw .unsupportedMedia(path: path, reason: "file is not readable") }
        do {
            try openAll()
        } catch {
            release()
            throw error
        }
    }

    deinit {
        release()
    }

    private func fail(_ reason: String) -> CameraError {
        .unsupportedMedia(path: path, reason: reason)
    }

    private func openAll() throws(CameraError) {
        var fc: UnsafeMutablePointer<AVFormatContext>? = nil
        var r = avformat_open_input(&fc, path, nil, nil)
        guard r >= 0, let fc else { throw fail("cannot open container: \(ffmpegErrorString(r))") }
        formatContext = fc
        r = avformat_find_stream_info(fc, nil)
        guard r >= 0 else { throw fail("cannot read stream info: \(ffmpegErrorString(r))") }
        let idx = av_find_best_stream(fc, AVMEDIA_TYPE_VIDEO, -1, -1, nil, 0)
        guard idx >= 0, let stream = fc.pointee.streams[Int(idx)] else { throw fail("no video stream") }
        streamIndex = idx
        guard let par = stream.pointee.codecpar else { throw fail("no codec parameters") }
        guard let codec = avcodec_find_decoder(par.pointee.codec_id) else { throw fail("no decoder for codec id \(par.pointee.codec_id.rawValue)") }
        guard let cc = avcodec_alloc_context3(codec) else { throw fail("out of memory") }
        codecContext = cc
        r = avcodec_parameters_to_context(cc, par)
        guard r >= 0 else { throw fail("bad codec parameters: \(ffmpegErrorString(r))") }
        cc.pointee.thread_count = 1
        r = avcodec_open2(cc, codec, nil)
        guard r >= 0 else { throw fail("cannot open decoder: \(ffmpegErrorString(r))") }
        packet = av_packet_alloc()
        frame = av_frame_alloc()
        guard packet != nil, frame != nil else { throw fail("out of memory") }
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
    func duration(ofTicks ticks: Int64) -> Duration {
        let ns = av_rescale_q(ticks, AVRational(num: timeBase.num, den: timeBase.den), AVRational(num: 1, den: 1_000_000_000))
        return .nanoseconds(ns)
    }

    /// Decodes the next frame into `buffer` (I420, decoder's size).
    func decodeNext(into buffer: FrameBuffer) throws(CameraError) -> DecodeOutcome {
        guard let cc = codecContext, let fc = formatContext, let packet, let frame else { throw fail("decoder closed") }
        let eagain = cffmpeg_averror_eagain(), eof = cffmpeg_averror_eof()
        var badPackets = 0
        while true {
            let r = avcodec_receive_frame(cc, frame)
            if r == 0 {
                defer { av_frame_unref(frame) }
                try convert(frame, into: buffer)
                let pts = frame.pointee.best_effort_timestamp
                return .frame(pts: pts == cffmpeg_nopts_value() ? nil : pts)
            }
            if r == eof { return .endOfStream }
            guard r == eagain else { throw fail("decode error: \(ffmpegErrorString(r))") }
            if draining { return .endOfStream }
            let rr = av_read_frame(fc, packet)
            if rr < 0 {
                // End of file (or unreadable tail): flush the decoder.
                draining = true
                _ = avcodec_send_packet(cc, nil)
                continue
            }
            if packet.pointee.stream_index == streamIndex {
                let s = avcodec_send_packet(cc, packet)
                if s < 0 && s != eagain {
                    badPackets += 1
                    if badPackets > 64 {
                        av_packet_unref(packet)
                        throw fail("too many undecodable packets: \(ffmpegErrorString(s))")
                    }
                }
            }
            av_packet_unref(packet)
        }
    }

    /// Seeks back to the first frame.
    func rewind() throws(CameraError) {
        guard let cc = codecContext, let fc = formatContext else { throw fail("decoder closed") }
        var r = av_seek_frame(fc, streamIndex, startTime, cffmpeg_seek_flag_backward())
        if r < 0 {
            r = avformat_seek_file(fc, streamIndex, Int64.min, startTime, startTime, 0)
        }
        guard r >= 0 else { throw fail("cannot seek to start for looping: \(ffmpegErrorString(r))") }
        avcodec_flush_buffers(cc)
        draining = false
    }

    private func convert(_ frame: UnsafeMutablePointer<AVFrame>, into buffer: FrameBuffer) throws(CameraError) {
        let f = frame.pointee
        guard f.width > 0, f.height > 0, f.format >= 0 else { throw fail("decoder produced an invalid frame") }
        if sws == nil || swsSource != (f.width, f.height, f.format) {
            if let s = sws { sws_freeContext(s) }
            sws = sws_getContext(f.width, f.height, AVPixelFormat(rawValue: f.format), Int32(buffer.width), Int32(buffer.height),
                                 AV_PIX_FMT_YUV420P, cffmpeg_sws_bilinear(), nil, nil, nil)
            swsSource = (f.width, f.height, f.format)
            guard sws != nil else { throw fail("unsupported pixel format \(f.format)") }
        }
        let planes = buffer.planes
        var dst: (UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?, UnsafeMutablePointer<UInt8>?) =
            (planes[0].mutableBaseAddress.assumingMemoryBound(to: UInt8.self),
             planes[1].mutableBaseAddress.assumingMemoryBound(to: UInt8.self),
             planes[2].mutableBaseAddress.assumingMemoryBound(to: UInt8.self), nil)
        var dstStride: (Int32, Int32, Int32, Int32) = (Int32(planes[0].bytesPerRow), Int32(planes[1].bytesPerRow), Int32(planes[2].bytesPerRow), 0)
        var srcData = f.data
        var srcStride = f.linesize
        let h = withUnsafePointer(to: &srcData) { sd in
            sd.withMemoryRebound(to: UnsafePointer<UInt8>?.self, capacity: 8) { src in
                withUnsafePointer(to: &srcStride) { ss in
                    ss.withMemoryRebound(to: Int32.self, capacity: 8) { srcS in
                        withUnsafePointer(to: &dst) { dp in
                            dp.withMemoryRebound(to: UnsafeMutablePointer<UInt8>?.self, capacity: 4) { d in
                                withUnsafePointer(to: &dstStride) { dsp in
                                    dsp.withMemoryRebound(to: Int32.self, capacity: 4) { ds in
                                        sws_scale(sws, src, srcS, 0, f.height, d, ds)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        guard h > 0 else { throw fail("pixel conversion failed") }
    }

    /// Frees all FFmpeg state (idempotent).
    func release() {
        if let s = sws { sws_freeContext(s); sws = nil }
        if frame != nil { av_frame_free(&frame) }
        if packet != nil { av_packet_free(&packet) }
        if codecContext != nil { avcodec_free_context(&codecContext) }
        if formatContext != nil { avformat_close_input(&formatContext) }
    }
}
