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
        }
    }

    /// Adds a class of native objects.
    public mutating func add(_ objectClass: ObjectClass) {
        precondition(classes[objectClass.name] == nil, "class \(objectClass.name) declared twice")
        classes[objectClass.name] = objectClass
    }

    /// Adds a feature module's error numbers to the dialect table.
    public mutating func add(errors rows: [MediaError.Code: ErrorNumbers]) { errors.add(rows) }

    /// Adds a native component factory.
    public mutating func add(component factory: any NativeComponentFactory) {
        precondition(components[factory.tag] == nil, "component <\(factory.tag)> declared twice")
        components[factory.tag] = factory
    }

    public func global(_ name: String) -> APIDeclaration? { index[name].map { globals[$0] } }

    public func member(_ name: String, of className: String) -> APIDeclaration? {
        classes[className]?.members.first { $0.name == name }
    }

    /// Every global name that exists in `dialect`, including `xxxSync` twins.
    public func names(in dialect: Dialect) -> Set<String> { namesByDialect[dialect] ?? [] }

    /// The registry with every API of the foundation: files, file system manager, permissions,
    /// `canIUse` and `env`. Feature modules add theirs on top.
    public static func foundation() -> APIRegistry {
        var r = APIRegistry()
        r.add(BaseAPIs.declarations)
        r.add(FileAPIs.declarations)
        r.add(PermissionAPIs.declarations)
        r.add(FileSystemManagerAPI.declarations)
        r.add(FileSystemManagerAPI.objectClass)
        return r
    }
}
