import MiniCore
import MiniHost
import MiniImaging

/// `saveImageToPhotosAlbum({filePath})`: copies a local image of the app into the device-wide
/// album, behind `scope.writePhotosAlbum` (Douyin `scope.album`, Alipay `album`).
/// `saveVideoToPhotosAlbum({filePath})` does the same for an MP4 video.
enum SaveToAlbumAPI {
    static let declarations: [APIDeclaration] = [
        .async("saveImageToPhotosAlbum", .async { req in
            let path = try req.options().nonEmptyString("filePath")
            if ImageDownloader.isNetworkURL(path, dialect: req.dialect) {
                throw MediaError.parameter("parameter.filePath should be a local file path, not a network url;")
            }
            _ = try req.session.files.resolve(path)  // hostile paths fail here, before any prompt
            try await req.session.permissions.require(.writePhotosAlbum)
            let bytes = try ImageSource.local(path, session: req.session).bytes()
            do {
                try req.session.photoLibrary().addImage(bytes: bytes, sourceApp: req.session.appID.rawValue)
            } catch let e as MediaError where e.code == .invalidImage {
                throw MediaError(.saveToAlbumFailed, "save image failed: \(e.message)")
            }
            return .object([:])
        }).reading("filePath"),
        // MP4 only (API.md §3); the file is probed through its sandboxed descriptor.
        .async("saveVideoToPhotosAlbum", .async { req in
            let path = try req.options().nonEmptyString("filePath")
            if ImageDownloader.isNetworkURL(path, dialect: req.dialect) {
                throw MediaError.parameter("parameter.filePath should be a local file path, not a network url;")
            }
            _ = try req.session.files.resolve(path)  // hostile paths fail here, before any prompt
            try await req.session.permissions.require(.writePhotosAlbum)
            let source = try ImageSource.local(path, session: req.session)
            do {
                let (w, h) = try PhotoLibrary.videoSize(.descriptor(source.file.fd, name: path), mp4Only: true)
                let bytes = try source.file.readAll(maxBytes: PhotoLibrary.maxVideoBytes)
                try req.session.photoLibrary().add(bytes: bytes, ext: "mp4", kind: .video, width: w, height: h,
                                                   sourceApp: req.session.appID.rawValue)
            } catch let e as MediaError where e.code == .invalidImage {
                throw MediaError(.saveToAlbumFailed, "save video failed: \(e.message)")
            }
            return .object([:])
        }).reading("filePath"),
    ]
}
