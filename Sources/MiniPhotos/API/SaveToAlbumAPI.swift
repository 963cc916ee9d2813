import MiniCore
import MiniHost
import MiniImaging

/// `saveImageToPhotosAlbum({filePath})`: copies a local image of the app into the device-wide
/// album, behind `scope.writePhotosAlbum` (Douyin `scope.album`, Alipay `album`).
/// `saveVideoToPhotosAlbum` is declared but not supported yet.
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
        .async("saveVideoToPhotosAlbum", .async { req in
            _ = try req.options().nonEmptyString("filePath")
            throw MediaError(.notSupported, "saving video to the photo album is not supported yet")
        }).status(.fails("saving video to the photo album is not supported yet")),
    ]
}
