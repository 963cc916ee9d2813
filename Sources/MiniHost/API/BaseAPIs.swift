import MiniCore

/// `canIUse` and `env` (system information is in `SystemAPIs`).
enum BaseAPIs {
    static let declarations: [APIDeclaration] = [
        .direct("canIUse", parameters: ["schema"]) { req in
            // Called in hot loops: one hash lookup (two for a value of a free-form option).
            .bool(req.session.registry.canIUse(try req.options().string("schema"), in: req.dialect))
        }.returning("return"),
        APIDeclaration("env", .constant { dialect in .object(["USER_DATA_PATH": .string(dialect.userDataPath)]) }),
    ]
}
