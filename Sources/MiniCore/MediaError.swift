/// A domain error: what went wrong (`code`) and the reason text that follows `"<api>:fail "`.
///
/// Domain code throws these; `MiniHost` turns them into each dialect's failure shape
/// (`errMsg`/`errno`, `errCode`, `errNo`, `{error, errorMessage}`) in exactly one place.
public struct MediaError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: Code
    /// The reason, e.g. `"file not exist"` or `"parameter error: parameter.count should be …;"`.
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// An extensible error code. Feature modules add their own with `static let`.
    public struct Code: RawRepresentable, Hashable, Sendable {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
    }
}

extension MediaError.Code {
    public static let parameterError = Self(rawValue: "parameterError")
    public static let cancel = Self(rawValue: "cancel")
    public static let authDeny = Self(rawValue: "authDeny")
    public static let scopeEmpty = Self(rawValue: "scopeEmpty")
    public static let invalidScope = Self(rawValue: "invalidScope")
    public static let needsUserGesture = Self(rawValue: "needsUserGesture")
    public static let systemPermissionDenied = Self(rawValue: "systemPermissionDenied")
    public static let notSupported = Self(rawValue: "notSupported")
    public static let internalError = Self(rawValue: "internalError")
    public static let timeout = Self(rawValue: "timeout")
    // Files.
    public static let fileNotFound = Self(rawValue: "fileNotFound")
    public static let fileExists = Self(rawValue: "fileExists")
    public static let storageLimitExceeded = Self(rawValue: "storageLimitExceeded")
    public static let permissionDenied = Self(rawValue: "permissionDenied")
    public static let invalidPath = Self(rawValue: "invalidPath")
    public static let nameTooLong = Self(rawValue: "nameTooLong")
    public static let notDirectory = Self(rawValue: "notDirectory")
    public static let isDirectory = Self(rawValue: "isDirectory")
    public static let directoryNotEmpty = Self(rawValue: "directoryNotEmpty")
    public static let ioError = Self(rawValue: "ioError")
    // Images (MiniPhotos).
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
    /// A network download failed (status, size limit, connection).
    public static let networkError = Self(rawValue: "networkError")
}

extension MediaError {
    public static func parameter(_ text: String) -> MediaError {
        MediaError(.parameterError, "parameter error: \(text)")
    }
    public static func internalError(_ text: String) -> MediaError {
        MediaError(.internalError, text)
    }
}
