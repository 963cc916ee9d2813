import Synchronization

/// A native object JS holds a handle to: a FileSystemManager, a CameraContext, a listener.
/// Subclasses declare their JS methods in an `ObjectClass` registered with the `APIRegistry`.
open class NativeObject: @unchecked Sendable {
    private static let counter = Atomic<UInt64>(0)

    /// Unique for the life of the process; events name their target by it.
    public let handle: UInt64

    public init() {
        handle = Self.counter.add(1, ordering: .relaxed).newValue
    }

    /// The name of this object's `ObjectClass`.
    open var className: String { String(describing: type(of: self)) }
}
