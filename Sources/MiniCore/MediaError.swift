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
