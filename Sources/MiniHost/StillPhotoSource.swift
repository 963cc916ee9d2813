import MiniCore

/// Which camera a shot comes from.
public enum CameraPosition: String, CaseIterable, Sendable {
    case back, front
}

/// Takes a single photo from the camera device layer without a `<camera>` component
/// (`chooseImage` / `chooseMedia` with `sourceType: ['camera']`). Implemented by MiniCamera,
/// wired in by the host; the caller has already passed the `scope.camera` gate.
public protocol StillPhotoSource: Sendable {
    /// Captures one JPEG into a new temp file of `session` and returns its virtual path.
    func capturePhoto(session: AppSession, position: CameraPosition) async throws -> String
}
