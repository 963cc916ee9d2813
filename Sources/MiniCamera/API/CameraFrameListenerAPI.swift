import MiniCore
import MiniHost

/// The `CameraFrameListener` `onCameraFrame(callback)` returns.
final class CameraFrameListenerObject: NativeObject, @unchecked Sendable {
    override var className: String { "CameraFrameListener" }
    let context: CameraContextObject
    let callback: FunctionRef

    init(context: CameraContextObject, callback: FunctionRef) {
        self.context = context
        self.callback = callback
        super.init()
    }
}

/// `listener.start()` / `listener.stop()`.
enum CameraFrameListenerAPI {
    static let objectClass = ObjectClass(
        "CameraFrameListener",
        members: [
            // Immediate, so start / stop apply in call order.
            .async("start", promise: false, .immediate { req in
                _ = try req.options()
                let listener = try req.target(as: CameraFrameListenerObject.self)
                try listener.context.controller().startFrames(owner: listener.handle, callback: listener.callback)
                return .object([:])
            }),
            .async("stop", promise: false, .immediate { req in
                _ = try req.options()
                let listener = try req.target(as: CameraFrameListenerObject.self)
                listener.context.hub.controller?.stopFrames(owner: listener.handle)
                return .object([:])
            }),
        ])
}
