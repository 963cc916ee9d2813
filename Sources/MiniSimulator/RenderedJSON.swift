import MiniCore
import MiniWXML

/// The rendered page as the browser draws it: each element's tag, identity (the key taps and
/// inputs name it by), id, classes, style (rpx already scaled), dataset, attributes, events and
/// children.
enum RenderedJSON {
    static func tree(_ tree: RenderTree?, rpx: Double) -> HostValue {
        var scopes: [NodeIdentity: String] = [:]
        for host in tree?.componentHosts ?? [] { scopes[host.identity] = host.component }
        return .array((tree?.nodes ?? []).map { node($0, rpx: rpx, scopes: scopes) })
    }

    /// `scopes`: custom component host identity → component path; an element a component's
    /// template wrote carries that path as `scope` (the browser's `data-mmc`, which the
    /// component's scoped style file selects on).
    static func node(_ node: RenderedNode, rpx: Double, scopes: [NodeIdentity: String] = [:]) -> HostValue {
        switch node {
        case .text(let s): return .object(["text": .string(s)])
        case .element(let e):
            let events = e.events.map { ev -> HostValue in
                .object(["event": .string(ev.event), "handler": .string(ev.handler), "catch": .bool(ev.kind == .catch || ev.kind == .captureCatch)])
            }
            return .object(HostObjectValue(pairs: [
                ("tag", .string(e.tag)), ("key", .string(e.identity.description)), ("id", e.id.map(HostValue.string) ?? .null),
                ("classes", .array(e.classes.map(HostValue.string))), ("style", .string(WXSS.scaleRPX(e.style, rpx: rpx))),
                ("dataset", .object(HostObjectValue(pairs: e.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))),
                ("attributes", .object(HostObjectValue(pairs: e.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))),
                ("events", .array(events)), ("hidden", .bool(e.hidden)),
                ("scope", e.owner.flatMap { scopes[$0] }.map(HostValue.string) ?? .null),
                ("component", e.component.map(HostValue.string) ?? .null),
                ("children", .array(e.children.map { self.node($0, rpx: rpx, scopes: scopes) })),
            ]))
        }
    }

    /// Finds the element with `key` (its identity's description) in `tree`.
    static func element(_ key: String, in tree: RenderTree?) -> RenderedElement? {
        tree?.elements.first { $0.identity.description == key }
    }

    /// `target` / `currentTarget` of an event on `element`: its id and dataset, as the platform gives them.
    static func eventTarget(_ element: RenderedElement) -> HostValue {
        .object([
            "id": .string(element.id ?? ""),
            "dataset": .object(HostObjectValue(pairs: element.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ])
    }
}
