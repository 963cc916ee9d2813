#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniNet
import MiniMediaTesting
import MiniPhotos
import MiniStorage
import Testing

/// The committed imaging fixtures (Tests/MiniImagingTests/Fixtures), reused by path.
enum Fixture {
    static let directory: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("MiniImagingTests/Fixtures").path

    static func path(_ name: String) -> String { "\(directory)/\(name)" }

    /// The upright test picture: 64x48, quadrants red / lime / blue / yellow.
    static let quadrants: [(x: Double, y: Double, color: RGBA)] = [
        (0.25, 0.25, RGBA(255, 0, 0)), (0.75, 0.25, RGBA(0, 255, 0)),
        (0.25, 0.75, RGBA(0, 0, 255)), (0.75, 0.75, RGBA(255, 255, 0)),
    ]
}

/// Asserts the four quadrant colours of an upright picture of any size.
func expectQuadrants(_ image: PixelBuffer, tolerance: Int = 32, sourceLocation: SourceLocation = #_sourceLocation) {
    for q in Fixture.quadrants {
        let x = Int(q.x * Double(image.width)), y = Int(q.y * Double(image.height))
        let got = image.pixel(x: x, y: y)
        #expect(got.isClose(to: q.color, tolerance: tolerance), "(\(x),\(y)) is \(got), expected \(q.color)",
                sourceLocation: sourceLocation)
    }
}

/// A test session whose registry has the photo APIs, with helpers to place fixtures.
struct PhotoSession {
    let test: TestSession
    let user: ScriptedUser

    init(
        dialect: Dialect = .wx, appID: String = "test.app", consent: ScriptedUser.Consent = .allow,
        picking: ScriptedUser.Picking = .first, stillPhotos: (any StillPhotoSource)? = nil,
        downloader: ImageDownloader = ImageDownloader(), network: NetworkAccess = NetworkAccess(),
        directory: TemporaryDirectory = TemporaryDirectory(), tempQuota: Int64? = nil
    ) throws {
        var registry = APIRegistry.foundation()
        registry.addPhotos(PhotosConfiguration(stillPhotos: stillPhotos, downloader: downloader))
        user = ScriptedUser(consent: consent, picking: picking)
        test = try TestSession(
            dialect: dialect, appID: appID, user: user, directory: directory, registry: registry, tempQuota: tempQuota,
            network: network)
    }

    var session: AppSession { test.session }
    var dialect: Dialect { session.dialect }

    @discardableResult
    func call(_ name: String, _ args: HostValue = .undefined) async throws -> HostValue { try await test.call(name, args) }
    func failure(_ name: String, _ args: HostValue = .undefined) async -> CallFailure? { await test.failure(name, args) }

    /// Copies a fixture into a new temp file of the app and returns its virtual path.
    func temp(_ fixture: String, ext: String? = nil) throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path(fixture))))
        return try session.files.createTempFile(ext: ext ?? (fixture as NSString).pathExtension, bytes: bytes)
    }

    /// Copies a fixture into the package folder at `name` and returns the package path (`/name`).
    func package(_ fixture: String, as name: String? = nil) throws -> String {
        let dest = session.sandbox.packageDir!.appendingPathComponent(name ?? fixture)
        try FileManager.default.createDirectory(at: dest.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Fixture.path(fixture), toPath: dest.path)
        return "/" + (name ?? fixture)
    }

    /// The host path of a virtual path.
    func host(_ path: String) throws -> String { try session.files.resolve(path).hostPath }

    /// Decodes (upright) the image at a virtual path.
    func decode(_ path: String) throws -> PixelBuffer {
        try ImageDecoder.decode(path: host(path), applyOrientation: true).pixels
    }

    func library() throws -> PhotoLibrary { try session.photoLibrary() }
}

/// A camera that "shoots" a fixture into a temp file.
struct FixtureCamera: StillPhotoSource {
    let fixture: String
    func capturePhoto(session: AppSession, position: CameraPosition) async throws -> String {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path(fixture))))
        return try session.files.createTempFile(ext: "jpg", bytes: bytes)
    }
}
