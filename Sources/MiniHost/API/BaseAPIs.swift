import MiniCore

/// `canIUse` and `env`.
enum BaseAPIs {
    static let declarations: [APIDeclaration] = [
        .direct("canIUse", parameters: ["schema"]) { req in
            let schema = try req.options().string("schema")
            let head = String(schema.split(separator: ".").first ?? "")
            let names = Set(req.session.registry.names(in: req.dialect))
            return .bool(names.contains(head))
        },
        APIDeclaration("env", .constant { dialect in .object(["USER_DATA_PATH": .string(dialect.userDataPath)]) }),
    ]
}
