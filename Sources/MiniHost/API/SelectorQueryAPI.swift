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
    static let maxRequests = 256
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
