import MiniCore

/// A stable identity for a rendered node: where it is written (file and location) plus the
/// instantiation path that produced it — the loop iterations (by `wx:key` or index) and the
/// `<template is>` / `<include>` sites around it. The same element rendered after a `setData`
/// keeps its identity, so a diff can tell mounted, unmounted and changed nodes apart.
public struct NodeIdentity: Sendable, Hashable, CustomStringConvertible {
    /// One step of the path: a source position and, for a loop iteration, its key.
    public struct Step: Sendable, Hashable {
        /// Package path of the template file (`/pages/index/index.wxml`).
        public var file: String
        public var location: SourceLocation
        /// `k:<key>` (a `wx:key`) or `i:<index>` for a loop iteration; nil for a plain site.
        public var key: String?

        public init(file: String, location: SourceLocation, key: String? = nil) {
            self.file = file
            self.location = location
            self.key = key
        }
    }

    public var steps: [Step]

    public init(steps: [Step]) { self.steps = steps }

    public var description: String {
        steps.map { s in "\(s.file):\(s.location.line):\(s.location.column)" + (s.key.map { "[\($0)]" } ?? "") }
            .joined(separator: " > ")
    }
}

/// A node of the rendered page: an element or bound text.
public enum RenderedNode: Sendable, Equatable {
    case element(RenderedElement)
    /// Text with its bindings evaluated (whitespace-only text is dropped).
    case text(String)

    public var element: RenderedElement? {
        if case .element(let e) = self { return e }
        return nil
    }
}

/// An element as rendered against page data: directives applied (`if`, `for`, `<block>`,
/// `<template is>`, `<include>` resolved away), every binding evaluated.
public struct RenderedElement: Sendable, Equatable {
    public var identity: NodeIdentity
    public var tag: String
    /// Resolved `id`; nil when absent, empty or bound to `undefined`/`null`.
    public var id: String?
    /// The `class` attribute split on whitespace.
    public var classes: [String]
    /// The `style` attribute as text.
    public var style: String
    /// `data-*` attributes by dataset key (`data-foo-bar` → `fooBar`).
    public var dataset: [String: HostValue]
    /// Ordinary attributes (everything except `id`, events, `data-*` and directives), evaluated.
    public var attributes: [String: HostValue]
    /// Event handlers whose name resolved to a non-empty string, in source order.
    public var events: [ResolvedEvent]
    /// The `hidden` attribute is truthy (the element stays in the tree but takes no space).
    public var hidden: Bool
    public var children: [RenderedNode]
    /// The custom component instance this element belongs to (its template rendered it), by the
    /// instance's host element identity; nil for the page's own elements. A handler named on the
    /// element is a method of this owner. Slot content belongs to the template that wrote it.
    public var owner: NodeIdentity?
    /// For a custom component's host element: the component's package path; its children are
    /// the component's rendered template.
    public var component: String?

    public init(
        identity: NodeIdentity, tag: String, id: String? = nil, classes: [String] = [], style: String = "",
        dataset: [String: HostValue] = [:], attributes: [String: HostValue] = [:], events: [ResolvedEvent] = [],
        hidden: Bool = false, children: [RenderedNode] = [], owner: NodeIdentity? = nil, component: String? = nil
    ) {
        self.identity = identity
        self.tag = tag
        self.id = id
        self.classes = classes
        self.style = style
        self.dataset = dataset
        self.attributes = attributes
        self.events = events
        self.hidden = hidden
        self.children = children
        self.owner = owner
        self.component = component
    }

    /// Child elements only.
    public var childElements: [RenderedElement] { children.compactMap(\.element) }

    /// The handler bound to `event` (exact name), if any.
    public func handler(for event: String) -> ResolvedEvent? { events.first { $0.event == event } }

    /// The same element as a `ResolvedComponent` (what a native component is mounted with).
    public var resolvedComponent: ResolvedComponent {
        ResolvedComponent(tag: tag, id: id, attributes: attributes, events: events, dataset: dataset)
    }
}

/// The page as rendered: top-level nodes, walkable by selectors, layout and diffs.
public struct RenderTree: Sendable, Equatable {
    public var nodes: [RenderedNode]
    /// How many elements and text nodes were produced.
    public var nodeCount: Int

    public init(nodes: [RenderedNode], nodeCount: Int) {
        self.nodes = nodes
        self.nodeCount = nodeCount
    }

    /// Every element in document order (depth-first, pre-order).
    public var elements: [RenderedElement] {
        var out: [RenderedElement] = []
        func walk(_ nodes: [RenderedNode]) {
            for case .element(let e) in nodes {
                out.append(e)
                walk(e.children)
            }
        }
        walk(nodes)
        return out
    }

    /// The element with `identity` and its ancestors, root first; nil when it is not in the tree.
    public func chain(to identity: NodeIdentity) -> [RenderedElement]? {
        var path: [RenderedElement] = []
        func walk(_ nodes: [RenderedNode]) -> Bool {
            for case .element(let e) in nodes {
                path.append(e)
                if e.identity == identity || walk(e.children) { return true }
                path.removeLast()
            }
            return false
        }
        return walk(nodes) ? path : nil
    }

    /// The element with `identity`, if rendered.
    public func element(_ identity: NodeIdentity) -> RenderedElement? { chain(to: identity)?.last }

    /// Custom component host elements in document order (children kept).
    public var componentHosts: [RenderedElement] { elements.filter { $0.component != nil } }

    /// Elements whose tag is in `tags` (e.g. the native components), in document order.
    public func elements(tagged tags: Set<String>) -> [RenderedElement] {
        var out: [RenderedElement] = []
        func walk(_ nodes: [RenderedNode]) {
            for case .element(let e) in nodes {
                if tags.contains(e.tag) {
                    var leaf = e
                    leaf.children = []
                    out.append(leaf)
                }
                walk(e.children)
            }
        }
        walk(nodes)
        return out
    }
}
