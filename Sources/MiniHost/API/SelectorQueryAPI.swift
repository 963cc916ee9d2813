import MiniCore
import MiniWXML
import Synchronization

/// What one `select(…).fields(…)` asks for.
struct QueryFields: Sendable, Equatable {
    var id = false, dataset = false, rect = false, size = false, scrollOffset = false
    var node = false, context = false
    var properties: [String] = []
    var computedStyle: [String] = []

    static let boundingClientRect = QueryFields(id: true, dataset: true, rect: true, size: true)
    static let scroll = QueryFields(id: true, dataset: true, scrollOffset: true)
    static let contextOnly = QueryFields(context: true)
    static let nodeOnly = QueryFields(node: true)

    /// Reads `fields({id, dataset, rect, size, scrollOffset, node, context, properties, computedStyle})`.
    init(_ o: Options) throws {
        id = try o.bool("id", default: false)
        dataset = try o.bool("dataset", default: false)
        rect = try o.bool("rect", default: false)
        size = try o.bool("size", default: false)
        scrollOffset = try o.bool("scrollOffset", default: false)
        node = try o.bool("node", default: false)
        context = try o.bool("context", default: false)
        properties = o.has("properties") ? try o.stringArray("properties") : []
        computedStyle = o.has("computedStyle") ? try o.stringArray("computedStyle") : []
    }

    init(id: Bool = false, dataset: Bool = false, rect: Bool = false, size: Bool = false, scrollOffset: Bool = false,
         node: Bool = false, context: Bool = false) {
        (self.id, self.dataset, self.rect, self.size, self.scrollOffset, self.node, self.context) =
            (id, dataset, rect, size, scrollOffset, node, context)
    }
}

/// The object `createSelectorQuery()` returns: requests queued by `select(…).xxx()`, answered
/// together by `exec(callback)` over the current page's rendered tree.
final class SelectorQueryObject: NativeObject, @unchecked Sendable {
    override var className: String { "SelectorQuery" }

    struct Request: Sendable {
        /// nil: the viewport.
        var selector: Selector?
        var all: Bool
        var fields: QueryFields
        var callback: FunctionRef?
    }

    /// Requests one query may queue (page code is untrusted).
    static let maxRequests = 1_000
    let requests = Mutex<[Request]>([])

    func add(_ request: Request) throws {
        try requests.withLock {
            guard $0.count < Self.maxRequests else {
                throw MediaError.parameter("a SelectorQuery holds at most \(Self.maxRequests) requests;")
            }
            $0.append(request)
        }
    }
}

/// `query.select(s)` / `selectAll(s)` / `selectViewport()`: what the next field request is about.
final class NodesRefObject: NativeObject, @unchecked Sendable {
    override var className: String { "NodesRef" }
    let query: SelectorQueryObject
    let selector: Selector?
    let all: Bool

    init(query: SelectorQueryObject, selector: Selector?, all: Bool) {
        self.query = query
        self.selector = selector
        self.all = all
        super.init()
    }
}

/// `createSelectorQuery()`, SelectorQuery and NodesRef, over the rendered tree and `BoxLayout`
/// (window 375 × 667 px, an approximation of real layout).
enum SelectorQueryAPI {
    static let declarations: [APIDeclaration] = [
        .factory("createSelectorQuery") { req in
            _ = try req.options()
            return SelectorQueryObject()
        }
    ]

    static func selector(_ req: APIRequest) throws -> Selector {
        let o = try req.options()
        guard case .string(let text)? = o["selector"] else {
            throw MediaError.parameter("parameter.selector should be String instead of \((o["selector"] ?? .undefined).typeName);")
        }
        do { return try Selector(text) } catch { throw MediaError.parameter(error.message + ";") }
    }

    static func fieldsRequest(_ req: APIRequest, _ fields: QueryFields) throws -> NativeObject {
        let ref = try req.target(as: NodesRefObject.self)
        let callback = try req.options().optionalFunction("callback")
        try ref.query.add(.init(selector: ref.selector, all: ref.all, fields: fields, callback: callback))
        return ref.query
    }

    static let queryClass = ObjectClass("SelectorQuery", members: [
        .factory("select", parameters: ["selector"]) { req in
            NodesRefObject(query: try req.target(as: SelectorQueryObject.self), selector: try selector(req), all: false)
        },
        .factory("selectAll", parameters: ["selector"]) { req in
            NodesRefObject(query: try req.target(as: SelectorQueryObject.self), selector: try selector(req), all: true)
        },
        .factory("selectViewport") { req in
            _ = try req.options()
            return NodesRefObject(query: try req.target(as: SelectorQueryObject.self), selector: nil, all: false)
        },
        // `in(componentOrPage)`: pages have no custom components here, so the query already
        // covers everything; the argument is read (and must be readable) but not otherwise used.
        .factory("in") { req in try req.target(as: SelectorQueryObject.self) },
        .direct("exec", parameters: ["callback"]) { req in
            let query = try req.target(as: SelectorQueryObject.self)
            let callback = try req.options().optionalFunction("callback")
            let requests = query.requests.withLock { r in
                defer { r = [] }
                return r
            }
            try SelectorQueryExecution(session: req.session).run(requests, callback: callback)
            return .undefined
        },
    ])

