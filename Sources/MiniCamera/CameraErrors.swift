import MiniCapture
import MiniCore
import MiniHost

extension MediaError.Code {
    /// The mini-program may not use the camera (`scope.camera` denied): WeChat errno 2003002.
    public static let cameraNotAuthorized = Self(rawValue: "cameraNotAuthorized")
    /// The system refused the camera device (e.g. no access to `/dev/video*`): WeChat errno 2003001.
    public static let cameraSystemNotAuthorized = Self(rawValue: "cameraSystemNotAuthorized")
}

/// The camera codes' numbers, registered by `CameraModule`: WeChat's 2003001/2003002 are
/// documented; the other columns reuse each platform's user / system permission-denied number.
let cameraErrorNumbers: [MediaError.Code: ErrorNumbers] = [
    .cameraNotAuthorized: .init(wx: 2_003_002, swan: 10003, tt: 107, my: 2001),
    .cameraSystemNotAuthorized: .init(wx: 2_003_001, swan: 10005, tt: 106, my: 2002),
    // `my.scan` only (Alipay documents 10 and 11); the other columns are each platform's cancel
    // and internal error.
    .scanCancelled: .init(wx: 1, swan: 1001, tt: 1_300_001, my: 10),
    .scanFailed: .init(wx: 4, swan: 10001, tt: 102, my: 11),
]

extension MediaError {
    /// A device error as the reason after `<api>:fail `.
    static func camera(_ error: any Error) -> MediaError {
        if let e = error as? MediaError { return e }
        if let e = error as? CameraError {
            if case .deviceFailure(_, let errno) = e, errno == 13 || errno == 1 {
                return MediaError(.cameraSystemNotAuthorized, "camera device not accessible: \(e)")
            }
            return MediaError(.internalError, "camera error: \(e)")
        }
        return MediaError(.internalError, "\(error)")
    }

    /// `scope.camera` denied, as camera APIs report it (WeChat errno 2003002).
    static let cameraDenied = MediaError(.cameraNotAuthorized, "auth deny")
}

extension PermissionGate {
    /// Requires `scope.camera`; a denial becomes `cameraDenied`.
    func requireCamera() async throws {
        do { try await require(.camera) } catch let e as MediaError where e.code == .authDeny {
            throw MediaError.cameraDenied
        }
    }
}
