import ArgumentParser
import MiniCore
import MiniHost

/// Every API `minimedia run` offers: the foundation plus each feature module, configured from
/// the command line. Feature modules add one line here.
enum StandardRegistry {
    struct DeviceOptions {
        var camera: String
        var microphone: String
        var picker: String
    }

    static func make(_ devices: DeviceOptions) throws -> APIRegistry {
        var registry = APIRegistry.foundation()
        _ = devices
        _ = registry.globals
        return registry
    }
}
