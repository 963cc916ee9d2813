import MiniCore
import MiniHost

/// The camera as a feature module: `<camera>`, `createCameraContext()` (CameraContext,
/// CameraFrameListener), `scanCode` and Alipay's `my.scan`, with their error numbers.
public struct CameraModule: FeatureModule {
    public var environment: CameraEnvironment

    public init(environment: CameraEnvironment) { self.environment = environment }

    public func register(into registry: inout APIRegistry) throws {
        Self.register(into: &registry, environment: environment)
    }

    /// Adds the camera APIs to `registry`, backed by `environment`. Returns the environment so a
    /// host can also hand `CameraStillPhotoSource(environment:)` to the image pickers.
    @discardableResult
    public static func register(into registry: inout APIRegistry, environment: CameraEnvironment) -> CameraEnvironment {
        registry.add(CameraContextAPI.declarations)
        registry.add(CameraContextAPI.objectClass)
        registry.add(CameraFrameListenerAPI.objectClass)
        registry.add(ScanCodeAPI.declarations(environment))
        registry.add(AlipayScanAPI.declarations(environment))
        registry.add(component: CameraComponentFactory(environment: environment))
        registry.add(errors: cameraErrorNumbers)
        registry.add(errors: recordingErrorNumbers)
        return environment
    }

    /// The command-line form: `--camera SPEC` and optional `--camera-code FORMAT:TEXT`.
    @discardableResult
    public static func register(into registry: inout APIRegistry, cameraSpec: String, code: String? = nil) throws
        -> CameraEnvironment
    {
        register(into: &registry, environment: try CameraEnvironment(cameraSpec: cameraSpec, code: code))
    }
}
