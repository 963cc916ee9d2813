import CFFmpeg

/// What a media file holds, read from its container (no full decode).
public struct MediaInfo: Sendable, Equatable {
    public struct Video: Sendable, Equatable {
        public var codec: String
        public var width: Int
        public var height: Int
        /// Frames per second (the stream's base rate, else its average); 0 when unknown.
        public var frameRate: Double
        /// Rotation from the display matrix as ffprobe shows it, the `rotate` tag (0, 90, 180, 270).
        public var rotation: Int
    }
    public struct Audio: Sendable, Equatable {
        public var codec: String
        public var sampleRate: Int
        public var channels: Int
    }
    /// Container format names (FFmpeg's, e.g. `mov,mp4,m4a,3gp,3g2,mj2`).
    public var format: String
    public var duration: Duration
    /// Overall bits per second; 0 when unknown.
    public var bitRate: Int
    public var video: Video?
    public var audio: Audio?
}

/// Reads `MediaInfo` from a file.
public enum MediaProbe {
    public static func probe(_ input: MediaInput) throws(CodecError) -> MediaInfo {
        let c = try InputContainer(input)
        guard let fc = c.context else { throw .unreadable(path: input.description, reason: "closed") }
        let d = fc.pointee.duration
        var info = MediaInfo(
            format: String(cString: fc.pointee.iformat.pointee.name),
            duration: d == cffmpeg_nopts_value() || d < 0 ? .zero : .microseconds(d),
            bitRate: Int(max(0, fc.pointee.bit_rate)), video: nil, audio: nil)
        if let (_, st) = c.bestStream(AVMEDIA_TYPE_VIDEO), let par = st.pointee.codecpar {
            var fps = 0.0
            // The base rate first: exact for constant-rate files (the average is skewed by edit lists).
            for rate in [st.pointee.r_frame_rate, st.pointee.avg_frame_rate] where rate.num > 0 && rate.den > 0 && rate.num / rate.den <= 1_000 {
                fps = Double(rate.num) / Double(rate.den)
                break
            }
            var rotation = 0
            if let matrix = av_stream_get_side_data(st, AV_PKT_DATA_DISPLAYMATRIX, nil) {
                let deg = av_display_rotation_get(UnsafeRawPointer(matrix).assumingMemoryBound(to: Int32.self))
                // As ffprobe reports it; equal to the `rotate` tag phones write (clockwise to display).
                if deg.isFinite { rotation = ((Int(deg.rounded()) % 360) + 360) % 360 }
            }
            info.video = .init(codec: String(cString: avcodec_get_name(par.pointee.codec_id)), width: Int(par.pointee.width),
                               height: Int(par.pointee.height), frameRate: fps, rotation: rotation)
        }
        if let (_, st) = c.bestStream(AVMEDIA_TYPE_AUDIO), let par = st.pointee.codecpar {
            info.audio = .init(codec: String(cString: avcodec_get_name(par.pointee.codec_id)), sampleRate: Int(par.pointee.sample_rate),
                               channels: Int(par.pointee.ch_layout.nb_channels))
        }
        return info
    }
}
