import MiniCodec
import MiniCore
import MiniHost

extension MediaError.Code {
    /// A file that should be a video is not a readable one (getVideoInfo, compressVideo).
    public static let invalidVideo = Self(rawValue: "invalidVideo")
    /// compressVideo could not write its output.
    public static let compressVideoFailed = Self(rawValue: "compressVideoFailed")
}

/// The video codes' numbers (MiniMedia choices: each platform's internal-error number; Alipay 3).
let videoErrorNumbers: [MediaError.Code: ErrorNumbers] = [
    .invalidVideo: .init(wx: 4, swan: 10001, tt: 102, my: 3),
    .compressVideoFailed: .init(wx: 4, swan: 10001, tt: 102, my: 3),
]

enum VideoErrors {
    /// `getVideoInfo:fail file not found`.
    static let fileNotFound = MediaError(.fileNotFound, "file not found")

    /// A codec failure on page-supplied media.
    static func invalid(_ e: CodecError) -> MediaError {
        switch e {
        case .fileNotFound: return fileNotFound
        case .noStream(_, let kind): return MediaError(.invalidVideo, "invalid video: no \(kind) stream")
        default: return MediaError(.invalidVideo, "invalid video: \(e.reason)")
        }
    }
}
