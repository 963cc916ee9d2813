import MiniCore

/// A parsed WXML page and the native components it declares.
public struct WXMLDocument: Sendable, Equatable {
    /// Tags the host renders natively.
    public static let nativeComponentTags: Set<String> = ["camera", "video", "live-player", "live-pusher", "audio"]

    /// Top-level nodes.
    public let nodes: [WXMLNode]
    /// Native components in document order (definitions inside `<template name>` are skipped:
    /// they are only instantiated where the template is used).
    public let nativeComponents: [ComponentSpec]

    /// Parses `source` and compiles the bindings of every native component.
    /// - Throws: `WXMLError` for malformed markup, or `.invalidBinding` (at the attribute)
    ///   when a native component's `{{ }}` expression does not parse.
    public init(parsing source: String) throws(WXMLError) {
        nodes = try WXMLParser.parse(source)
        var finder = ComponentFinder()
        try finder.visit(nodes, context: .init())
        nativeComponents = finder.found
    }

    /// The native components a `setData` with these keys can affect.
    public func components<S: Sequence>(affectedBy changedPaths: S) -> [ComponentSpec] where S.Element == String {
        let roots = Set(changedPaths.map(SetDataPath.rootKey(of:)))
        return nativeComponents.filter { !$0.dependencies.isDisjoint(with: roots) }
    }

    /// All elements in document order (depth-first), including those inside templates.
    public var allElements: [WXMLElement] {
        var out: [WXMLElement] = []
        func walk(_ nodes: [WXMLNode]) {
            for case .element(let e) in nodes {
                out.append(e)
                walk(e.children)
            }
        }
        walk(nodes)
        return out
    }
}

/// Walks the tree collecting native components and the data their rendering depends on.
private struct ComponentFinder {
    struct Context {
        /// Roots read by enclosing conditions and loops.
        var inherited: Set<String> = []
        /// Loop variable names in scope (`item`, `index` or their `wx:for-*` renames).
        var locals: Set<String> = []
        var repeated = false
    }

    var found: [ComponentSpec] = []

    mutating func visit(_ nodes: [WXMLNode], context: Context) throws(WXMLError) {
        // Roots of the current wx:if/wx:elif chain among these siblings.
        var chain: Set<String> = []
        for case .element(let element) in nodes {
            if element.tag == "template" && element.hasAttribute("name") { continue }
            if element.tag == "wxs" { continue }
            var ctx = context
            let roots = { (name: String) throws(WXMLError) -> Set<String> in
                guard let attribute = element.attribute(name) else { return [] }
                return try Self.binding(attribute, in: element).rootIdentifiers
            }
            // wx:for is evaluated in the outer scope; everything else sees loop variables.
            if element.hasAttribute("wx:for") || element.hasAttribute("wx:for-items") {
                ctx.inherited.formUnion(try roots("wx:for").union(try roots("wx:for-items")).subtracting(context.locals))
                ctx.locals.insert(element.attribute("wx:for-item")?.value ?? "item")
                ctx.locals.insert(element.attribute("wx:for-index")?.value ?? "index")
                ctx.repeated = true
            }
            if element.hasAttribute("wx:if") {
                chain = try roots("wx:if").subtracting(ctx.locals)
            } else if element.hasAttribute("wx:elif") {
                chain.formUnion(try roots("wx:elif").subtracting(ctx.locals))
                ctx.inherited.formUnion(chain)
            } else if element.hasAttribute("wx:else") {
                ctx.inherited.formUnion(chain)
                chain = []
            } else {
                chain = []
            }
            if WXMLDocument.nativeComponentTags.contains(element.tag) {
                var spec = try Self.spec(for: element)
                spec.dependencies = spec.ownDependencies.subtracting(ctx.locals).union(ctx.inherited)
                spec.isRepeated = ctx.repeated
                found.append(spec)
            }
            if element.hasAttribute("wx:if") {
                ctx.inherited.formUnion(chain)
            }
            try visit(element.children, context: ctx)
        }
    }

    static func binding(_ attribute: WXMLAttribute, in element: WXMLElement) throws(WXMLError) -> AttributeBinding {
        do {
            return try AttributeBinding(raw: attribute.value)
        } catch {
            throw WXMLError(
                .invalidBinding,
                "invalid binding in attribute '\(attribute.name)' of <\(element.tag)>: \(error.message) (offset \(error.position) in value)",
                at: attribute.location)
        }
    }

    static func spec(for element: WXMLElement) throws(WXMLError) -> ComponentSpec {
        var spec = ComponentSpec(tag: element.tag, location: element.location)
        for attribute in element.attributes {
            let binding = try binding(attribute, in: element)
            let name = attribute.name
            if name == "id" {
                spec.id = binding
            } else if let (event, kind) = EventBinding.parseName(name) {
                spec.events.append(EventBinding(event: event, handler: binding, kind: kind))
            } else if let key = ComponentSpec.datasetKey(forAttribute: name) {
                spec.dataset[key] = binding
            } else if name.hasPrefix("wx:") {
                spec.directives[name] = binding
            } else {
                spec.attributes[name] = binding
            }
        }
        return spec
    }
}
