import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// Where a demuxer reads from.
///
/// `.file` opens a local file with FFmpeg's `file` protocol only and a whitelist of plain
/// container formats, so a crafted file (an HLS or concat playlist named `.mp4`) cannot make
/// FFmpeg open other files or the network. `.url` is the hook for streamed inputs (the caller
/// checks the URL against the app's network policy first and resolves its redirects); only
/// http/https (files, HLS, HTTP-FLV) and rtmp (live streams) are allowed. FFmpeg follows no
/// redirect of an http(s) input, and every nested open (HLS playlists, segments, keys) must stay
/// on the url's origin (`StreamOriginGuard`).
public enum MediaInput: Sendable, Hashable, CustomStringConvertible {
    case file(String)
    case url(String)
    /// An open regular file the caller keeps open while the demuxer reads it (read with
    /// `pread`; FFmpeg opens nothing). `name` is used in messages.
    case descriptor(Int32, name: String)

    /// Container formats a `.file` input may be (FFmpeg demuxer names).
    public static let fileFormats =
        "mov,mp4,m4a,3gp,3g2,mj2,matroska,webm,avi,flv,mpegts,mp3,wav,ogg,aac,flac,h264,hevc,m4v,mjpeg,image2,"
        + "png_pipe,jpeg_pipe,webp_pipe,bmp_pipe,gif,gif_pipe,tiff_pipe,y4m"

    public var description: String {
        switch self {
        case .file(let p): return p
        case .url(let u): return u
        case .descriptor(_, let name): return name
        }
    }
}

/// An open input container (libavformat), shared by the video and audio decoders.
/// Not thread-safe: owners serialise access.
final class InputContainer {
    let input: MediaInput
    private(set) var context: UnsafeMutablePointer<AVFormatContext>?
    /// The reader of a `.descriptor` input (freed after the format context).
    private var io: DescriptorIO?
    /// Kept alive as long as the format context may call it.
    private var interrupt: LiveInterrupt?
    /// Keeps an http(s) stream's nested opens (HLS playlists, segments) on its origin.
    private var originGuard: StreamOriginGuard?

    /// - Parameters:
    ///   - interrupt: stops a blocking open or read of a network input (stop, deadline).
    ///   - live: probe a live stream briefly (0.5 s of analysis) instead of FFmpeg's default 5 s.
    init(_ input: MediaInput, interrupt: LiveInterrupt? = nil, live: Bool = false) throws(CodecError) {
        self.input = input
        _ = FFmpegLogging.configure
        let name = input.description
        self.interrupt = interrupt
        var options: OpaquePointer? = nil
        defer { av_dict_free(&options) }
        switch input {
        case .file(let path):
            if access(path, F_OK) != 0 { throw .fileNotFound(path) }
            if access(path, R_OK) != 0 { throw .unreadable(path: path, reason: "file is not readable") }
            av_dict_set(&options, "protocol_whitelist", "file", 0)
            av_dict_set(&options, "format_whitelist", MediaInput.fileFormats, 0)
        case .url(let url):
            guard url.hasPrefix("https://") || url.hasPrefix("http://") || url.hasPrefix("rtmp://") else {
                throw .invalidArgument("only http, https and rtmp URLs can be read")
            }
            av_dict_set(&options, "protocol_whitelist", url.hasPrefix("rtmp://") ? "rtmp,tcp" : "http,https,tcp,tls,crypto", 0)
            // FFmpeg's http follows no redirect: the caller resolved them, each hop checked
            // (MiniNet's `NetworkAccess.streamLocation`); one now would go unchecked.
            if !url.hasPrefix("rtmp://") { av_dict_set(&options, "max_redirects", "0", 0) }
            // A read that gets nothing for 5 s fails (microseconds; FFmpeg's generic URL option).
            av_dict_set(&options, "rw_timeout", "5000000", 0)
            if live {
                av_dict_set(&options, "analyzeduration", "500000", 0)
                av_dict_set(&options, "probesize", "262144", 0)
            }
        case .descriptor(let fd, _):
            io = try DescriptorIO(fd: fd)
            av_dict_set(&options, "format_whitelist", MediaInput.fileFormats, 0)
        }
        var fc: UnsafeMutablePointer<AVFormatContext>? = nil
        if let io {
            fc = avformat_alloc_context()
            guard let c = fc else { throw .unreadable(path: name, reason: "out of memory") }
            c.pointee.pb = io.context
            c.pointee.flags |= cffmpeg_fmt_flag_custom_io()
        } else if case .url(let url) = input {
            fc = avformat_alloc_context()
            guard let c = fc else { throw .unreadable(path: name, reason: "out of memory") }
            if let interrupt { c.pointee.interrupt_callback = AVIOInterruptCB(callback: liveInterruptCallback, opaque: interrupt.opaque) }
            if !url.hasPrefix("rtmp://"), let origin = StreamOriginGuard.origin(of: url) {
                let g = StreamOriginGuard(origin: origin)
                originGuard = g
                if defaultIOOpen == nil { defaultIOOpen = c.pointee.io_open }
                c.pointee.opaque = Unmanaged.passUnretained(g).toOpaque()
                c.pointee.io_open = guardedIOOpen
            }
        }
        var r = avformat_open_input(&fc, io == nil ? name : "", nil, &options)
        guard r >= 0, let fc else { throw .unreadable(path: name, reason: "cannot open container: \(ffmpegErrorString(r))") }
        context = fc
        r = avformat_find_stream_info(fc, nil)
        guard r >= 0 else {
            close()
            throw .unreadable(path: name, reason: "cannot read stream info: \(ffmpegErrorString(r))")
        }
    }

    deinit { close() }

    var name: String { input.description }

    /// The best stream of a kind, or nil.
    func bestStream(_ type: AVMediaType) -> (index: Int32, stream: UnsafeMutablePointer<AVStream>)? {
        guard let fc = context else { return nil }
        let idx = av_find_best_stream(fc, type, -1, -1, nil, 0)
        guard idx >= 0, let s = fc.pointee.streams[Int(idx)] else { return nil }
        if type == AVMEDIA_TYPE_VIDEO, s.pointee.disposition & cffmpeg_disposition_attached_pic() != 0 { return nil }
        return (idx, s)
    }

    /// Opens a decoder for a stream (single-threaded unless `threads` says otherwise).
    func openDecoder(for stream: UnsafeMutablePointer<AVStream>, threads: Int32 = 1) throws(CodecError) -> UnsafeMutablePointer<AVCodecContext> {
        guard let par = stream.pointee.codecpar else { throw .unreadable(path: name, reason: "no codec parameters") }
        guard let codec = avcodec_find_decoder(par.pointee.codec_id) else {
            throw .unreadable(path: name, reason: "no decoder for codec id \(par.pointee.codec_id.rawValue)")
        }
        guard let cc = avcodec_alloc_context3(codec) else { throw .unreadable(path: name, reason: "out of memory") }
        var r = avcodec_parameters_to_context(cc, par)
        if r >= 0 {
            cc.pointee.thread_count = threads
            cc.pointee.pkt_timebase = stream.pointee.time_base
            r = avcodec_open2(cc, codec, nil)
        }
        guard r >= 0 else {
            var p: UnsafeMutablePointer<AVCodecContext>? = cc
            avcodec_free_context(&p)
            throw .unreadable(path: name, reason: "cannot open decoder: \(ffmpegErrorString(r))")
        }
        return cc
    }

    func close() {
        if context != nil { avformat_close_input(&context) }
        io = nil
    }
}
