import MiniCamera
import MiniCore
import MiniHost
import Synchronization

/// How the browser shows a native component of one tag beyond its attributes: a live image
/// stream (the camera's preview; later `<video>` and `<live-player>`'s latest decoded frame).
///
/// The hook for the players built beside the simulator: a module registers a view for its tag
/// in `ComponentViewRegistry`, and the simulator starts it while an element of that tag is on
/// the page (`start` with a sink that takes the newest frame, `stop` when it leaves). The
/// browser draws frames for the tag into the element's `<img>` (keyed by the view name).
public protocol ComponentView: Sendable {
    /// Starts producing frames for the page's component; `frames` keeps only the newest.
    func start(session: AppSession, frames: @escaping @Sendable (PreviewImage) -> Void)
    /// Stops producing frames.
    func stop(session: AppSession)
}

/// The component views by tag. `standard` has the camera's; `<video>`, `<live-player>` and
/// audio register theirs here (`register(tag:_:)`) when they land, with no simulator change.
public final class ComponentViewRegistry: Sendable {
    private let views = Mutex<[String: any ComponentView]>([:])
    private let stateViews = Mutex<[String: any ComponentStateView]>([:])

    public init() {}

    /// A registry with the shipped views (`camera`, `live-player`, `video`; `audio`'s controls).
    public static func standard() -> ComponentViewRegistry {
        let r = ComponentViewRegistry()
        r.register(tag: "camera", CameraPreviewView())
        r.register(tag: "live-player", PlayerScreenView.livePlayer())
        r.register(tag: "video", PlayerScreenView.video())
        r.register(tag: "audio", state: AudioControlsView())
        return r
    }

    public func register(tag: String, _ view: any ComponentView) { views.withLock { $0[tag] = view } }

    public func view(for tag: String) -> (any ComponentView)? { views.withLock { $0[tag] } }

    public var tags: Set<String> { views.withLock { Set($0.keys) } }

    /// Registers the state view of `tag` (its controls in the browser).
    public func register(tag: String, state view: any ComponentStateView) { stateViews.withLock { $0[tag] = view } }

    /// The state view of `tag`, if one is registered.
    public func stateView(for tag: String) -> (any ComponentStateView)? { stateViews.withLock { $0[tag] } }

    /// The tags with a state view.
    public var stateTags: Set<String> { stateViews.withLock { Set($0.keys) } }
}

/// The camera's live view: a `CameraPreviewEncoder` set as the session's camera preview
/// (640 px long edge, JPEG quality 70, newest frame wins).
public final class CameraPreviewView: ComponentView {
    private let encoder = Mutex<CameraPreviewEncoder?>(nil)
    public let longEdge: Int

    public init(longEdge: Int = 640) { self.longEdge = longEdge }

    public func start(session: AppSession, frames: @escaping @Sendable (PreviewImage) -> Void) {
        let e = CameraPreviewEncoder(longEdge: longEdge, output: frames)
        encoder.withLock { $0 = e }
        CameraHub.of(session).setPreview(e)
    }

    public func stop(session: AppSession) {
        encoder.withLock { $0 = nil }
        CameraHub.of(session).setPreview(nil)
    }

    /// Frames encoded / replaced before encoding, so far.
    public var counts: (encoded: Int, dropped: Int) { encoder.withLock { $0?.counts ?? (0, 0) } }
}

/// How the browser shows a native component's state (beyond its attributes and frames) and
/// sends the user's input on it back to the host: `<audio>`'s controls. The host stays the one
/// source of truth: the browser draws what `states` reports and asks for changes through
/// `control`; it never keeps playback state of its own.
///
/// A module registers one per tag in `ComponentViewRegistry` (`register(tag:state:)`); while
/// elements of that tag are on the page the simulator polls `states` and pushes changes as
/// `componentState` messages, and hands the browser's `control` messages here.
public protocol ComponentStateView: Sendable {
    /// The state of each mounted component of the tag on the session's current page, in page
    /// order: a JSON object per element, with its `id` (or null) so the browser finds it.
    func states(session: AppSession) -> [HostValue]
    /// The user worked a control of the element with `id` (or, with no id, the `index`-th of
    /// the tag in page order): `action`, e.g. `play`. Returns the reason when it was refused.
    func control(session: AppSession, id: String?, index: Int, action: String) -> String?
}

