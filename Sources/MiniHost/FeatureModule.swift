/// A feature module a host app registers (photos, camera, and the host's own APIs): it adds its
/// APIs, object classes, native components and error numbers to the registry.
public protocol FeatureModule: Sendable {
    func register(into registry: inout APIRegistry) throws
}

extension APIRegistry {
    /// The foundation plus `modules`, in order.
    public static func with(_ modules: [any FeatureModule]) throws -> APIRegistry {
        var registry = APIRegistry.foundation()
        for module in modules { try module.register(into: &registry) }
        return registry
    }
}
