import MiniCodec
import MiniCore
import MiniHost

/// `RecorderManager.start`'s options (API.md §4), validated for a dialect.
public struct RecorderOptions: Sendable, Equatable {
    /// Longest recording in milliseconds; reaching it stops the recording (onStop).
    public var duration: Int
    public var sampleRate: Int
    public var numberOfChannels: Int
    public var encodeBitRate: Int
    public var format: AudioFileFormat
    /// `onFrameRecorded` chunk size in KB (mp3 and pcm), nil: no frames.
    public var frameSize: Double?
    /// One of `audioSources`: every value maps to the one microphone.
    public var audioSource: String

    public init(duration: Int = 60_000, sampleRate: Int = 8_000, numberOfChannels: Int = 2, encodeBitRate: Int = 48_000,
                format: AudioFileFormat = .aac, frameSize: Double? = nil, audioSource: String = "auto") {
        self.duration = duration
        self.sampleRate = sampleRate
        self.numberOfChannels = numberOfChannels
        self.encodeBitRate = encodeBitRate
        self.format = format
        self.frameSize = frameSize
        self.audioSource = audioSource
    }

    /// The sample rates `start` takes.
    public static let sampleRates = [8_000, 11_025, 12_000, 16_000, 22_050, 24_000, 32_000, 44_100, 48_000]
    /// `audioSource` values (all accepted, all the one microphone).
    public static let audioSources = ["auto", "buildInMic", "headsetMic", "mic", "camcorder", "voice_communication", "voice_recognition"]

    /// The valid `encodeBitRate` range for a sample rate (API.md §4's table).
    public static func bitRates(forSampleRate rate: Int) -> ClosedRange<Int>? {
        switch rate {
        case 8_000, 11_025: return 16_000...48_000
        case 12_000: return 24_000...64_000
        case 16_000: return 24_000...96_000
        case 22_050, 24_000: return 32_000...128_000
        case 32_000: return 48_000...192_000
        case 44_100, 48_000: return 64_000...320_000
        default: return nil
        }
    }

    /// Longest `duration` in a dialect (Douyin 60 s, the others 10 min).
    public static func maxDuration(_ dialect: Dialect) -> Int { dialect == .tt ? 60_000 : 600_000 }

    /// Formats a dialect records (Baidu: aac and pcm).
    public static func formats(_ dialect: Dialect) -> [AudioFileFormat] { dialect == .swan ? [.aac, .pcm] : AudioFileFormat.allCases }

    /// Reads and checks `start`'s options; every wrong value is a `MediaError` naming it.
    public init(_ o: Options, dialect: Dialect) throws {
        self.init()
        let maxDuration = Self.maxDuration(dialect)
        duration = try o.int("duration", default: 60_000, in: 1...maxDuration)
        sampleRate = try o.int("sampleRate", default: 8_000)
        guard Self.sampleRates.contains(sampleRate) else {
            throw MediaError.parameter("parameter.sampleRate should be one of \(Self.sampleRates.map(String.init).joined(separator: ", ")) instead of \(sampleRate);")
        }
        numberOfChannels = try o.int("numberOfChannels", default: 2)
        guard numberOfChannels == 1 || numberOfChannels == 2 else {
            throw MediaError.parameter("parameter.numberOfChannels should be 1 or 2 instead of \(numberOfChannels);")
        }
        encodeBitRate = try o.int("encodeBitRate", default: 48_000)
        let range = Self.bitRates(forSampleRate: sampleRate)!
        guard range.contains(encodeBitRate) else {
            throw MediaError(.parameterError,
                             "encodeBitRate \(encodeBitRate) is invalid for sampleRate \(sampleRate): it must be within \(range.lowerBound)...\(range.upperBound)")
        }
        let allowed = Self.formats(dialect)
        let name = try o.string("format", default: "aac")
        guard let f = AudioFileFormat(rawValue: name.lowercased()), name == f.rawValue || name == "PCM", allowed.contains(f) else {
            let list = allowed.map { "\"\($0 == .pcm && dialect != .swan ? "PCM" : $0.rawValue)\"" }.joined(separator: ", ")
            throw MediaError.parameter("parameter.format should be one of \(list) instead of \"\(name)\";")
        }
        format = f
        frameSize = try o.optionalNumber("frameSize", in: 0.001...10_240)
        audioSource = try o.string("audioSource", default: "auto")
        guard Self.audioSources.contains(audioSource) else {
            throw MediaError.parameter(
                "parameter.audioSource should be one of \(Self.audioSources.map { "\"\($0)\"" }.joined(separator: ", ")) instead of \"\(audioSource)\";")
        }
    }

    /// The encoder settings these options give.
    public var encoding: AudioFileSettings {
        AudioFileSettings(format: format, sampleRate: sampleRate, channels: numberOfChannels, bitRate: encodeBitRate)
    }

    /// Bytes per `onFrameRecorded` chunk, when frames were asked for and the format streams.
    public var frameBytes: Int? {
        guard let frameSize, format.packetsFormStream else { return nil }
        return max(1, Int((frameSize * 1024).rounded()))
    }
}
