import Foundation
import MiniCore
import MiniHost
import MiniWXML

/// The native components a page's WXML declares, their bound attributes, and the native
/// instances mounted for them. Bindings are re-evaluated after each `setData`; only changed
/// attributes reach the component.
final class PageComponents {
    struct Entry {
        let spec: ComponentSpec
        var resolved: ResolvedComponent
        var native: (any NativeComponent)?
    }

    let document: WXMLDocument
    private(set) var data: HostValue
    private(set) var entries: [Entry] = []

    init(wxml source: String, data: HostValue) throws {
        document = try WXMLDocument(parsing: source)
        self.data = data
        entries = document.nativeComponents.map { Entry(spec: $0, resolved: $0.resolve(data: data), native: nil) }
    }

    /// Mounts a native instance for each component whose tag has a factory, and lists it in the
    /// session's mounted components (by tag and id).
    func mount(session: AppSession, relay: (Int) -> any ComponentEventSink, observe: (AppEvent) -> Void) throws {
        var seen: [String: Int] = [:]
        for i in entries.indices {
            let r = entries[i].resolved
            observe(.componentMounted(tag: r.tag, id: r.id, attributes: r.attributes))
            let count = seen[r.tag, default: 0]
            seen[r.tag] = count + 1
            guard let factory = session.registry.components[r.tag] else { continue }
            let mount = ComponentMount(
                tag: r.tag, id: r.id, attributes: r.attributes, session: session, events: relay(i),
                siblingsOfSameTag: count)
            let native = try factory.mount(mount)
            entries[i].native = native
            session.components.register(tag: r.tag, id: r.id, native)
        }
    }

    /// Applies a `setData` to the mirror of page data and updates affected components.
    func apply(_ changes: HostValue, observe: (AppEvent) -> Void) throws {
        guard case .object(let object) = changes else { return }
        let roots = try applySetData(&data, object)
        let affected = Set(document.components(affectedBy: roots).map(\.location))
        for i in entries.indices where affected.contains(entries[i].spec.location) {
            let old = entries[i].resolved
            let new = entries[i].spec.resolve(data: data)
            entries[i].resolved = new
            var changed: [String: HostValue] = [:]
            for (k, v) in new.attributes where old.attributes[k] != v { changed[k] = v }
            for k in old.attributes.keys where new.attributes[k] == nil { changed[k] = .undefined }
            guard !changed.isEmpty else { continue }
            observe(.componentChanged(tag: new.tag, id: new.id, changes: changed))
            entries[i].native?.update(changed)
        }
    }

    func pageHidden() { entries.forEach { $0.native?.pageHidden() } }

    func unmount(session: AppSession) {
        for i in entries.indices {
            if let native = entries[i].native { session.components.unregister(native) }
            entries[i].native?.unmount()
            entries[i].native = nil
        }
    }
}
