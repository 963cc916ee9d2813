import MiniHost

/// What the image APIs need from the host: where camera shots come from and how network images
/// are fetched. The album picker and previews go through the session's `SimulatedUser`.
public struct PhotosConfiguration: Sendable {
    /// Camera shots for `sourceType: ['camera']`; nil means no camera (those calls fail with
    /// "not supported").
    public var stillPhotos: (any StillPhotoSource)?
    /// Camera clips for `chooseVideo` / `chooseMedia` videos with `sourceType: ['camera']`; nil:
    /// those calls fail with "not supported".
    public var videoClips: (any VideoClipSource)?
    /// Network fetches for `getImageInfo` and `previewImage`.
    public var downloader: ImageDownloader

    public init(
        stillPhotos: (any StillPhotoSource)? = nil, downloader: ImageDownloader = ImageDownloader(),
        videoClips: (any VideoClipSource)? = nil
    ) {
        self.stillPhotos = stillPhotos
        self.videoClips = videoClips
        self.downloader = downloader
    }
}
