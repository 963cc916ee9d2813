import MiniCore

/// Every API MiniMedia offers, each declared once, plus the classes of native objects
/// factories return. Built at start-up and immutable afterwards.
public struct APIRegistry: Sendable {
    public private(set) var globals: [APIDeclaration] = []
    public private(set) var classes: [String: ObjectClass] = [:]
    /// Native component factories by tag (`camera`, `video`…).
    public private(set) var components: [String: any NativeComponentFactory] = [:]
    /// Error numbers per dialect: the foundation's and those feature modules added.
    public private(set) var errors = ErrorTable.foundation
    private var index: [String: Int] = [:]
    /// `names(in:)` per dialect, kept current by `add` (canIUse is called in hot loops).
    private var namesByDialect: [Dialect: Set<String>] = [:]
    /// Every `canIUse` schema that is true, per dialect (one hash lookup per call).
    private var usable: [Dialect: Set<String>] = [:]
    /// Schemas whose next segment may be any value (`showToast.object.title`, `video.src`).
    private var usableAnyValue: [Dialect: Set<String>] = [:]
    /// Components without a native factory (rendered by the page: `view`, `button`), by tag.
    public private(set) var describedComponents: [String: ComponentMetadata] = [:]

    public init() {}

    /// Adds global APIs (`wx.xxx`). A name declared twice is a programming error. Async bodies
    /// run in each dialect's naming convention (`APIConvention`: Alipay's `apFilePath`…).
    public mutating func add(_ declarations: [APIDeclaration]) {
        for d in declarations.map({ $0.followingConventions() }) {
            precondition(index[d.name] == nil, "API \(d.name) declared twice")
            index[d.name] = globals.count
            globals.append(d)
            for dialect in d.dialects {
                namesByDialect[dialect, default: []].insert(d.name)
                if case .async(_, let sync?, _) = d.kind { namesByDialect[dialect, default: []].insert(sync.name) }
            }
            index(d, prefix: d.name, in: d.dialects)
        }
    }

    /// Lists `d`'s canIUse schemas under `prefix` (an API name or `Class.member`).
    private mutating func index(_ d: APIDeclaration, prefix: String, in dialects: Set<Dialect>) {
        var exact: [String] = [prefix]
        var any: [String] = []
        let options = d.metadata.options
        func addOptions(_ base: String) {
            exact.append(base + ".object")
            for (key, values) in options {
                exact.append("\(base).object.\(key)")
                if values.isEmpty { any.append("\(base).object.\(key)") } else { exact += values.map { "\(base).object.\(key).\($0)" } }
            }
        }
        switch d.kind {
        case .async(_, let sync, _):
            addOptions(prefix)
            for callback in ["success", "fail", "complete"] { exact.append("\(prefix).object.\(callback)") }
            exact.append(prefix + ".success")
            exact += d.metadata.resultFields.map { "\(prefix).success.\($0)" }
            if let sync, !prefix.contains(".") {
                exact += [sync.name, sync.name + ".return"] + d.metadata.resultFields.map { "\(sync.name).return.\($0)" }
                if sync.parameters == nil {
                    let saved = exact
                    exact = []
                    addOptions(sync.name)
                    exact += saved
                }
            }
        case .direct, .factory:
            if !options.isEmpty { addOptions(prefix) }
            exact.append(prefix + ".return")
            exact += d.metadata.resultFields.map { "\(prefix).return.\($0)" }
        case .event:
            exact.append(prefix + ".callback")
            exact += d.metadata.resultFields.map { "\(prefix).callback.\($0)" }
        case .property, .constant:
            break
        }
        for dialect in dialects {
            usable[dialect, default: []].formUnion(exact)
            usableAnyValue[dialect, default: []].formUnion(any)
        }
    }

