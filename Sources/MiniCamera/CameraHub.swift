import MiniHost
import Synchronization

/// Per-session link between the page's `<camera>` and the CameraContexts that drive it
/// (`createCameraContext()` binds to the only camera on the page).
public final class CameraHub: Sendable {
    private let current = Mutex<CameraController?>(nil)
    private let previewSink = Mutex<(any CameraPreviewSink)?>(nil)

    public init() {}

    /// The hub of `session`.
    public static func of(_ session: AppSession) -> CameraHub { session.service(CameraHub.self) { CameraHub() } }

    /// The mounted camera, if any.
    public var controller: CameraController? { current.withLock { $0 } }

    /// The consumer that shows the camera outside the page (the browser simulator), if any.
    public var preview: (any CameraPreviewSink)? { previewSink.withLock { $0 } }

    /// Sets (or, with nil, removes) the preview consumer: every frame the camera pumps is offered
    /// to it, and the camera pumps frames while it is set even when the page reads none.
    public func setPreview(_ sink: (any CameraPreviewSink)?) {
        previewSink.withLock { $0 = sink }
        controller?.ensurePump()
    }

    func attach(_ c: CameraController) { current.withLock { $0 = c } }

    func detach(_ c: CameraController) { current.withLock { if $0 === c { $0 = nil } } }
}
