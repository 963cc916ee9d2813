import CFFmpeg

/// Converts PCM between rates, channel counts and sample formats with swresample.
/// MiniCodec's two shapes: interleaved signed 16-bit (what microphones deliver) and planar
/// float (what the AAC encoder takes). Not thread-safe.
public final class AudioResampler: @unchecked Sendable {
    /// A PCM sample layout.
    public struct Format: Sendable, Equatable {
        public var sampleRate: Int
        public var channels: Int
        public init(sampleRate: Int, channels: Int) {
            self.sampleRate = sampleRate
            self.channels = channels
        }
    }

    public let input: Format
    public let output: Format
    private var swr: OpaquePointer?
    private let inputSampleFormat: AVSampleFormat

    /// Interleaved S16 in, interleaved S16 out.
    public convenience init(from input: Format, to output: Format) throws(CodecError) {
        try self.init(from: input, sampleFormat: AV_SAMPLE_FMT_S16, to: output)
    }

    init(from input: Format, sampleFormat: AVSampleFormat, layout: UnsafePointer<AVChannelLayout>? = nil, to output: Format,
         outputFormat: AVSampleFormat = AV_SAMPLE_FMT_S16) throws(CodecError) {
        for f in [input, output] {
            guard (1...8).contains(f.channels), (1_000...384_000).contains(f.sampleRate) else {
                throw .invalidArgument("audio format \(f.sampleRate) Hz × \(f.channels) channels is out of range")
            }
        }
        self.input = input
        self.output = output
        inputSampleFormat = sampleFormat
        var inLayout = AVChannelLayout()
        var outLayout = AVChannelLayout()
        if let layout, layout.pointee.nb_channels == Int32(input.channels) {
            av_channel_layout_copy(&inLayout, layout)
        } else {
            av_channel_layout_default(&inLayout, Int32(input.channels))
        }
        av_channel_layout_default(&outLayout, Int32(output.channels))
        defer {
            av_channel_layout_uninit(&inLayout)
            av_channel_layout_uninit(&outLayout)
        }
        var s: OpaquePointer? = nil
        var r = swr_alloc_set_opts2(&s, &outLayout, outputFormat, Int32(output.sampleRate), &inLayout, sampleFormat,
                                    Int32(input.sampleRate), 0, nil)
        if r >= 0 { r = swr_init(s) }
        guard r >= 0, s != nil else {
            swr_free(&s)
            throw .invalidArgument("cannot convert audio: \(ffmpegErrorString(r))")
        }
        swr = s
    }

    deinit { swr_free(&swr) }

    /// Converts interleaved S16 samples (`count` frames × channels) and returns the
    /// interleaved S16 output produced so far (swresample may hold a few samples back).
    public func convert(_ samples: UnsafeBufferPointer<Int16>) throws(CodecError) -> [Int16] {
        guard inputSampleFormat == AV_SAMPLE_FMT_S16 else { throw .invalidArgument("resampler does not take S16") }
        let frames = samples.count / input.channels
        let capacity = Int(swr_get_out_samples(swr, Int32(frames))) + 16
        var out = [Int16](repeating: 0, count: capacity * output.channels)
        let produced = out.withUnsafeMutableBytes { o -> Int32 in
            var dst: UnsafeMutablePointer<UInt8>? = o.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var src: UnsafePointer<UInt8>? = samples.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
            return swr_convert(swr, &dst, Int32(capacity), &src, Int32(frames))
        }
        guard produced >= 0 else { throw .invalidArgument("audio conversion failed: \(ffmpegErrorString(produced))") }
        out.removeSubrange((Int(produced) * output.channels)...)
        return out
    }

    /// Converts planes of any input format (a decoded frame's `extended_data`) to S16 interleaved.
    func convert(planes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?, frames: Int32) throws(CodecError) -> [Int16] {
        let capacity = Int(swr_get_out_samples(swr, frames)) + 16
        var out = [Int16](repeating: 0, count: capacity * output.channels)
        let produced = out.withUnsafeMutableBytes { o -> Int32 in
            var dst: UnsafeMutablePointer<UInt8>? = o.baseAddress?.assumingMemoryBound(to: UInt8.self)
            return swr_convert(swr, &dst, Int32(capacity), planes, frames)
        }
        guard produced >= 0 else { throw .invalidArgument("audio conversion failed: \(ffmpegErrorString(produced))") }
        out.removeSubrange((Int(produced) * output.channels)...)
        return out
    }

    /// Converts interleaved S16 to planar float for an encoder: one array per output channel.
    func convertToPlanarFloat(_ samples: UnsafeBufferPointer<Int16>) throws(CodecError) -> [[Float]] {
        let frames = samples.count / input.channels
        let capacity = Int(swr_get_out_samples(swr, Int32(frames))) + 16
        let storage = UnsafeMutablePointer<Float>.allocate(capacity: capacity * output.channels)
        defer { storage.deallocate() }
        var dst = [UnsafeMutablePointer<UInt8>?](repeating: nil, count: 8)
        for c in 0..<output.channels {
            dst[c] = UnsafeMutableRawPointer(storage + c * capacity).assumingMemoryBound(to: UInt8.self)
        }
        var src: UnsafePointer<UInt8>? = samples.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: UInt8.self) }
        let produced = swr_convert(swr, &dst, Int32(capacity), &src, Int32(frames))
        guard produced >= 0 else { throw .invalidArgument("audio conversion failed: \(ffmpegErrorString(produced))") }
        return (0..<output.channels).map { c in Array(UnsafeBufferPointer(start: storage + c * capacity, count: Int(produced))) }
    }
}
