import MiniCore
import MiniHost

extension APIRegistry {
    /// Adds the image and photo-album APIs: `getImageInfo`, `compressImage`, `chooseImage`,
    /// `chooseMedia` (images), `previewImage`, `saveImageToPhotosAlbum` and
    /// `saveVideoToPhotosAlbum` (not supported yet).
    public mutating func addPhotos(_ configuration: PhotosConfiguration = PhotosConfiguration()) {
        add(PhotoAPIs.declarations(configuration))
    }
}

enum PhotoAPIs {
    static func declarations(_ c: PhotosConfiguration) -> [APIDeclaration] {
        [
            GetImageInfoAPI.declaration(c),
            CompressImageAPI.declaration,
            ChooseImageAPI.declaration(c),
            ChooseMediaAPI.declaration(c),
            PreviewImageAPI.declaration(c),
        ] + SaveToAlbumAPI.declarations
    }
}

extension AppSession {
    /// The device-wide photo album, opened once per session.
    public func photoLibrary() throws -> PhotoLibrary {
        try service(PhotoLibrary.self) { try PhotoLibrary(dataDirectory: dataDirectory, clock: clock) }
    }
}
