import MiniCore
import MiniHost

/// The audio APIs (API.md §4–5) over one `AudioEnvironment`.
public struct AudioModule: FeatureModule {
    public let environment: AudioEnvironment

    public init(environment: AudioEnvironment = AudioEnvironment()) {
        self.environment = environment
    }

    public func register(into registry: inout APIRegistry) throws {
        RecorderAPIs.register(into: &registry, environment: environment)
        PlaybackAPIs.register(into: &registry, environment)
        BackgroundAudioAPIs.register(into: &registry, environment)
        AudioContextAPI.register(into: &registry, environment)
    }
}
