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
        let device = environment.makeDevice(clock: session.clock)
        let pos: MiniCapture.CameraPosition = position == .front ? .front : .back
        do {
            try device.open(CameraConfiguration(position: pos, resolution: .native, pacing: environment.pacing))
        } catch {
            throw MediaError.camera(error)
        }
        defer { device.close() }
        let frame: CameraFrame
        do { frame = try await device.nextFrame() } catch { throw MediaError.camera(error) }
        let request = PhotoRequest(
            quality: .normal, resolution: .high, mirror: pos == .front, model: device.specDescription,
            dateTime: PhotoEncoder.exifDate(session.clock.wallTime()))
        let photo = try PhotoEncoder.encode(frame, request)
        return try session.files.createTempFile(ext: "jpg", bytes: photo.jpeg)
    }
}
