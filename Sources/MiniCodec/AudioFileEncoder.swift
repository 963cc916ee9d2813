import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// The audio-only files a recorder writes: AAC-LC in an m4a (FFmpeg's `aac` + the `ipod`
/// muxer), MP3 (`libmp3lame` + the `mp3` muxer), WAV (`pcm_s16le` + `wav`) and raw PCM
/// (`pcm_s16le` + `s16le`: interleaved signed 16-bit little-endian, no header).
public enum AudioFileFormat: String, Sendable, CaseIterable {
    case aac, mp3, wav, pcm

    /// The temp file's extension.
    public var fileExtension: String {
        switch self {
        case .aac: return "m4a"
        case .mp3: return "mp3"
        case .wav: return "wav"
        case .pcm: return "pcm"
        }
    }

    /// Whether the encoder's packets, concatenated, are a valid stream of this format on their
    /// own (MP3 frames, raw PCM) — what `onFrameRecorded` chunks are cut from.
    public var packetsFormStream: Bool { self == .mp3 || self == .pcm }

    var muxerName: String {
        switch self {
        case .aac: return "ipod"
        case .mp3: return "mp3"
        case .wav: return "wav"
        case .pcm: return "s16le"
        }
    }

    var codecName: String {
        switch self {
        case .aac: return "aac"
        case .mp3: return "libmp3lame"
        case .wav, .pcm: return "pcm_s16le"
        }
    }

    var sampleFormat: AVSampleFormat { self == .aac || self == .mp3 ? AV_SAMPLE_FMT_FLTP : AV_SAMPLE_FMT_S16 }
}

/// How an audio file is encoded. Input is interleaved S16 PCM at `sampleRate` × `channels`.
public struct AudioFileSettings: Sendable, Equatable {
    public var format: AudioFileFormat
    public var sampleRate: Int
    public var channels: Int
    /// Bits per second for AAC and MP3 (WAV and PCM are 16 bits per sample whatever it says).
    public var bitRate: Int

    public init(format: AudioFileFormat, sampleRate: Int = 44_100, channels: Int = 1, bitRate: Int = 128_000) {
        self.format = format
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitRate = bitRate
    }

    func validate() throws(CodecError) {
        guard (8_000...48_000).contains(sampleRate) else { throw .invalidArgument("sample rate \(sampleRate) must be within 8000...48000") }
        guard (1...2).contains(channels) else { throw .invalidArgument("channel count \(channels) must be 1 or 2") }
        guard (8_000...320_000).contains(bitRate) else { throw .invalidArgument("bit rate \(bitRate) must be within 8000...320000") }
    }
}

/// What a finished audio file holds.
public struct AudioFileSummary: Sendable, Equatable {
    /// Sample frames encoded (per channel).
    public var samples: Int
    /// `samples` / rate.
    public var duration: Duration
    /// Bytes written to the file.
    public var bytes: Int64
}

/// Encodes PCM into an audio file through FFmpeg, written through a descriptor the caller owns
/// (see `DescriptorOutput`): feed `append(_:)`, end with `finish()`. `onPacket` sees every
/// encoded packet as it is written (for `onFrameRecorded`): an AAC frame (1024 samples), an
/// MP3 frame (1152) or 20 ms of PCM. One caller at a time.
public final class AudioFileEncoder: @unchecked Sendable {
    public let settings: AudioFileSettings
    private let output: DescriptorOutput
    private var muxer: UnsafeMutablePointer<AVFormatContext>?
    private var encoder: StreamEncoder?
    private var frame: UnsafeMutablePointer<AVFrame>?
    private var frameSize = 1024
    private let onPacket: ((UnsafeRawBufferPointer) -> Void)?
    /// Interleaved samples not encoded yet, from `pendingStart`.
    private var pending: [Int16] = []
    private var pendingStart = 0
    private var pts: Int64 = 0
    private var finished = false

    /// Sample frames encoded so far (per channel; what was appended, less what waits for a
    /// whole codec frame).
    public private(set) var samplesEncoded = 0

    /// Opens the encoder and writes the file's header to `fd` (at its offset 0, with `pwrite`).
    public init(_ settings: AudioFileSettings, fd: Int32, onPacket: ((UnsafeRawBufferPointer) -> Void)? = nil) throws(CodecError) {
        try settings.validate()
        _ = FFmpegLogging.configure
        self.settings = settings
        self.onPacket = onPacket
        output = try DescriptorOutput(fd: fd)
        var oc: UnsafeMutablePointer<AVFormatContext>? = nil
        var r = avformat_alloc_output_context2(&oc, nil, settings.format.muxerName, nil)
        guard r >= 0, let oc else { throw .encoder("cannot create the \(settings.format.muxerName) muxer: \(ffmpegErrorString(r))") }
        muxer = oc
        oc.pointee.pb = output.context
        oc.pointee.flags |= cffmpeg_fmt_flag_custom_io()
        do throws(CodecError) {
            let enc = try StreamEncoder.audioFile(settings, muxer: oc)
            encoder = enc
            // PCM has no frame of its own: 20 ms packets (the microphone's chunk).
            frameSize = Int(enc.cc.pointee.frame_size > 0 ? enc.cc.pointee.frame_size : Int32(max(1, settings.sampleRate / 50)))
            guard let f = av_frame_alloc() else { throw .encoder("out of memory") }
            frame = f
            f.pointee.format = settings.format.sampleFormat.rawValue
            f.pointee.nb_samples = Int32(frameSize)
            f.pointee.sample_rate = Int32(settings.sampleRate)
            av_channel_layout_copy(&f.pointee.ch_layout, &enc.cc.pointee.ch_layout)
            r = av_frame_get_buffer(f, 0)
            guard r >= 0 else { throw CodecError.encoder("cannot allocate an audio frame: \(ffmpegErrorString(r))") }
            r = avformat_write_header(oc, nil)
            guard r >= 0 else { throw CodecError.output(path: "fd \(fd)", reason: "cannot write the header: \(ffmpegErrorString(r))") }
            output.flush()
        } catch {
            close()
            throw error
        }
    }

