import MiniCore

/// The value of an attribute: literal text, a `{{ }}` template, or no value at all.
public enum AttributeBinding: Sendable, Equatable {
    /// Plain text, evaluated as a string.
    case literal(String)
    /// Text with `{{ }}` bindings.
    case template(BindingTemplate)
    /// A valueless attribute (`autoplay`), evaluated as `true`.
    case valueless

    /// Builds a binding from a raw attribute value (`nil` = valueless).
    /// - Throws: `BindingError` if a `{{ }}` part does not parse.
    public init(raw: String?) throws(BindingError) {
        guard let raw else {
            self = .valueless
            return
        }
        guard raw.contains("{{") else {
            self = .literal(raw)
            return
        }
        let template = try BindingTemplate(raw)
        self = template.hasBindings ? .template(template) : .literal(raw)
    }

    /// Evaluates against page data: a lone `{{expr}}` keeps its type, mixed text is a string,
    /// a valueless attribute is `true`.
    public func evaluate(_ data: HostValue) -> HostValue {
        switch self {
        case .literal(let text): .string(text)
        case .template(let template): template.evaluate(data)
        case .valueless: .bool(true)
        }
    }

    /// Root data identifiers this binding reads.
    public var rootIdentifiers: Set<String> {
        if case .template(let template) = self { return template.rootIdentifiers }
        return []
    }
}

/// How an event handler is attached.
public enum EventBindingKind: String, Sendable, Equatable {
    /// `bindxxx` / `bind:xxx`
    case bind
    /// `catchxxx` / `catch:xxx` (stops bubbling)
    case `catch`
    /// `capture-bind:xxx`
    case captureBind
    /// `capture-catch:xxx`
    case captureCatch
    /// `mut-bind:xxx`
    case mutBind
}

/// An event attribute such as `binderror="onError"`.
public struct EventBinding: Sendable, Equatable {
    /// Event name as written, e.g. `error`, `initdone`, `scancode`.
    public var event: String
    /// Handler method name (may be a `{{ }}` template).
    public var handler: AttributeBinding
    public var kind: EventBindingKind

    public init(event: String, handler: AttributeBinding, kind: EventBindingKind) {
        self.event = event
        self.handler = handler
        self.kind = kind
    }

    /// Recognizes an event attribute name; returns nil for ordinary attributes.
    public static func parseName(_ name: String) -> (event: String, kind: EventBindingKind)? {
        let prefixes: [(String, EventBindingKind)] = [
            ("capture-bind:", .captureBind), ("capture-catch:", .captureCatch), ("mut-bind:", .mutBind),
            ("bind:", .bind), ("catch:", .catch),
            ("capture-bind", .captureBind), ("capture-catch", .captureCatch), ("mut-bind", .mutBind),
            ("bind", .bind), ("catch", .catch),
        ]
        for (prefix, kind) in prefixes where name.hasPrefix(prefix) {
            let event = String(name.dropFirst(prefix.count))
            guard !event.isEmpty, !event.hasPrefix(":"), !event.hasPrefix("-") else { return nil }
            return (event, kind)
        }
        return nil
    }
}

/// A native component (`camera`, `video`, `live-player`, `live-pusher`, `audio`) found in a page.
public struct ComponentSpec: Sendable, Equatable {
    public var tag: String
    /// The `id` attribute (may be bound: `id="{{camId}}"`).
    public var id: AttributeBinding?
    /// Ordinary attributes by name (excluding `id`, events, `data-*` and `wx:*`).
    public var attributes: [String: AttributeBinding]
    /// Event handlers in source order.
    public var events: [EventBinding]
    /// `data-*` attributes keyed by their dataset name (`data-foo-bar` → `fooBar`).
    public var dataset: [String: AttributeBinding]
    /// `wx:*` directives on the element itself (`wx:if`, `wx:key`…).
    public var directives: [String: AttributeBinding]
    /// Where the element starts.
    public var location: SourceLocation
    /// Root identifiers read by this component's own bindings and by enclosing
    /// `wx:if`/`wx:elif`/`wx:else` chains and `wx:for` lists (loop variables excluded).
    public var dependencies: Set<String>
    /// Whether the component sits inside a `wx:for` (it may be rendered many times).
    public var isRepeated: Bool

