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

    /// Mounts a native instance for each component whose tag has a factory.
    func mount(session: AppSession, relay: (Int) -> any ComponentEventSink, trace: (String) -> Void) throws {
        var seen: [String: Int] = [:]
        for i in entries.indices {
            let r = entries[i].resolved
            trace("\(label(r)) mounted \(describe(r.attributes))")
            let count = seen[r.tag, default: 0]
            seen[r.tag] = count + 1
            guard let factory = session.registry.components[r.tag] else { continue }
            let mount = ComponentMount(
                tag: r.tag, id: r.id, attributes: r.attributes, session: session, events: relay(i),
                siblingsOfSameTag: count)
            entries[i].native = try factory.mount(mount)
        }
    }

    /// Applies a `setData` to the mirror of page data and updates affected components.
    func apply(_ changes: HostValue, trace: (String) -> Void) throws {
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
            for k in changed.keys.sorted() { trace("\(label(new)) \(k) = \(show(changed[k]!))") }
            entries[i].native?.update(changed)
        }
    }

    func pageHidden() { entries.forEach { $0.native?.pageHidden() } }

    func unmount() {
        for i in entries.indices {
            entries[i].native?.unmount()
            entries[i].native = nil
        }
    }

    func label(_ r: ResolvedComponent) -> String { "<\(r.tag)\(r.id.map { "#" + $0 } ?? "")>" }

    func describe(_ attributes: [String: HostValue]) -> String {
        "{" + attributes.keys.sorted().map { "\($0): \(show(attributes[$0]!))" }.joined(separator: ", ") + "}"
    }

    func show(_ v: HostValue) -> String {
        switch v {
        case .string(let s): "\"\(s)\""
        case .number(let n): JSNumber.format(n)
        case .bool(let b): "\(b)"
        case .undefined: "undefined"
        case .null: "null"
        default: v.typeName
        }
    }
}
