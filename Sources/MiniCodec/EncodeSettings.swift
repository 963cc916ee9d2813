/// How a recording's video is encoded: H.264 (libx264), I420 input at `width × height`.
public struct VideoEncodeSettings: Sendable, Equatable {
    public var width: Int
    public var height: Int
    /// Nominal frames per second (rate control and the keyframe interval).
    public var frameRate: Int
    /// Target bits per second; nil: constant quality (CRF 23).
    public var bitRate: Int?
    /// x264 preset (`ultrafast` … `veryslow`).
    public var preset: String
    /// Frames between keyframes; nil: one second (one MP4 fragment per second while recording).
    public var keyframeInterval: Int?
    /// Mirror every frame left to right before encoding (a selfie recording).
    public var mirror: Bool

    public init(width: Int, height: Int, frameRate: Int = 30, bitRate: Int? = nil, preset: String = "veryfast",
                keyframeInterval: Int? = nil, mirror: Bool = false) {
        self.width = width
        self.height = height
        self.frameRate = frameRate
        self.bitRate = bitRate
        self.preset = preset
        self.keyframeInterval = keyframeInterval
        self.mirror = mirror
    }

    /// The interval in frames actually used.
    public var gop: Int { max(1, keyframeInterval ?? frameRate) }

    func validate() throws(CodecError) {
        guard (16...8192).contains(width), (16...8192).contains(height), width % 2 == 0, height % 2 == 0 else {
            throw .invalidArgument("video size \(width)x\(height) must be even and within 16...8192")
        }
        guard (1...240).contains(frameRate) else { throw .invalidArgument("frame rate \(frameRate) must be within 1...240") }
        if let b = bitRate, !(10_000...200_000_000).contains(b) { throw .invalidArgument("video bit rate \(b) is out of range") }
        let presets = ["ultrafast", "superfast", "veryfast", "faster", "fast", "medium", "slow", "slower", "veryslow"]
        guard presets.contains(preset) else { throw .invalidArgument("unknown x264 preset '\(preset)'") }
    }
}

/// How a recording's audio is encoded: AAC-LC (FFmpeg's native encoder).
public struct AudioEncodeSettings: Sendable, Equatable {
    public var sampleRate: Int
    public var channels: Int
    public var bitRate: Int

    public init(sampleRate: Int = 44_100, channels: Int = 1, bitRate: Int = 128_000) {
        self.sampleRate = sampleRate
        self.channels = channels
        self.bitRate = bitRate
    }

    var format: AudioResampler.Format { .init(sampleRate: sampleRate, channels: channels) }

    func validate() throws(CodecError) {
        guard [8_000, 11_025, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000].contains(sampleRate) else {
            throw .invalidArgument("AAC sample rate \(sampleRate) is not supported")
        }
        guard (1...2).contains(channels) else { throw .invalidArgument("AAC channel count \(channels) must be 1 or 2") }
        guard (16_000...320_000).contains(bitRate) else { throw .invalidArgument("audio bit rate \(bitRate) is out of range") }
    }
}