    deinit { close() }

    private func close() {
        encoder = nil
        if frame != nil { av_frame_free(&frame) }
        if let oc = muxer {
            oc.pointee.pb = nil
            avformat_free_context(oc)
            muxer = nil
        }
    }

    /// Bytes in the file so far.
    public var bytesWritten: Int64 { output.size }

    /// Encodes interleaved S16 samples (`settings.channels` per frame); a partial codec frame
    /// waits for the next call.
    public func append(_ samples: UnsafeBufferPointer<Int16>) throws(CodecError) {
        guard !finished, encoder != nil else { throw .invalidArgument("the recording has ended") }
        guard samples.count % settings.channels == 0 else { throw .invalidArgument("\(samples.count) samples is not whole frames") }
        pending.append(contentsOf: samples)
        try drain(final: false)
    }

    private func drain(final: Bool) throws(CodecError) {
        guard let enc = encoder, let f = frame else { return }
        let ch = settings.channels
        while true {
            let available = (pending.count - pendingStart) / ch
            guard available >= frameSize || (final && available > 0) else { break }
            let n = min(frameSize, available)
            let r = av_frame_make_writable(f)
            guard r >= 0 else { throw .encoder("frame not writable: \(ffmpegErrorString(r))") }
            f.pointee.nb_samples = Int32(n)
            pending.withUnsafeBufferPointer { src in
                let base = src.baseAddress! + pendingStart
                if settings.format.sampleFormat == AV_SAMPLE_FMT_S16 {
                    UnsafeMutableRawPointer(f.pointee.extended_data[0]!).copyMemory(from: base, byteCount: n * ch * 2)
                } else {
                    for c in 0..<ch {
                        let dst = UnsafeMutableRawPointer(f.pointee.extended_data[c]!).assumingMemoryBound(to: Float.self)
                        for i in 0..<n { dst[i] = Float(base[i * ch + c]) * (1.0 / 32_768.0) }
                    }
                }
            }
            pendingStart += n * ch
            f.pointee.pts = pts
            pts += Int64(n)
            try write(enc, f)
            samplesEncoded += n
        }
        if pendingStart > 0 && pendingStart * 2 >= pending.count {
            pending.removeFirst(pendingStart)
            pendingStart = 0
        }
    }

    private func write(_ enc: StreamEncoder, _ frame: UnsafeMutablePointer<AVFrame>?) throws(CodecError) {
        guard let oc = muxer else { throw .invalidArgument("the recording has ended") }
        let fd = output.fd
        let onPacket = self.onPacket
        try enc.encode(frame) { (pkt) throws(CodecError) in
            if let onPacket, let data = pkt.pointee.data, pkt.pointee.size > 0 {
                onPacket(UnsafeRawBufferPointer(start: data, count: Int(pkt.pointee.size)))
            }
            let r = av_interleaved_write_frame(oc, pkt)
            guard r >= 0 else { throw .output(path: "fd \(fd)", reason: "cannot write: \(ffmpegErrorString(r))") }
        }
        if output.failure != 0 { throw .output(path: "fd \(fd)", reason: String(cString: strerror(output.failure))) }
    }

    /// Encodes what waits, flushes the encoder, completes the container (header sizes, index)
    /// and returns what the file holds. The descriptor stays open (the caller's).
    public func finish() throws(CodecError) -> AudioFileSummary {
        guard !finished, let enc = encoder, let oc = muxer else { throw .invalidArgument("the recording has ended") }
        finished = true
        defer { close() }
        try drain(final: true)
        try write(enc, nil)
        let r = av_write_trailer(oc)
        output.flush()
        guard r >= 0, output.failure == 0 else {
            throw .output(path: "fd \(output.fd)", reason: "cannot finish: \(output.failure != 0 ? String(cString: strerror(output.failure)) : ffmpegErrorString(r))")
        }
        let duration = Duration.nanoseconds(Int64(samplesEncoded) * 1_000_000_000 / Int64(settings.sampleRate))
        return AudioFileSummary(samples: samplesEncoded, duration: duration, bytes: output.size)
    }
}

extension StreamEncoder {
    /// The encoder of an audio file: `settings.format`'s codec, its sample format.
    static func audioFile(_ s: AudioFileSettings, muxer oc: UnsafeMutablePointer<AVFormatContext>) throws(CodecError) -> StreamEncoder {
        guard let codec = avcodec_find_encoder_by_name(s.format.codecName) else {
            throw .encoder("the \(s.format.codecName) encoder is not available")
        }
        let (cc, stream, packet) = try allocate(codec, muxer: oc)
        cc.pointee.sample_fmt = s.format.sampleFormat
        cc.pointee.sample_rate = Int32(s.sampleRate)
        av_channel_layout_default(&cc.pointee.ch_layout, Int32(s.channels))
        if s.format == .aac || s.format == .mp3 { cc.pointee.bit_rate = Int64(s.bitRate) }
        cc.pointee.time_base = AVRational(num: 1, den: Int32(s.sampleRate))
        let frame: Int64 = s.format == .aac ? 1024 : s.format == .mp3 ? 1152 : Int64(max(1, s.sampleRate / 50))
        return try finishOpen(codec, cc, stream, packet, muxer: oc, packetDuration: frame)
    }
}
