import ArgumentParser
import MiniCamera
import MiniCore
import MiniHost
import MiniPhotos

/// Every API `minimedia run` offers: the foundation plus each feature module, configured from
/// the command line. Feature modules add one line here.
enum StandardRegistry {
    struct DeviceOptions {
        var camera: String
        var microphone: String
        /// `--camera-code FORMAT:TEXT`: a code the synthetic camera shows.
        var cameraCode: String? = nil
    }

    static func make(_ devices: DeviceOptions) throws -> APIRegistry {
        var registry = APIRegistry.foundation()
        var camera = try usage { try CameraEnvironment(cameraSpec: devices.camera, code: devices.cameraCode) }
        camera.albumImage = { session in try await albumImage(session) }
        CameraModule.register(into: &registry, environment: camera)
        registry.addPhotos(PhotosConfiguration(stillPhotos: CameraStillPhotoSource(environment: camera)))
        return registry
    }

    /// A configuration error from a module, as a usage error.
    static func usage<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as MediaError { throw ValidationError(e.message) }
    }
}
