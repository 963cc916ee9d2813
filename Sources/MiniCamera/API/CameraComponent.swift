import MiniCore
import MiniHost

/// Mounts `<camera>`: one per page; the camera starts (permission, open, `initdone`) at once.
public struct CameraComponentFactory: NativeComponentFactory {
    public let tag = "camera"
    public let environment: CameraEnvironment

    public init(environment: CameraEnvironment) { self.environment = environment }

    /// `select('#cam').context()`: the same CameraContext `createCameraContext()` gives.
    public func context(session: AppSession, id: String?) -> NativeObject? {
        CameraContextObject(hub: CameraHub.of(session))
    }

    public var metadata: ComponentMetadata {
        ComponentMetadata(
            attributes: [
                "mode=normal|scanCode", "resolution=low|medium|high", "device-position=front|back", "flash=auto|on|off|torch",
                "frame-size=small|medium|large",
            ],
            events: ["initdone", "stop", "error", "scancode"],
            status: .partial("one per page; Alipay's outputDimension is not read"))
    }

    public func mount(_ mount: ComponentMount) throws -> any NativeComponent {
        let events = mount.events
        guard mount.siblingsOfSameTag == 0 else {
            // A second <camera>: no device is opened; the page hears why.
            let error = MediaError(.notSupported, "only one camera component is allowed per page")
            events.fire("error", detail: mount.session.failure(api: "insertCamera", error: error))
            return InertComponent()
        }
        var warnings: [String] = []
        let settings = CameraSettings(attributes: mount.attributes, dialect: mount.session.dialect, warnings: &warnings)
        warnings.forEach(mount.session.events.warn)
        let controller = CameraController(
            environment: environment, session: mount.session, settings: settings,
            emit: { event, detail in events.fire(event, detail: detail) })
        let hub = CameraHub.of(mount.session)
        hub.attach(controller)
        controller.start()
        return CameraComponent(controller: controller, hub: hub)
    }
}

/// A mounted `<camera>`: relays page lifecycle and attribute changes to its controller.
final class CameraComponent: NativeComponent {
    let controller: CameraController
    let hub: CameraHub

    init(controller: CameraController, hub: CameraHub) {
        self.controller = controller
        self.hub = hub
    }

    func update(_ changed: [String: HostValue]) { controller.update(changed) }
    func pageHidden() {
        controller.pageHidden()
        // CameraContexts of the page now on top must not drive this camera.
        hub.detach(controller)
    }
    func pageShown() {
        hub.attach(controller)
        controller.pageShown()
    }
    func unmount() {
        controller.unmount()
        hub.detach(controller)
    }
}

/// The extra `<camera>` of a page: does nothing.
final class InertComponent: NativeComponent {
    func update(_ changed: [String: HostValue]) {}
    func pageHidden() {}
    func unmount() {}
}
