import MiniCapture
import MiniCore
import MiniHost

/// `chooseImage` / `chooseMedia` with `sourceType: ['camera']`: one photo from a fresh device,
/// full sensor size at quality `normal` (80), front photos mirrored. The caller has passed the
/// `scope.camera` gate already.
public struct CameraStillPhotoSource: StillPhotoSource {
    public let environment: CameraEnvironment

    public init(environment: CameraEnvironment) { self.environment = environment }

    public func capturePhoto(session: AppSession, position: MiniHost.CameraPosition) async throws -> String {
        let device = try environment.openPickerDevice(session: session, position: position)
        defer { device.close() }
        let frame: CameraFrame
        do { frame = try await device.nextFrame() } catch { throw MediaError.camera(error) }
        let request = PhotoRequest(
            quality: .normal, resolution: .high, mirror: position == .front, model: device.specDescription,
            dateTime: PhotoEncoder.exifDate(session.clock.wallTime()))
        let photo = try PhotoEncoder.encode(frame, request)
        return try session.files.createTempFile(ext: "jpg", bytes: photo.jpeg)
    }
}
