import MiniCore
import MiniHost

/// Mounts `<live-player>`: a `LivePlayer` per element, started at once when `autoplay` is set.
public struct LivePlayerComponentFactory: NativeComponentFactory {
    public let tag = "live-player"
    /// Where the stream's sound goes (the mixer); nil: nowhere.
    public let audioOutput: (any VideoAudioOutput)?

    public init(audioOutput: (any VideoAudioOutput)? = nil) { self.audioOutput = audioOutput }

    /// `select('#live').context()`: the same LivePlayerContext `createLivePlayerContext(id)` gives.
    public func context(session: AppSession, id: String?) -> NativeObject? {
        LivePlayerContextObject(session: session, id: id)
    }

    public var metadata: ComponentMetadata {
        ComponentMetadata(
            attributes: [
                "src", "mode=live|RTC", "autoplay", "muted", "orientation=vertical|horizontal", "object-fit=contain|fillCrop",
                "min-cache", "max-cache", "sound-mode=speaker|ear", "auto-pause-if-navigate", "auto-pause-if-open-native",
            ],
            events: ["statechange", "netstatus", "fullscreenchange", "audiovolumenotify"],
            status: .partial("RTMP, HTTP-FLV and HLS; statechange warnings 2104, 2105, 2107 (never 2101, 2102, 2106, 2108); auto-pause-if-open-native is read but no native page signals it yet"))
    }

    public func mount(_ mount: ComponentMount) throws -> any NativeComponent {
        var warnings: [String] = []
        let settings = LivePlayerSettings(attributes: mount.attributes, warnings: &warnings)
        warnings.forEach(mount.session.events.warn)
        let events = mount.events
        let player = LivePlayer(session: mount.session, settings: settings, emit: { events.fire($0, detail: $1) })
        audioOutput?.attach(player.audio, session: mount.session)
        if settings.autoplay, !settings.src.isEmpty { player.play() }
        return LivePlayerComponent(player: player, audioOutput: audioOutput, session: mount.session)
    }
}

/// A mounted `<live-player>`: relays attribute changes and page lifecycle to its player.
public final class LivePlayerComponent: NativeComponent {
    public let player: LivePlayer
    private let audioOutput: (any VideoAudioOutput)?
    private let session: AppSession

    init(player: LivePlayer, audioOutput: (any VideoAudioOutput)?, session: AppSession) {
        self.player = player
        self.audioOutput = audioOutput
        self.session = session
    }

    public func update(_ changed: [String: HostValue]) { player.update(changed) }
    /// `auto-pause-if-navigate` (default true): the page hiding pauses, showing again resumes.
    public func pageHidden() { player.pageHidden() }
    public func pageShown() { player.pageShown() }
    public func unmount() {
        player.stop()
        audioOutput?.detach(player.audio, session: session)
    }
}
