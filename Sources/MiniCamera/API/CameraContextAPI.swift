import MiniCore
import MiniHost

/// The object `createCameraContext()` returns: bound to the page's only `<camera>`, looked up
/// when a method runs.
final class CameraContextObject: NativeObject, @unchecked Sendable {
    override var className: String { "CameraContext" }
    let hub: CameraHub

    init(hub: CameraHub) {
        self.hub = hub
        super.init()
    }

    func controller() throws -> CameraController {
        guard let c = hub.controller else {
            throw MediaError.internalError("no camera component on the page")
        }
        return c
    }
}

/// `createCameraContext()` and CameraContext's methods (not promisified, as on WeChat).
enum CameraContextAPI {
    static let declarations: [APIDeclaration] = [
        .factory("createCameraContext") { req in CameraContextObject(hub: CameraHub.of(req.session)) }
    ]

    static let objectClass = ObjectClass(
        "CameraContext",
        members: [
            .async("takePhoto", promise: false, .async { req in
                let o = try req.options()
                let quality: PhotoQuality = try o.enumeration("quality", default: .normal)
                let mirror = try o.bool("selfieMirror", default: true)
                let photo = try await req.target(as: CameraContextObject.self).controller()
                    .takePhoto(quality: quality, selfieMirror: mirror)
                return .object([
                    "tempImagePath": .string(photo.path), "width": .number(Double(photo.width)),
                    "height": .number(Double(photo.height)),
                ])
            }),
            // Immediate: zoom changes apply in call order (a later setZoom always wins).
            .async("setZoom", promise: false, .immediate { req in
                let zoom = try req.options().number("zoom")
                let set = try req.target(as: CameraContextObject.self).controller().setZoom(zoom)
                return .object(["zoom": .number(set)])
            }),
            // H.264 + AAC MP4 (API.md §2): timeout 1...300 s (default 30), selfieMirror, timeoutCallback.
            // Ordered: queued on the JS thread, so a stopRecord in the same tick finds it.
            .async("startRecord", promise: false, .ordered { req in
                let o = try req.options()
                let timeout = try o.number("timeout", default: 30, in: 1...300)
                let mirror = try o.bool("selfieMirror", default: true)
                let callback = try o.optionalFunction("timeoutCallback")
                let controller = try req.target(as: CameraContextObject.self).controller()
                let options = RecordOptions(timeout: .milliseconds(Int64((timeout * 1000).rounded())), selfieMirror: mirror)
                return controller.recordingCalls.run {
                    try await controller.startRecord(options, timeoutCallback: callback)
                    return .object([:])
                }
            }).reading("timeout", "selfieMirror", "timeoutCallback").returning([]),
            .async("stopRecord", promise: false, .ordered { req in
                let compressed = try req.options().bool("compressed", default: false)
                let controller = try req.target(as: CameraContextObject.self).controller()
                return controller.recordingCalls.run { try await controller.stopRecord(compressed: compressed).hostValue }
            }).reading("compressed").returning("tempThumbPath", "tempVideoPath"),
            APIDeclaration("onCameraFrame", .factory({ req in
                let o = try req.options()
                guard case .function(let callback)? = o["callback"] else {
                    throw MediaError.parameter("parameter.callback should be Function instead of \((o["callback"] ?? .undefined).typeName);")
                }
                return CameraFrameListenerObject(context: try req.target(as: CameraContextObject.self), callback: callback)
            }), parameters: ["callback"]),
        ])
}
