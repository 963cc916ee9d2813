import MiniHost

/// What the image APIs need from the host: where camera shots come from and how network images
/// are fetched. The album picker and previews go through the session's `SimulatedUser`.
public struct PhotosConfiguration: Sendable {
    /// Camera shots for `sourceType: ['camera']`; nil means no camera (those calls fail with
    /// "not supported").
    public var stillPhotos: (any StillPhotoSource)?
    /// Network fetches for `getImageInfo` and `previewImage`.
    public var downloader: ImageDownloader

    public init(
        stillPhotos: (any StillPhotoSource)? = nil, downloader: ImageDownloader = ImageDownloader()
    ) {
        self.stillPhotos = stillPhotos
        self.downloader = downloader
    }
}