    public init(
        tag: String, id: AttributeBinding? = nil, attributes: [String: AttributeBinding] = [:],
        events: [EventBinding] = [], dataset: [String: AttributeBinding] = [:],
        directives: [String: AttributeBinding] = [:], location: SourceLocation = SourceLocation(line: 1, column: 1),
        dependencies: Set<String>? = nil, isRepeated: Bool = false
    ) {
        self.tag = tag
        self.id = id
        self.attributes = attributes
        self.events = events
        self.dataset = dataset
        self.directives = directives
        self.location = location
        self.isRepeated = isRepeated
        self.dependencies = []
        self.dependencies = dependencies ?? ownDependencies
    }

    /// Root identifiers read by the component's own bindings.
    public var ownDependencies: Set<String> {
        var roots = id?.rootIdentifiers ?? []
        for binding in attributes.values { roots.formUnion(binding.rootIdentifiers) }
        for binding in dataset.values { roots.formUnion(binding.rootIdentifiers) }
        for binding in directives.values { roots.formUnion(binding.rootIdentifiers) }
        for event in events { roots.formUnion(event.handler.rootIdentifiers) }
        return roots
    }

    /// Evaluates every binding against `data`.
    public func resolve(data: HostValue) -> ResolvedComponent {
        var resolvedID: String?
        if let id {
            switch id.evaluate(data) {
            case .undefined, .null: resolvedID = nil
            case let value: resolvedID = value.jsString
            }
        }
        let events = self.events.compactMap { event -> ResolvedEvent? in
            let handler = event.handler.evaluate(data).wxmlText
            return handler.isEmpty ? nil : ResolvedEvent(event: event.event, handler: handler, kind: event.kind)
        }
        return ResolvedComponent(
            tag: tag, id: resolvedID,
            attributes: attributes.mapValues { $0.evaluate(data) },
            events: events,
            dataset: dataset.mapValues { $0.evaluate(data) })
    }

    /// Whether a `setData` that changed `changedPaths` (keys such as `"a.b[1]"`, `"pos"`)
    /// can affect this component, so the host only re-resolves affected components.
    public func depends<S: Sequence>(onChangedPaths changedPaths: S) -> Bool where S.Element == String {
        changedPaths.contains { dependencies.contains(SetDataPath.rootKey(of: $0)) }
    }

    /// Converts a `data-*` attribute name to its dataset key as WeChat does: the part after
    /// `data-` is lowercased, then each `-x` becomes `X` (`data-foo-bar` → `fooBar`).
    public static func datasetKey(forAttribute name: String) -> String? {
        guard name.hasPrefix("data-") else { return nil }
        let rest = Array(name.dropFirst(5).lowercased().unicodeScalars)
        var out = String.UnicodeScalarView()
        var k = 0
        while k < rest.count {
            if rest[k] == "-", k + 1 < rest.count, ("a"..."z").contains(rest[k + 1]) {
                out.append(contentsOf: String(rest[k + 1]).uppercased().unicodeScalars)
                k += 2
            } else {
                out.append(rest[k])
                k += 1
            }
        }
        return String(out)
    }
}

/// An event binding with its handler name evaluated.
public struct ResolvedEvent: Sendable, Equatable {
    public var event: String
    public var handler: String
    public var kind: EventBindingKind

    public init(event: String, handler: String, kind: EventBindingKind) {
        self.event = event
        self.handler = handler
        self.kind = kind
    }
}

/// A native component with all bindings evaluated against the current page data.
public struct ResolvedComponent: Sendable, Equatable {
    public var tag: String
    /// Resolved `id`; nil when absent or bound to `undefined`/`null`.
    public var id: String?
    public var attributes: [String: HostValue]
    /// Events whose handler resolved to a non-empty name.
    public var events: [ResolvedEvent]
    public var dataset: [String: HostValue]

    public init(
        tag: String, id: String?, attributes: [String: HostValue], events: [ResolvedEvent],
        dataset: [String: HostValue]
    ) {
        self.tag = tag
        self.id = id
        self.attributes = attributes
        self.events = events
        self.dataset = dataset
    }
}
