import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// What a remux copied.
public struct RemuxSummary: Sendable, Equatable {
    public var videoPackets: Int
    public var audioPackets: Int
    /// End of the last video packet (pts + duration) from the first one.
    public var videoDuration: Duration
    /// Whether the input ended early (a truncated fragment from a crash) and its tail was dropped.
    public var truncated: Bool
}

/// Copies the audio and video packets of a (possibly truncated) MP4 into a normal MP4 with its
/// index in front (`+faststart`), without re-encoding.
public enum MP4Remuxer {
    /// Remuxes `input` into `output` (written as `output.part` and renamed in). Packets after
    /// the first unreadable or damaged one are dropped; at least one video packet must survive.
    @discardableResult
    public static func remux(from input: String, to output: String) throws(CodecError) -> RemuxSummary {
        let container = try InputContainer(.file(input))
        guard let ic = container.context else { throw .unreadable(path: input, reason: "closed") }
        let staging = output + ".part"
        var oc: UnsafeMutablePointer<AVFormatContext>? = nil
        var r = avformat_alloc_output_context2(&oc, nil, "mp4", staging)
        guard r >= 0, let oc else { throw .output(path: output, reason: "cannot create the muxer: \(ffmpegErrorString(r))") }
        var opened = false
        defer {
            if opened { avio_closep(&oc.pointee.pb) }
            avformat_free_context(oc)
        }
        // Input stream index → output stream index (video and audio only).
        var map = [Int32](repeating: -1, count: Int(ic.pointee.nb_streams))
        var videoIn: Int32 = -1
        for i in 0..<Int(ic.pointee.nb_streams) {
            guard let st = ic.pointee.streams[i], let par = st.pointee.codecpar else { continue }
            let type = par.pointee.codec_type
            guard type == AVMEDIA_TYPE_VIDEO || type == AVMEDIA_TYPE_AUDIO else { continue }
            guard let out = avformat_new_stream(oc, nil) else { throw .output(path: output, reason: "out of memory") }
            r = avcodec_parameters_copy(out.pointee.codecpar, par)
            guard r >= 0 else { throw .output(path: output, reason: "cannot copy the stream: \(ffmpegErrorString(r))") }
            out.pointee.codecpar.pointee.codec_tag = 0
            out.pointee.time_base = st.pointee.time_base
            map[i] = out.pointee.index
            if type == AVMEDIA_TYPE_VIDEO && videoIn < 0 { videoIn = Int32(i) }
        }
        guard videoIn >= 0 else { throw .noStream(path: input, kind: "video") }
        r = avio_open(&oc.pointee.pb, staging, cffmpeg_avio_flag_write())
        guard r >= 0 else { throw .output(path: output, reason: "cannot open: \(ffmpegErrorString(r))") }
        opened = true
        var options: OpaquePointer? = nil
        av_dict_set(&options, "movflags", "+faststart", 0)
        r = avformat_write_header(oc, &options)
        av_dict_free(&options)
        guard r >= 0 else {
            unlink(staging)
            throw .output(path: output, reason: "cannot write the header: \(ffmpegErrorString(r))")
        }
        guard let pkt = av_packet_alloc() else { throw .output(path: output, reason: "out of memory") }
        var pp: UnsafeMutablePointer<AVPacket>? = pkt
        defer { av_packet_free(&pp) }
        var summary = RemuxSummary(videoPackets: 0, audioPackets: 0, videoDuration: .zero, truncated: false)
        var firstVideo: Int64?
        var videoEnd: Int64 = 0
        let videoTB = ic.pointee.streams[Int(videoIn)]!.pointee.time_base
        while true {
            let rr = av_read_frame(ic, pkt)
            if rr < 0 {
                summary.truncated = rr != cffmpeg_averror_eof()
                break
            }
            defer { av_packet_unref(pkt) }
            let inIndex = Int(pkt.pointee.stream_index)
            guard inIndex < map.count, map[inIndex] >= 0 else { continue }
            if pkt.pointee.flags & cffmpeg_pkt_flag_corrupt() != 0 {
                summary.truncated = true
                break
            }
            let inStream = ic.pointee.streams[inIndex]!
            if Int32(inIndex) == videoIn {
                summary.videoPackets += 1
                let pts = pkt.pointee.pts != cffmpeg_nopts_value() ? pkt.pointee.pts : pkt.pointee.dts
                if firstVideo == nil { firstVideo = pts }
                videoEnd = max(videoEnd, pts + max(pkt.pointee.duration, 0))
            } else {
                summary.audioPackets += 1
            }
            let outStream = oc.pointee.streams[Int(map[inIndex])]!
            av_packet_rescale_ts(pkt, inStream.pointee.time_base, outStream.pointee.time_base)
            pkt.pointee.stream_index = map[inIndex]
            pkt.pointee.pos = -1
            let w = av_interleaved_write_frame(oc, pkt)
            guard w >= 0 else {
                unlink(staging)
                throw .output(path: output, reason: "cannot write: \(ffmpegErrorString(w))")
            }
        }
        guard summary.videoPackets > 0 else {
            unlink(staging)
            throw .unreadable(path: input, reason: "no complete video frames")
        }
        r = av_write_trailer(oc)
        guard r >= 0 else {
            unlink(staging)
            throw .output(path: output, reason: "cannot finish: \(ffmpegErrorString(r))")
        }
        avio_closep(&oc.pointee.pb)
        opened = false
        guard rename(staging, output) == 0 else {
            unlink(staging)
            throw .output(path: output, reason: "cannot move into place (errno \(errno))")
        }
        let ticks = videoEnd - (firstVideo ?? 0)
        summary.videoDuration = .nanoseconds(av_rescale_q(ticks, videoTB, AVRational(num: 1, den: 1_000_000_000)))
        return summary
    }
}
