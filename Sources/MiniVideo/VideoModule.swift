import MiniCore
import MiniHost

/// Video files as a feature module: `getVideoInfo` and `compressVideo` over MiniCodec, with
/// their error numbers. (chooseVideo, previewMedia and saveVideoToPhotosAlbum are not here yet.)
public struct VideoModule: FeatureModule {
    public init() {}

    public func register(into registry: inout APIRegistry) throws {
        registry.add([GetVideoInfoAPI.declaration, CompressVideoAPI.declaration])
        registry.add(errors: videoErrorNumbers)
    }
}
