import MiniCore
import MiniHost

/// Mounts `<live-player>`: a `LivePlayer` per element, started at once when `autoplay` is set.
public struct LivePlayerComponentFactory: NativeComponentFactory {
    public let tag = "live-player"

    public init() {}

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
            status: .partial("RTMP, HTTP-FLV and HLS; auto-pause-if-open-native is read but no native page signals it yet"))
    }

    public func mount(_ mount: ComponentMount) throws -> any NativeComponent {
        var warnings: [String] = []
        let settings = LivePlayerSettings(attributes: mount.attributes, warnings: &warnings)
        warnings.forEach(mount.session.events.warn)
        let events = mount.events
        let player = LivePlayer(session: mount.session, settings: settings, emit: { events.fire($0, detail: $1) })
        if settings.autoplay, !settings.src.isEmpty { player.play() }
        return LivePlayerComponent(player: player)
    }
}

/// A mounted `<live-player>`: relays attribute changes and page lifecycle to its player.
public final class LivePlayerComponent: NativeComponent {
    public let player: LivePlayer

    init(player: LivePlayer) { self.player = player }

    public func update(_ changed: [String: HostValue]) { player.update(changed) }
    /// `auto-pause-if-navigate` (default true): the page hiding pauses, showing again resumes.
    public func pageHidden() { player.pageHidden() }
    public func pageShown() { player.pageShown() }
    public func unmount() { player.stop() }
}