    /// Lists a component's canIUse schemas: `tag`, `tag.attribute`, `tag.attribute.value`,
    /// `tag.bind<event>` / `tag.catch<event>`.
    private mutating func index(component tag: String, _ metadata: ComponentMetadata) {
        var exact = [tag]
        var any: [String] = []
        for (attribute, values) in metadata.attributes {
            exact.append("\(tag).\(attribute)")
            if values.isEmpty { any.append("\(tag).\(attribute)") } else { exact += values.map { "\(tag).\(attribute).\($0)" } }
        }
        for event in metadata.events { exact += ["\(tag).bind\(event)", "\(tag).catch\(event)"] }
        for dialect in Dialect.allCases {
            usable[dialect, default: []].formUnion(exact)
            usableAnyValue[dialect, default: []].formUnion(any)
        }
    }

    /// `canIUse(schema)` in `dialect`: `api`, `api.object.option[.value]`, `api.success.field`,
    /// `apiSync.return.field`, `Class.method`, `component[.attribute[.value]]`, answered from
    /// the declarations' and components' metadata — what is implemented.
    public func canIUse(_ schema: String, in dialect: Dialect) -> Bool {
        if usable[dialect]?.contains(schema) == true { return true }
        guard let dot = schema.utf8.lastIndex(of: UInt8(ascii: ".")), let any = usableAnyValue[dialect] else { return false }
        return any.contains(String(schema[..<dot]))
    }

    /// Describes a component the page renders itself (no native factory), for `canIUse` and
    /// the coverage document.
    public mutating func describe(component tag: String, _ metadata: ComponentMetadata) {
        precondition(components[tag] == nil && describedComponents[tag] == nil, "component <\(tag)> declared twice")
        describedComponents[tag] = metadata
        index(component: tag, metadata)
    }

    /// Adds a class of native objects.
    public mutating func add(_ objectClass: ObjectClass) {
        precondition(classes[objectClass.name] == nil, "class \(objectClass.name) declared twice")
        classes[objectClass.name] = objectClass
        for member in objectClass.members { index(member, prefix: "\(objectClass.name).\(member.name)", in: member.dialects) }
        let all = Set(Dialect.allCases)
        for dialect in all { usable[dialect, default: []].insert(objectClass.name) }
    }

    /// Adds a feature module's error numbers to the dialect table.
    public mutating func add(errors rows: [MediaError.Code: ErrorNumbers]) { errors.add(rows) }

    /// Adds a native component factory.
    public mutating func add(component factory: any NativeComponentFactory) {
        precondition(components[factory.tag] == nil, "component <\(factory.tag)> declared twice")
        precondition(describedComponents[factory.tag] == nil, "component <\(factory.tag)> declared twice")
        components[factory.tag] = factory
        index(component: factory.tag, factory.metadata)
    }

    public func global(_ name: String) -> APIDeclaration? { index[name].map { globals[$0] } }

    public func member(_ name: String, of className: String) -> APIDeclaration? {
        classes[className]?.members.first { $0.name == name }
    }

    /// Every global name that exists in `dialect`, including `xxxSync` twins.
    public func names(in dialect: Dialect) -> Set<String> { namesByDialect[dialect] ?? [] }

    /// The registry with every API of the foundation: files, file system manager, permissions,
    /// storage, network (`request`, `downloadFile`, `uploadFile`), `canIUse` and `env`. Feature modules add theirs on top.
    public static func foundation() -> APIRegistry {
        var r = APIRegistry()
        r.add(BaseAPIs.declarations)
        r.add(SystemAPIs.declarations)
        r.add(UIAPIs.declarations)
        r.add(FileAPIs.declarations)
        r.add(PermissionAPIs.declarations)
        r.add(FileSystemManagerAPI.declarations)
        r.add(FileSystemManagerAPI.objectClass)
        r.add(NavigationAPIs.declarations)
        r.add(errors: NavigationAPIs.errors)
        r.add(StorageAPIs.declarations)
        r.add(errors: StorageAPIs.errors)
        r.add(RequestAPI.declarations)
        r.add(RequestAPI.objectClass)
        r.add(TransferFileAPIs.declarations)
        TransferFileAPIs.objectClasses.forEach { r.add($0) }
        r.add(errors: NetworkFailures.errors)
        r.add(SelectorQueryAPI.declarations)
        r.add(SelectorQueryAPI.queryClass)
        r.add(SelectorQueryAPI.nodesRefClass)
        return r
    }
}
