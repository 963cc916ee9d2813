import MiniCapture
import MiniCore
import MiniHost

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
