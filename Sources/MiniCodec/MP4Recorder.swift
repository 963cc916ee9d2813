import CFFmpeg
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// What a finished recording holds.
public struct RecordingSummary: Sendable, Equatable {
    /// The playable (`faststart`) MP4.
    public var path: String
    /// Video frames in the file.
    public var videoFrames: Int
    /// Audio sample frames encoded (per channel), 0 without audio.
    public var audioSamples: Int
    /// Duration of the video track.
    public var duration: Duration
}

/// Records H.264 (+ AAC) into an MP4 that survives a crash of the recording process.
///
/// While recording, the file is a *fragmented* MP4 in `workDirectory`
/// (`frag_keyframe+empty_moov+default_base_moof`, a keyframe and so a fragment every
/// `keyframeInterval` frames, one second by default), flushed to the kernel after every
/// fragment, with a journal beside it naming the destination and the recording process.
/// `finish()` remuxes it into a normal `+faststart` MP4 at `destination` (written aside and
/// renamed in) and removes both; after a crash `RecordingRecovery` turns the fragments on disk
/// into that MP4 at the next start. Thread-safe: video and audio may come from different tasks.
public final class MP4Recorder: @unchecked Sendable {
    /// The final MP4's path.
    public let destination: String
    /// The fragmented file written while recording.
    public let fragmentPath: String
    /// The journal beside it (`RecordingJournal`).
    public let journalPath: String
    public let video: VideoEncodeSettings
    public let audio: AudioEncodeSettings?

    private struct State: @unchecked Sendable {
        var muxer: UnsafeMutablePointer<AVFormatContext>?
        var videoEncoder: StreamEncoder?
        var audioEncoder: StreamEncoder?
        var resampler: AudioResampler?
        var pendingAudio: [[Float]] = []
        var audioPts: Int64?
        var lastVideoPts: Int64 = -1
        var videoFrames = 0
        var audioSamples = 0
        var committedBytes: Int64 = 0
        var fragments = 0
        var finished = false
    }
    private let state: Mutex<State>

    /// Starts a recording: writes the journal, opens the encoders and the fragmented file.
    /// - Parameters:
    ///   - destination: where `finish()` puts the playable MP4.
    ///   - workDirectory: where the fragmented file and its journal live while recording (the
    ///     folder `RecordingRecovery.recover(in:)` scans).
    public init(destination: String, workDirectory: String, video: VideoEncodeSettings, audio: AudioEncodeSettings? = nil)
        throws(CodecError)
    {
        try video.validate()
        try audio?.validate()
        _ = FFmpegLogging.configure
        self.destination = destination
        self.video = video
        self.audio = audio
        let id = RecordingJournal.uniqueName()
        fragmentPath = workDirectory + "/" + id + RecordingJournal.fragmentSuffix
        journalPath = fragmentPath + RecordingJournal.journalSuffix
        try RecordingJournal(destination: destination, pid: getpid()).write(to: journalPath)
        var s = State()
        do {
            try Self.open(&s, fragmentPath: fragmentPath, video: video, audio: audio)
        } catch {
            Self.close(&s)
            unlink(fragmentPath)
            unlink(journalPath)
            throw error
        }
        state = Mutex(s)
    }

    deinit {
        state.withLock { s in Self.close(&s) }
    }

    private static func open(_ s: inout State, fragmentPath: String, video: VideoEncodeSettings, audio: AudioEncodeSettings?) throws(CodecError) {
        var oc: UnsafeMutablePointer<AVFormatContext>? = nil
        var r = avformat_alloc_output_context2(&oc, nil, "mp4", fragmentPath)
        guard r >= 0, let oc else { throw .output(path: fragmentPath, reason: "cannot create the muxer: \(ffmpegErrorString(r))") }
        s.muxer = oc
        s.videoEncoder = try StreamEncoder.video(video, muxer: oc)
        if let audio {
            s.audioEncoder = try StreamEncoder.audio(audio, muxer: oc)
            s.pendingAudio = Array(repeating: [], count: audio.channels)
        }
        r = avio_open(&oc.pointee.pb, fragmentPath, cffmpeg_avio_flag_write())
        guard r >= 0 else { throw .output(path: fragmentPath, reason: "cannot open: \(ffmpegErrorString(r))") }
        var options: OpaquePointer? = nil
        av_dict_set(&options, "movflags", "frag_keyframe+empty_moov+default_base_moof", 0)
        r = avformat_write_header(oc, &options)
        av_dict_free(&options)
        guard r >= 0 else { throw .output(path: fragmentPath, reason: "cannot write the header: \(ffmpegErrorString(r))") }
        avio_flush(oc.pointee.pb)
        s.committedBytes = avio_tell(oc.pointee.pb)
    }

    private static func close(_ s: inout State) {
        s.videoEncoder = nil
        s.audioEncoder = nil
        if let oc = s.muxer {
            if oc.pointee.pb != nil { avio_closep(&oc.pointee.pb) }
            avformat_free_context(oc)
            s.muxer = nil
        }
    }

    /// Fragments on disk so far (each a keyframe interval of video; what survives a crash).
    public var fragmentsCommitted: Int { state.withLock { $0.fragments } }
    /// Video frames accepted so far.
    public var videoFramesWritten: Int { state.withLock { $0.videoFrames } }

    /// Encodes one video frame taken `time` after the start of the recording. Frames must come
    /// in time order; one at or before the previous frame's time is moved just after it.
    public func appendVideo(_ planes: YUVPlanes, at time: Duration) throws(CodecError) {
        try state.withLock { s throws(CodecError) in
            guard !s.finished, let enc = s.videoEncoder, let f = enc.frame else { throw .invalidArgument("the recording has ended") }
            try enc.load(planes, mirror: video.mirror)
            var pts = av_rescale(max(0, time.nanosecondsValue), 90_000, 1_000_000_000)
            if pts <= s.lastVideoPts { pts = s.lastVideoPts + 1 }
            s.lastVideoPts = pts
            f.pointee.pts = pts
            try encode(enc, f, &s)
            s.videoFrames += 1
        }
    }

