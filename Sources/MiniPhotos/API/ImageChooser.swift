import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniStorage

/// What `chooseImage` and `chooseMedia` share: pick from the album (or take a camera shot),
/// then hand the app copies in its temp folder.
struct ImageChooser: Sendable {
    enum SourceType: String, CaseIterable, Sendable { case album, camera }
    enum SizeType: String, CaseIterable, Sendable { case original, compressed }

    /// One chosen image, as a temp file of the app.
    struct Chosen: Sendable {
        let path: String
        let size: Int64
        /// Upright pixel size.
        let width: Int
        let height: Int
    }

    /// Long edge of a `compressed` pick (MiniMedia choice, with JPEG quality 80).
    static let compressedLongEdge = 1920
    static let compressedQuality = 80

    let configuration: PhotosConfiguration
    let request: APIRequest
    var count: Int
    var sourceTypes: [SourceType]
    var sizeTypes: [SizeType]
    var camera: CameraPosition = .back
    /// Feishu `isSaveToAlbum: "1"`: camera shots are also saved to the album.
    var saveShotsToAlbum = false

    var session: AppSession { request.session }

    func choose() async throws -> [Chosen] {
        guard !sourceTypes.isEmpty else { throw MediaError.parameter("parameter.sourceType should not be empty;") }
        guard !sizeTypes.isEmpty else { throw MediaError.parameter("parameter.sizeType should not be empty;") }
        // MiniMedia choice: the album when both sources are allowed; the original when both sizes are.
        let compress = !sizeTypes.contains(.original)
        if sourceTypes.contains(.album) {
            let library = try session.photoLibrary()
            let picked = try await library.pick(.image, count: count, user: session.user)
            return try picked.map { try deliver(hostPath: library.hostPath(of: $0), compress: compress) }
        }
        return [try await shoot(compress: compress)]
    }

    /// A camera shot through the `StillPhotoSource` the host wired in.
    private func shoot(compress: Bool) async throws -> Chosen {
        guard let still = configuration.stillPhotos else {
            throw MediaError(.notSupported, "camera is not available on this host")
        }
        try await session.permissions.require(.camera)
        let path = try await still.capturePhoto(session: session, position: camera)
        let shot = try session.files.resolve(path)
        if saveShotsToAlbum {
            try session.photoLibrary().addImage(at: shot.hostPath, sourceApp: session.appID.rawValue)
        }
        return try compress ? deliver(hostPath: shot.hostPath, compress: true) : describe(path: path, hostPath: shot.hostPath)
    }

    /// Copies (or compresses) a host file into a new temp file of the app.
    private func deliver(hostPath: String, compress: Bool) throws -> Chosen {
        let header: ImageHeader
        do { header = try ImageProbe.probe(path: hostPath) } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
        let bytes: [UInt8]
        let ext: String
        if compress {
            var width: Int?, height: Int?
            if max(header.uprightWidth, header.uprightHeight) > Self.compressedLongEdge {
                if header.uprightWidth >= header.uprightHeight { width = Self.compressedLongEdge } else { height = Self.compressedLongEdge }
            }
            do {
                bytes = try ImageCompressor.compressToData(
                    inputPath: hostPath, encoder: JPEGEncoder(quality: Self.compressedQuality),
                    compressedWidth: width, compressedHeight: height)
            } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
            ext = "jpg"
        } else {
            guard let data = FileManager.default.contents(atPath: hostPath) else { throw PhotoErrors.fileNotFound }
            bytes = [UInt8](data)
            ext = header.format.fileExtension
        }
        let (virtual, host) = session.files.reserveTempFile(ext: ext)
        try AtomicFile.write(bytes, to: host)
        return try describe(path: virtual, hostPath: host)
    }

    private func describe(path: String, hostPath: String) throws -> Chosen {
        let header: ImageHeader
        do { header = try ImageProbe.probe(path: hostPath) } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
        return Chosen(
            path: path, size: ImageSource.fileSize(hostPath), width: header.uprightWidth, height: header.uprightHeight)
    }
}
