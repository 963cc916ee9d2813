import MiniHost
import Synchronization

/// Per-session link between the page's `<camera>` and the CameraContexts that drive it
/// (`createCameraContext()` binds to the only camera on the page).
public final class CameraHub: Sendable {
    private let current = Mutex<CameraController?>(nil)

    public init() {}

    /// The hub of `session`.
    public static func of(_ session: AppSession) -> CameraHub { session.service(CameraHub.self) { CameraHub() } }

    /// The mounted camera, if any.
    public var controller: CameraController? { current.withLock { $0 } }

    func attach(_ c: CameraController) { current.withLock { $0 = c } }

    func detach(_ c: CameraController) { current.withLock { if $0 === c { $0 = nil } } }
}
