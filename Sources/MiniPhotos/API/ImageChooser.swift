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
            return try picked.map { try deliver($0, from: library) }
        }
        return [try await shoot(compress: compress)]
    }

    /// An album image copied (or compressed, per `sizeTypes`) into a new temp file.
    func deliver(_ item: AlbumItem, from library: PhotoLibrary) throws -> Chosen {
        // Album files are the host's own (not paths from JS).
        guard let data = FileManager.default.contents(atPath: library.hostPath(of: item)) else {
            throw PhotoErrors.fileNotFound
        }
        return try deliver(bytes: [UInt8](data), compress: !sizeTypes.contains(.original))
    }

    /// A camera shot through the `StillPhotoSource` the host wired in.
    private func shoot(compress: Bool) async throws -> Chosen {
        guard let still = configuration.stillPhotos else {
            throw MediaError(.notSupported, "camera is not available on this host")
        }
        try await session.permissions.require(.camera)
        try await session.user.capture(kind: "image")
        let path = try await still.capturePhoto(session: session, position: camera)
        let shot = try ImageSource.local(path, session: session)
        let bytes = try shot.bytes()
        if saveShotsToAlbum {
            try session.photoLibrary().addImage(bytes: bytes, sourceApp: session.appID.rawValue)
        }
        if compress { return try deliver(bytes: bytes, compress: true) }
        let header = try shot.header()
        return Chosen(path: path, size: Int64(bytes.count), width: header.uprightWidth, height: header.uprightHeight)
    }

    /// Copies (or compresses) image bytes into a new temp file of the app.
    private func deliver(bytes input: [UInt8], compress: Bool) throws -> Chosen {
        let header: ImageHeader
        do { header = try ImageProbe.probe(data: input) } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
        let bytes: [UInt8]
        let ext: String
        if compress {
            var width: Int?, height: Int?
            if max(header.uprightWidth, header.uprightHeight) > Self.compressedLongEdge {
                if header.uprightWidth >= header.uprightHeight { width = Self.compressedLongEdge } else { height = Self.compressedLongEdge }
            }
            do {
                bytes = try ImageCompressor.compressToData(
                    data: input, encoder: JPEGEncoder(quality: Self.compressedQuality),
                    compressedWidth: width, compressedHeight: height)
            } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
            ext = "jpg"
        } else {
            bytes = input
            ext = header.format.fileExtension
        }
        let virtual = try session.files.createTempFile(ext: ext, bytes: bytes)
        let out: ImageHeader
        do { out = compress ? try ImageProbe.probe(data: bytes) : header } catch let e as ImagingError {
            throw PhotoErrors.notAnImage(e)
        }
        return Chosen(path: virtual, size: Int64(bytes.count), width: out.uprightWidth, height: out.uprightHeight)
    }
}
