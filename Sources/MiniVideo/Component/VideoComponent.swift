import MiniCore
import MiniHost

/// Mounts `<video>`: any number per page, each with its own player.
public struct VideoComponentFactory: NativeComponentFactory {
    public let tag = "video"
    /// Where the players' sound goes (nil: nowhere).
    public let audioOutput: (any VideoAudioOutput)?

    public init(audioOutput: (any VideoAudioOutput)? = nil) { self.audioOutput = audioOutput }

    /// `select('#v').context()`: the VideoContext `createVideoContext('v')` gives.
    public func context(session: AppSession, id: String?) -> NativeObject? {
        VideoContextObject(session: session, id: id)
    }

    public var metadata: ComponentMetadata {
        ComponentMetadata(
            attributes: VideoAttributes.names,
            events: ["play", "pause", "ended", "timeupdate", "waiting", "error", "progress", "loadedmetadata", "seekcomplete",
                     "fullscreenchange", "controlstoggle"],
            status: .partial("http(s) sources are downloaded whole (≤ 200 MB) before playing; no on-screen controls"))
    }

    public func mount(_ mount: ComponentMount) throws -> any NativeComponent {
        let events = mount.events
        let controller = VideoController(session: mount.session, id: mount.id) { name, detail in events.fire(name, detail: detail) }
        controller.apply(mount.attributes, initial: true)
        audioOutput?.attach(controller.player.audio, session: mount.session)
        return VideoComponent(controller: controller, audioOutput: audioOutput)
    }
}

/// A mounted `<video>`: relays page lifecycle and attribute changes to its controller.
public final class VideoComponent: NativeComponent {
    public let controller: VideoController
    let audioOutput: (any VideoAudioOutput)?

    init(controller: VideoController, audioOutput: (any VideoAudioOutput)?) {
        self.controller = controller
        self.audioOutput = audioOutput
    }

    public func update(_ changed: [String: HostValue]) { controller.apply(changed, initial: false) }
    public func pageHidden() { controller.pageHidden() }
    public func pageShown() { controller.pageShown() }
    public func unmount() {
        controller.unmount()
        audioOutput?.detach(controller.player.audio, session: controller.session)
    }
}
