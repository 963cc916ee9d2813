import Foundation

/// The native components mounted on the current page, by tag and id, so context factories
/// (`createVideoContext(id)`, `createLivePlayerContext(id)`, `createAudioContext(id)`,
/// `createCameraContext()`) find theirs. The page runner registers and unregisters them.
public final class MountedComponents: @unchecked Sendable {
    public struct Entry: Sendable {
        public let tag: String
        public let id: String?
        public let component: any NativeComponent
    }

    private let lock = NSLock()
    private var entries: [Entry] = []

    public init() {}

    public func register(tag: String, id: String?, _ component: any NativeComponent) {
        lock.withLock { entries.append(Entry(tag: tag, id: id, component: component)) }
    }

    public func unregister(_ component: any NativeComponent) {
        lock.withLock { entries.removeAll { $0.component === component } }
    }

    /// The component of `tag` with `id`; with no id, the first of that tag.
    public func find(tag: String, id: String? = nil) -> (any NativeComponent)? {
        lock.withLock { entries.first { $0.tag == tag && (id == nil || $0.id == id) }?.component }
    }

    /// Every mounted component of `tag`, in page order.
    public func all(tag: String) -> [Entry] { lock.withLock { entries.filter { $0.tag == tag } } }
}
