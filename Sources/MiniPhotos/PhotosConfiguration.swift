import MiniHost

/// What the image APIs need from the host: who picks from the album, where camera shots come
/// from, where previews are shown, and how network images are fetched.
public struct PhotosConfiguration: Sendable {
    /// Answers `chooseImage` / `chooseMedia` album pickers.
    public var picker: any AlbumPicking
    /// Camera shots for `sourceType: ['camera']`; nil means no camera (those calls fail with
    /// "not supported").
    public var stillPhotos: (any StillPhotoSource)?
    /// Where `previewImage` shows its images.
    public var ui: any HostUISurface
    /// Network fetches for `getImageInfo` and `previewImage`.
    public var downloader: ImageDownloader

    public init(
        picker: any AlbumPicking = AlbumPickers.First(), stillPhotos: (any StillPhotoSource)? = nil,
        ui: any HostUISurface = HostUISurfaces.Console(), downloader: ImageDownloader = ImageDownloader()
    ) {
        self.picker = picker
        self.stillPhotos = stillPhotos
        self.ui = ui
        self.downloader = downloader
    }
}
