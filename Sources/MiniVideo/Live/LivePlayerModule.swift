import MiniHost

/// `<live-player>`, `createLivePlayerContext` and LivePlayerContext, registered by VideoModule.
public enum LivePlayerModule {
    public static func register(into registry: inout APIRegistry, audioOutput: (any VideoAudioOutput)? = nil) {
        registry.add(LivePlayerContextAPI.declarations)
        registry.add(LivePlayerContextAPI.objectClass)
        registry.add(component: LivePlayerComponentFactory(audioOutput: audioOutput))
    }
}
