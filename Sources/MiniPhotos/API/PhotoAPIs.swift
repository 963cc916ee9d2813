import MiniCore
import MiniHost

extension APIRegistry {
    /// Adds the image and photo-album APIs: `getImageInfo`, `compressImage`, `chooseImage`,
    /// `chooseMedia` (images), `previewImage`, `saveImageToPhotosAlbum` and
    /// `saveVideoToPhotosAlbum` and `chooseVideo` (album videos), with their error numbers.
    public mutating func addPhotos(_ configuration: PhotosConfiguration = PhotosConfiguration()) {
        add(PhotoAPIs.declarations(configuration))
        add(errors: photoErrorNumbers)
    }
}

/// The image and photo-album APIs as a feature module a host registers.
public struct PhotosModule: FeatureModule {
    public var configuration: PhotosConfiguration

    public init(_ configuration: PhotosConfiguration = PhotosConfiguration()) { self.configuration = configuration }

    public func register(into registry: inout APIRegistry) throws { registry.addPhotos(configuration) }
}

enum PhotoAPIs {
    static func declarations(_ c: PhotosConfiguration) -> [APIDeclaration] {
        [
            GetImageInfoAPI.declaration(c),
            CompressImageAPI.declaration,
            ChooseImageAPI.declaration(c),
            ChooseMediaAPI.declaration(c),
            PreviewImageAPI.declaration(c),
            ChooseVideoAPI.declaration(c),
        ] + SaveToAlbumAPI.declarations
    }
}

extension AppSession {
    /// The device-wide photo album, opened once per session.
    public func photoLibrary() throws -> PhotoLibrary {
        try service(PhotoLibrary.self) { try PhotoLibrary(dataDirectory: dataDirectory, clock: clock) }
    }
}
