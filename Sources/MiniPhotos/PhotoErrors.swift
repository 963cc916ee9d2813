import MiniCore
import MiniImaging

/// How imaging failures read in the image APIs' `errMsg` (after `"<api>:fail "`).
enum PhotoErrors {
    /// `getImageInfo:fail file not found`.
    static let fileNotFound = MediaError(.fileNotFound, "file not found")

    /// A reason phrase for an imaging failure: `file is empty`, `unrecognised image format`…
    static func reason(_ e: ImagingError) -> String {
        switch e.code {
        case .unsupportedFormat: "unsupported image format (\(e.message))"
        case .truncated: "image data is truncated (\(e.message))"
        case .corrupt: "image data is corrupt (\(e.message))"
        case .tooLarge: "image is too large (\(e.message))"
        default: e.message
        }
    }

    /// A file that should be an image is not one (getImageInfo, saveImageToPhotosAlbum).
    static func notAnImage(_ e: ImagingError) -> MediaError {
        if e.code == .fileNotFound { return fileNotFound }
        return MediaError(.invalidImage, "invalid image: \(reason(e))")
    }

    /// compressImage's mapping onto WeChat's 1103002–1103007.
    static func compress(_ e: ImagingError) -> MediaError {
        switch e.code {
        case .fileNotFound: MediaError(.compressTargetMissing, "file not found")
        case .invalidArgument: MediaError(.zeroSize, e.message)
        case .encodeFailed: MediaError(.compressFailed, "compress failed: \(e.message)")
        case .ioFailed: MediaError(.imageDecodeFailed, "decode failed: \(e.message)")
        case .unsupportedFormat, .corrupt, .truncated, .tooLarge: MediaError(.imageDecodeFailed, "decode failed: \(reason(e))")
        }
    }
}