    static let nodesRefClass = ObjectClass("NodesRef", members: [
        .factory("boundingClientRect", parameters: ["callback"]) { req in try fieldsRequest(req, .boundingClientRect) },
        .factory("scrollOffset", parameters: ["callback"]) { req in try fieldsRequest(req, .scroll) },
        .factory("context", parameters: ["callback"]) { req in try fieldsRequest(req, .contextOnly) },
        .factory("node", parameters: ["callback"]) { req in try fieldsRequest(req, .nodeOnly) },
        .factory("fields", parameters: ["fields", "callback"]) { req in
            let o = try req.options()
            guard case .object? = o["fields"] else {
                throw MediaError.parameter("parameter.fields should be Object instead of \((o["fields"] ?? .undefined).typeName);")
            }
            return try fieldsRequest(req, try QueryFields(Options(o["fields"]!)))
        },
    ])
}

/// Answers a query's requests against the tree on screen and calls the callbacks: each
/// request's own, then `exec`'s with all results.
struct SelectorQueryExecution {
    let session: AppSession

    func run(_ requests: [SelectorQueryObject.Request], callback: FunctionRef?) throws {
        let tree = session.renderedPage?.renderedTree() ?? RenderTree(nodes: [], nodeCount: 0)
        let layout = BoxLayout()
        let boxes = layout.layout(tree)
        let events = session.events
        var all: [HostValue] = []
        var allObjects: [PlacedObject] = []
        for (i, request) in requests.enumerated() {
            var objects: [PlacedObject] = []
            let value: HostValue
            if let selector = request.selector {
                let found = selector.matches(in: tree)
                if request.all {
                    value = .array(found.enumerated().map { j, e in
                        result(e, request.fields, boxes[e.identity], path: [.index(j)], objects: &objects)
                    })
                } else if let e = found.first {
                    value = result(e, request.fields, boxes[e.identity], path: [], objects: &objects)
                } else {
                    value = .null
                }
            } else {
                value = viewport(request.fields, layout: layout, boxes: boxes)
            }
            all.append(value)
            allObjects += objects.map { PlacedObject(path: [.index(0), .index(i)] + $0.path, object: $0.object) }
            if let f = request.callback {
                let hold = events.retain(f)
                events.invoke(f, [value], placing: objects.map { PlacedObject(path: [.index(0)] + $0.path, object: $0.object) })
                hold.end()
            }
        }
        if let callback {
            let hold = events.retain(callback)
            events.invoke(callback, [.array(all)], placing: allObjects)
            hold.end()
        }
    }

    private func result(
        _ e: RenderedElement, _ fields: QueryFields, _ box: LayoutBox?, path: [ValuePathStep], objects: inout [PlacedObject]
    ) -> HostValue {
        var o = HostObjectValue()
        let box = box ?? LayoutBox(left: 0, top: 0, width: 0, height: 0)
        if fields.id { o["id"] = .string(e.id ?? "") }
        if fields.dataset { o["dataset"] = .object(HostObjectValue(pairs: e.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })) }
        if fields.rect {
            o["left"] = .number(box.left)
            o["right"] = .number(box.right)
            o["top"] = .number(box.top)
            o["bottom"] = .number(box.bottom)
        }
        if fields.size {
            o["width"] = .number(box.width)
            o["height"] = .number(box.height)
        }
        if fields.scrollOffset {
            o["scrollLeft"] = 0
            o["scrollTop"] = 0
            o["scrollWidth"] = .number(box.width)
            o["scrollHeight"] = .number(box.height)
        }
        for name in fields.properties { o[name] = e.attributes[name] ?? .undefined }
        if !fields.computedStyle.isEmpty {
            let declared = BoxLayout.declarations(e.style)
            for name in fields.computedStyle {
                switch name {
                case "width": o[name] = .string(JSNumber.format(box.width) + "px")
                case "height": o[name] = .string(JSNumber.format(box.height) + "px")
                default: o[name] = .string(declared[name.lowercased()] ?? "")
                }
            }
        }
        if fields.node { o["node"] = .null }
        if fields.context {
            o["context"] = .null
            if let factory = session.registry.components[e.tag], let context = factory.context(session: session, id: e.id) {
                objects.append(PlacedObject(path: path + [.key("context")], object: context))
            }
        }
        return .object(o)
    }

    private func viewport(_ fields: QueryFields, layout: BoxLayout, boxes: [NodeIdentity: LayoutBox]) -> HostValue {
        var o = HostObjectValue()
        let contentHeight = boxes.values.map(\.bottom).max() ?? 0
        if fields.id { o["id"] = "" }
        if fields.dataset { o["dataset"] = .object([:]) }
        if fields.rect {
            o["left"] = 0
            o["right"] = .number(layout.windowWidth)
            o["top"] = 0
            o["bottom"] = .number(layout.windowHeight)
        }
        if fields.size {
            o["width"] = .number(layout.windowWidth)
            o["height"] = .number(layout.windowHeight)
        }
        if fields.scrollOffset {
            o["scrollLeft"] = 0
            o["scrollTop"] = 0
            o["scrollWidth"] = .number(layout.windowWidth)
            o["scrollHeight"] = .number(max(layout.windowHeight, contentHeight))
        }
        if fields.node { o["node"] = .null }
        if fields.context { o["context"] = .null }
        return .object(o)
    }
}
