import MiniCore

/// `canIUse`, `env` and `getSystemInfo`.
enum BaseAPIs {
    static let declarations: [APIDeclaration] = [
        .async("getSystemInfo", sync: SyncForm("getSystemInfoSync", parameters: []), .immediate { req in
            systemInfoByDialect[req.dialect]!
        }),
        .direct("canIUse", parameters: ["schema"]) { req in
            let schema = try req.options().string("schema")
            // `api.param.value` paths: the API name decides (called in hot loops: no split).
            let head = schema.utf8.firstIndex(of: UInt8(ascii: ".")).map { String(schema[..<$0]) } ?? schema
            return .bool(req.session.registry.names(in: req.dialect).contains(head))
        },
        APIDeclaration("env", .constant { dialect in .object(["USER_DATA_PATH": .string(dialect.userDataPath)]) }),
    ]

    static let systemInfoByDialect = Dictionary(uniqueKeysWithValues: Dialect.allCases.map { ($0, systemInfo($0)) })

    /// What MiniMedia reports as the device: a headless Linux host with a phone-sized window.
    static func systemInfo(_ dialect: Dialect) -> HostValue {
        .object([
            "brand": "MiniMedia", "model": "Linux host", "pixelRatio": 2, "screenWidth": 375, "screenHeight": 667,
            "windowWidth": 375, "windowHeight": 667, "statusBarHeight": 20, "language": "en", "version": "8.0.0",
            "system": "Linux", "platform": "linux", "SDKVersion": "3.0.0",
            "host": .object(["appId": .string(dialect.namespace)]),
        ])
    }
}