    /// Encodes interleaved S16 PCM in `format` whose first sample was captured `time` after the
    /// start of the recording (converted to the recording's rate and channels). Chunks are
    /// taken as contiguous after the first.
    public func appendAudio(_ samples: UnsafeBufferPointer<Int16>, format: AudioResampler.Format, at time: Duration) throws(CodecError) {
        guard let settings = audio else { throw .invalidArgument("the recording has no audio track") }
        try state.withLock { s throws(CodecError) in
            guard !s.finished, let enc = s.audioEncoder else { throw .invalidArgument("the recording has ended") }
            if s.resampler?.input != format {
                s.resampler = try AudioResampler(from: format, sampleFormat: AV_SAMPLE_FMT_S16, to: settings.format,
                                                 outputFormat: AV_SAMPLE_FMT_FLTP)
            }
            if s.audioPts == nil { s.audioPts = av_rescale(max(0, time.nanosecondsValue), Int64(settings.sampleRate), 1_000_000_000) }
            let planes = try s.resampler!.convertToPlanarFloat(samples)
            for c in 0..<planes.count { s.pendingAudio[c] += planes[c] }
            try drainAudio(enc, &s, final: false)
        }
    }

    /// Encodes every whole AAC frame waiting (and, when `final`, the partial last one).
    private func drainAudio(_ enc: StreamEncoder, _ s: inout State, final: Bool) throws(CodecError) {
        let frameSize = Int(enc.cc.pointee.frame_size > 0 ? enc.cc.pointee.frame_size : 1024)
        while let first = s.pendingAudio.first, first.count >= frameSize || (final && !first.isEmpty) {
            let n = min(frameSize, first.count)
            guard let f = av_frame_alloc() else { throw .encoder("out of memory") }
            var fp: UnsafeMutablePointer<AVFrame>? = f
            defer { av_frame_free(&fp) }
            f.pointee.format = AV_SAMPLE_FMT_FLTP.rawValue
            f.pointee.nb_samples = Int32(n)
            f.pointee.sample_rate = enc.cc.pointee.sample_rate
            av_channel_layout_copy(&f.pointee.ch_layout, &enc.cc.pointee.ch_layout)
            let r = av_frame_get_buffer(f, 0)
            guard r >= 0 else { throw .encoder("cannot allocate an audio frame: \(ffmpegErrorString(r))") }
            for c in 0..<s.pendingAudio.count {
                let dst = UnsafeMutableRawPointer(f.pointee.extended_data[c]!).assumingMemoryBound(to: Float.self)
                s.pendingAudio[c].withUnsafeBufferPointer { dst.update(from: $0.baseAddress!, count: n) }
                s.pendingAudio[c].removeFirst(n)
            }
            f.pointee.pts = s.audioPts ?? 0
            s.audioPts = (s.audioPts ?? 0) + Int64(n)
            try encode(enc, f, &s)
            s.audioSamples += n
        }
    }

    private func encode(_ enc: StreamEncoder, _ frame: UnsafeMutablePointer<AVFrame>?, _ s: inout State) throws(CodecError) {
        guard let oc = s.muxer else { throw .invalidArgument("the recording has ended") }
        let path = fragmentPath
        try enc.encode(frame) { (pkt) throws(CodecError) in
            let r = av_interleaved_write_frame(oc, pkt)
            guard r >= 0 else { throw .output(path: path, reason: "cannot write: \(ffmpegErrorString(r))") }
        }
        // Whatever the muxer emitted (a finished fragment) goes to the kernel now: a crash of
        // this process loses at most the fragment being built.
        avio_flush(oc.pointee.pb)
        let now = avio_tell(oc.pointee.pb)
        if now > s.committedBytes {
            s.committedBytes = now
            s.fragments += 1
        }
    }

    /// Ends the recording: flushes the encoders, closes the fragmented file and remuxes it into
    /// a `faststart` MP4 at `destination`; the fragment file and journal are removed.
    public func finish() throws(CodecError) -> RecordingSummary {
        let (frames, samples) = try state.withLock { s throws(CodecError) -> (Int, Int) in
            guard !s.finished else { throw .invalidArgument("the recording has ended") }
            s.finished = true
            defer { Self.close(&s) }
            guard let oc = s.muxer else { throw .invalidArgument("the recording has ended") }
            if let a = s.audioEncoder {
                try drainAudio(a, &s, final: true)
                try encode(a, nil, &s)
            }
            if let v = s.videoEncoder { try encode(v, nil, &s) }
            let r = av_write_trailer(oc)
            guard r >= 0 else { throw .output(path: fragmentPath, reason: "cannot finish: \(ffmpegErrorString(r))") }
            return (s.videoFrames, s.audioSamples)
        }
        guard frames > 0 else {
            cancel()
            throw .invalidArgument("no video frames were recorded")
        }
        let remuxed = try MP4Remuxer.remux(from: fragmentPath, to: destination)
        unlink(fragmentPath)
        unlink(journalPath)
        return RecordingSummary(path: destination, videoFrames: remuxed.videoPackets, audioSamples: samples, duration: remuxed.videoDuration)
    }

    /// Abandons the recording: nothing is kept.
    public func cancel() {
        state.withLock { s in
            s.finished = true
            Self.close(&s)
        }
        unlink(fragmentPath)
        unlink(journalPath)
    }
}
