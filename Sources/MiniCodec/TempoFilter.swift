import CFFmpeg

/// Changes the speed of interleaved float PCM without changing its pitch: FFmpeg's `atempo`
/// filter (libavfilter: abuffer → atempo → abuffersink). Tempo 0.5…2.0. Not thread-safe.
public final class TempoFilter: @unchecked Sendable {
    public let tempo: Double
    public let sampleRate: Int
    public let channels: Int
    private var graph: UnsafeMutablePointer<AVFilterGraph>?
    private var source: UnsafeMutablePointer<AVFilterContext>?
    private var sink: UnsafeMutablePointer<AVFilterContext>?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var flushed = false

    /// A filter for `channels` × `sampleRate` interleaved floats at `tempo` (0.5…2.0).
    public init(tempo: Double, sampleRate: Int, channels: Int) throws(CodecError) {
        guard (0.5...2.0).contains(tempo) else { throw .invalidArgument("tempo \(tempo) is outside 0.5...2.0") }
        guard (1...8).contains(channels), (1_000...384_000).contains(sampleRate) else {
            throw .invalidArgument("audio format \(sampleRate) Hz × \(channels) channels is out of range")
        }
        self.tempo = tempo
        self.sampleRate = sampleRate
        self.channels = channels
        _ = FFmpegLogging.configure
        var layout = AVChannelLayout()
        av_channel_layout_default(&layout, Int32(channels))
        defer { av_channel_layout_uninit(&layout) }
        var name = [CChar](repeating: 0, count: 64)
        _ = av_channel_layout_describe(&layout, &name, name.count)
        let layoutName = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        graph = avfilter_graph_alloc()
        frame = av_frame_alloc()
        guard let graph, frame != nil else {
            release()
            throw .invalidArgument("cannot allocate the tempo filter")
        }
        var r: Int32 = 0
        var src: UnsafeMutablePointer<AVFilterContext>? = nil
        var mid: UnsafeMutablePointer<AVFilterContext>? = nil
        var out: UnsafeMutablePointer<AVFilterContext>? = nil
        r = avfilter_graph_create_filter(&src, avfilter_get_by_name("abuffer"), "in",
                                         "sample_rate=\(sampleRate):sample_fmt=flt:channel_layout=\(layoutName):time_base=1/\(sampleRate)", nil, graph)
        if r >= 0 { r = avfilter_graph_create_filter(&mid, avfilter_get_by_name("atempo"), "tempo", "tempo=\(tempo)", nil, graph) }
        if r >= 0 { r = avfilter_graph_create_filter(&out, avfilter_get_by_name("abuffersink"), "out", nil, nil, graph) }
        if r >= 0 { r = avfilter_link(src, 0, mid, 0) }
        if r >= 0 { r = avfilter_link(mid, 0, out, 0) }
        if r >= 0 { r = avfilter_graph_config(graph, nil) }
        guard r >= 0, src != nil, out != nil else {
            release()
            throw .invalidArgument("cannot set up atempo: \(ffmpegErrorString(r))")
        }
        source = src
        sink = out
    }

    deinit { release() }

    /// Feeds `samples` (interleaved) and returns what the filter produced so far.
    public func process(_ samples: UnsafeBufferPointer<Float>) throws(CodecError) -> [Float] {
        let frames = samples.count / channels
        guard frames > 0 else { return [] }
        guard let source, let frame, !flushed else { throw .invalidArgument("tempo filter closed") }
        av_frame_unref(frame)
        frame.pointee.format = AV_SAMPLE_FMT_FLT.rawValue
        frame.pointee.sample_rate = Int32(sampleRate)
        frame.pointee.nb_samples = Int32(frames)
        av_channel_layout_default(&frame.pointee.ch_layout, Int32(channels))
        var r = av_frame_get_buffer(frame, 0)
        guard r >= 0, let data = frame.pointee.data.0 else { throw .invalidArgument("tempo filter: \(ffmpegErrorString(r))") }
        UnsafeMutableRawPointer(data).copyMemory(from: samples.baseAddress!, byteCount: frames * channels * 4)
        r = av_buffersrc_add_frame_flags(source, frame, 0)
        av_frame_unref(frame)
        guard r >= 0 else { throw .invalidArgument("tempo filter: \(ffmpegErrorString(r))") }
        return try drain()
    }

    /// Ends the input and returns the filter's last samples.
    public func flush() throws(CodecError) -> [Float] {
        guard let source, !flushed else { return [] }
        flushed = true
        let r = av_buffersrc_add_frame_flags(source, nil, 0)
        guard r >= 0 else { throw .invalidArgument("tempo filter: \(ffmpegErrorString(r))") }
        return try drain()
    }

    private func drain() throws(CodecError) -> [Float] {
        guard let sink, let frame else { return [] }
        var out: [Float] = []
        while true {
            let r = av_buffersink_get_frame(sink, frame)
            if r == cffmpeg_averror_eagain() || r == cffmpeg_averror_eof() { break }
            guard r >= 0 else { throw .invalidArgument("tempo filter: \(ffmpegErrorString(r))") }
            let n = Int(frame.pointee.nb_samples) * channels
            if let data = frame.pointee.data.0, n > 0 {
                out.append(contentsOf: UnsafeBufferPointer(start: UnsafeRawPointer(data).assumingMemoryBound(to: Float.self), count: n))
            }
            av_frame_unref(frame)
        }
        return out
    }

    private func release() {
        if graph != nil { avfilter_graph_free(&graph) }
        if frame != nil { av_frame_free(&frame) }
        source = nil
        sink = nil
    }
}
