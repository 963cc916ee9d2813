import Dispatch
import MiniCore
import MiniHost
import Synchronization

/// Mounts `<audio>` (the legacy audio component): any number per page, each an `AudioPlayer`
/// on the session's mixer. Attributes id, src, loop, controls, poster, name, author; events
/// play, pause, timeupdate `{currentTime, duration}`, ended, error `{errCode, errMsg}`. Driven by
/// `wx.createAudioContext(id)` (setSrc, play, pause, seek). The page hiding pauses it.
public struct AudioComponentFactory: NativeComponentFactory {
    public let tag = "audio"
    let environment: AudioEnvironment

    public init(environment: AudioEnvironment) { self.environment = environment }

    public func context(session: AppSession, id: String?) -> NativeObject? { AudioContextObject(session: session, id: id) }

    public var metadata: ComponentMetadata {
        ComponentMetadata(attributes: ["id", "src", "loop", "controls", "poster", "name", "author"],
                          events: ["play", "pause", "timeupdate", "ended", "error"],
                          status: .partial("on-screen controls (controls, poster, name, author) are drawn only by the browser simulator, `minimedia serve`"))
    }

    public func mount(_ mount: ComponentMount) throws -> any NativeComponent {
        let events = mount.events
        let element = AudioElement(session: mount.session, environment: environment) { name, detail in events.fire(name, detail: detail) }
        element.update(mount.attributes)
        return element
    }
}

/// A mounted `<audio>`.
public final class AudioElement: NativeComponent, @unchecked Sendable {
    public let session: AppSession
    private(set) var player: AudioPlayer!
    /// Player events leave here in order: the player calls out with its lock held.
    private let queue = DispatchQueue(label: "minimedia.audio-element")

    /// The attributes as the page set them.
    public struct Attributes: Sendable, Equatable {
        public var src = ""
        public var loop = false
        public var controls = false
        public var poster = ""
        public var name = ""
        public var author = ""
    }
    private let state = Mutex(Attributes())
    public var attributes: Attributes { state.withLock { $0 } }

    /// The element's player (what its controls show and drive: `paused`, `currentTime`,
    /// `duration`, `play()`, `pause()`), as `AudioContext` drives it.
    public var audioPlayer: AudioPlayer { player }

    init(session: AppSession, environment: AudioEnvironment, fire: @escaping @Sendable (String, HostValue) -> Void) {
        self.session = session
        let holder = ElementHolder()
        let queue = self.queue
        let work = session.events
        player = AudioPlayer(mixer: AudioMixer.of(session, environment: environment),
                             pendingWork: { work.pendingWork("<audio> src") }) { event in
            queue.async {
                guard let player = holder.element?.player, !player.isDestroyed else { return }
                switch event {
                case .play: fire("play", .object([:]))
                case .pause, .stop: fire("pause", .object([:]))
                case .ended: fire("ended", .object([:]))
                case .timeUpdate:
                    fire("timeupdate", .object(["currentTime": .number(PlaybackAPIs.rounded(player.currentTime)),
                                                "duration": .number(PlaybackAPIs.rounded(player.duration))]))
                case .error(let code, let message):
                    fire("error", .object(["errCode": .number(Double(code)), "errMsg": .string(message)]))
                default: break
                }
            }
        }
        holder.element = self
    }

    public func update(_ changed: [String: HostValue]) {
        var warnings: [String] = []
        let (old, new) = state.withLock { a -> (Attributes, Attributes) in
            let old = a
            for (key, value) in changed {
                switch key {
                case "src", "poster", "name", "author":
                    guard case .string(let s) = value else {
                        warnings.append("<audio> \(key) should be a String instead of \(value.typeName); ignored")
                        continue
                    }
                    switch key {
                    case "src": a.src = s
                    case "poster": a.poster = s
                    case "name": a.name = s
                    default: a.author = s
                    }
                case "loop", "controls":
                    let b: Bool
                    switch value {
                    case .bool(let v): b = v
                    case .string(""), .string("true"): b = true
                    case .string("false"), .undefined, .null: b = false
                    default:
                        warnings.append("<audio> \(key) should be a Boolean instead of \(value.typeName); ignored")
                        continue
                    }
                    if key == "loop" { a.loop = b } else { a.controls = b }
                default: break
                }
            }
            return (old, a)
        }
        warnings.forEach(session.events.warn)
        player.loop = new.loop
        if old.src != new.src || (changed["src"] != nil && old.src.isEmpty) { load(new.src) }
    }

    /// `AudioContext.setSrc`: a new source, paused.
    func setSource(_ src: String) {
        state.withLock { $0.src = src }
        load(src)
    }

    private func load(_ src: String) {
        guard !src.isEmpty else { return }
        let session = self.session
        player.load({ InnerAudioContextObject.open(src, session: session) }, autoplay: false)
    }

    public func pageHidden() { player.pause() }
    public func unmount() { player.destroy() }
}

private final class ElementHolder: @unchecked Sendable {
    weak var element: AudioElement?
}

/// The object `createAudioContext(id)` returns: bound to the `<audio>` with that id on the
/// current page, looked up when a method runs.
final class AudioContextObject: ComponentContextObject, @unchecked Sendable {
    override var className: String { "AudioContext" }

    init(session: AppSession, id: String?) { super.init(session: session, tag: "audio", id: id) }

    func element() throws -> AudioElement { try component(as: AudioElement.self) }
}

/// `createAudioContext(id)` and AudioContext's methods.
enum AudioContextAPI {
    static func register(into registry: inout APIRegistry, _ environment: AudioEnvironment) {
        registry.add(component: AudioComponentFactory(environment: environment))
        registry.add(declarations)
        registry.add(objectClass)
    }

    static let declarations: [APIDeclaration] = [
        .factory("createAudioContext", parameters: ["id", "component"]) { req in
            let o = try req.options()
            guard case .string(let id)? = o["id"], !id.isEmpty else {
                throw MediaError.parameter("parameter.id should be String instead of \((o["id"] ?? .undefined).typeName);")
            }
            return AudioContextObject(session: req.session, id: id)
        }
    ]

    private static func control(_ name: String, parameters: [String] = [], _ body: @escaping @Sendable (AudioElement, Options) throws -> Void)
        -> APIDeclaration
    {
        .direct(name, parameters: parameters) { req in
            let o = try req.options()
            try body(try req.target(as: AudioContextObject.self).element(), o)
            return .undefined
        }
    }

    static let objectClass = ObjectClass(
        "AudioContext",
        members: [
            control("setSrc", parameters: ["src"]) { e, o in e.setSource(try o.string("src")) },
            control("play") { e, _ in e.player.play() },
            control("pause") { e, _ in e.player.pause() },
            control("seek", parameters: ["position"]) { e, o in e.player.seek(try o.number("position", in: 0...Double(Int32.max))) },
        ])
}
