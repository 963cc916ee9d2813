import MiniCore
import MiniHost

/// Video as a feature module: `getVideoInfo` and `compressVideo` over MiniCodec, `previewMedia`,
/// `<video>` with `createVideoContext`, and `<live-player>` with `createLivePlayerContext`, with
/// their error numbers. (chooseVideo and saveVideoToPhotosAlbum are MiniPhotos'.)
public struct VideoModule: FeatureModule {
    /// Where `<video>` sound goes (the mixer); nil: nowhere.
    public var audioOutput: (any VideoAudioOutput)?

    public init(audioOutput: (any VideoAudioOutput)? = nil) { self.audioOutput = audioOutput }

    public func register(into registry: inout APIRegistry) throws {
        registry.add([GetVideoInfoAPI.declaration, CompressVideoAPI.declaration, PreviewMediaAPI.declaration])
        registry.add(errors: videoErrorNumbers)
        LivePlayerModule.register(into: &registry, audioOutput: audioOutput)
        registry.add(VideoContextAPI.declarations)
        registry.add(VideoContextAPI.objectClass)
        registry.add(component: VideoComponentFactory(audioOutput: audioOutput))
    }
}
