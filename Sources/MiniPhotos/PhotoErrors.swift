import MiniCore
import MiniHost
import MiniImaging

extension MediaError.Code {
    /// `compressImage`: the source file does not exist (WeChat errno 1103002).
    public static let compressTargetMissing = Self(rawValue: "compressTargetMissing")
    /// `compressImage`: the source is not a decodable image (1103003).
    public static let imageDecodeFailed = Self(rawValue: "imageDecodeFailed")
    /// `compressImage`: the output temp file could not be written (1103004).
    public static let tempFileFailed = Self(rawValue: "tempFileFailed")
    /// `compressImage`: encoding failed (1103005).
    public static let compressFailed = Self(rawValue: "compressFailed")
    /// `compressImage`: quality outside 0–100 (1103006).
    public static let qualityInvalid = Self(rawValue: "qualityInvalid")
    /// `compressImage`: a zero (or negative) target or source size (1103007).
    public static let zeroSize = Self(rawValue: "zeroSize")
    /// A file that should be an image is not one (getImageInfo, saveImageToPhotosAlbum).
    public static let invalidImage = Self(rawValue: "invalidImage")
    /// Saving into the photo album failed (Feishu errno 1300012).
    public static let saveToAlbumFailed = Self(rawValue: "saveToAlbumFailed")
}

/// The image codes' numbers, registered with the dialect table by `addPhotos`: WeChat's
/// compressImage numbers are documented; the swan/tt/my columns and the other rows are MiniMedia
/// choices (Docs/IMAGES.md).
let photoErrorNumbers: [MediaError.Code: ErrorNumbers] = [
    .compressTargetMissing: .init(wx: 1_103_002, swan: 1_103_002, tt: 203, my: 3),
    .imageDecodeFailed: .init(wx: 1_103_003, swan: 1_103_003, tt: 1_300_003, my: 3),
    .tempFileFailed: .init(wx: 1_103_004, swan: 1_103_004, tt: 1_300_003, my: 3),
    .compressFailed: .init(wx: 1_103_005, swan: 1_103_005, tt: 1_300_003, my: 3),
    .qualityInvalid: .init(wx: 1_103_006, swan: 1_103_006, tt: 104, my: 2),
    .zeroSize: .init(wx: 1_103_007, swan: 1_103_007, tt: 104, my: 2),
    .invalidImage: .init(wx: 4, swan: 10001, tt: 102, my: 3),
    .saveToAlbumFailed: .init(wx: 4, swan: 10001, tt: 1_300_012, my: 3),
]

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
