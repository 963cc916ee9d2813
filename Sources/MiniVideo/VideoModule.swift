import MiniCore
import MiniHost

/// Video files as a feature module: `getVideoInfo` and `compressVideo` over MiniCodec and
/// `previewMedia`, `<video>` with `createVideoContext`, with their error numbers. (chooseVideo and saveVideoToPhotosAlbum, which need
/// videos in the album, are not here yet.)
public struct VideoModule: FeatureModule {
    /// Where `<video>` sound goes (the mixer); nil: nowhere.
    public var audioOutput: (any VideoAudioOutput)?

    public init(audioOutput: (any VideoAudioOutput)? = nil) { self.audioOutput = audioOutput }

    public func register(into registry: inout APIRegistry) throws {
        registry.add([GetVideoInfoAPI.declaration, CompressVideoAPI.declaration, PreviewMediaAPI.declaration])
        registry.add(errors: videoErrorNumbers)
        registry.add(VideoContextAPI.declarations); registry.add(VideoContextAPI.objectClass); registry.add(component: VideoComponentFactory(audioOutput: audioOutput))
    }
}
