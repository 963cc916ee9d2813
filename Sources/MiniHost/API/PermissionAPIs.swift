import MiniCore

/// `authorize`, `getSetting`, `openSetting`.
///
/// Alipay has no `my.authorize`: its APIs ask for what they need themselves, and
/// `my.showAuthGuide` points the user to the settings (`AlipayAPIs`).
enum PermissionAPIs {
    static let declarations: [APIDeclaration] = [
        .async("authorize", dialects: Set(Dialect.allCases).subtracting([.my]), .async { req in
            let o = try req.options()
            let name = try o.string("scope")
            guard !name.isEmpty else { throw MediaError(.scopeEmpty, "scope is empty") }
            guard let scope = Scope.parse(name, in: req.dialect) else {
                throw MediaError(.invalidScope, "invalid scope \(name)")
            }
            try await req.session.permissions.require(scope)
            return .object([:])
        }),
        .async("getSetting", .async { req in
            _ = try req.options()
            return .object(["authSetting": authSetting(try await req.session.permissions.settings(), req.dialect)])
        }),
        .async("openSetting", .async { req in
            _ = try req.options()
            guard req.isUserGesture else {
                throw MediaError(.needsUserGesture, "can only be invoked by user TAP gesture.")
            }
            let settings = try await req.session.permissions.openSettings()
            return .object(["authSetting": authSetting(settings, req.dialect)])
        }),
        showAuthGuide,
    ]

    /// Alipay's permission guide kinds (`my.showAuthGuide({authType})`).
    enum AuthType: String, CaseIterable {
        case BACKGROUNDER, SHORTCUT, MICROPHONE, ADDRESSBOOK, CAMERA, PHOTO, NOTIFICATION, SELFSTARTING, LBSSERVICE, LBS
    }

    /// `my.showAuthGuide({authType})` → `{shown: true}`: the user is shown the guide (a notice).
    static let showAuthGuide = APIDeclaration.async("showAuthGuide", dialects: [.my], .immediate { req in
        let type: AuthType = try req.options().enumeration("authType")
        req.session.user.show(.authGuide(authType: type.rawValue))
        return .object(["shown": .bool(true)])
    })

    static func authSetting(_ settings: [Scope: Bool], _ dialect: Dialect) -> HostValue {
        .object(HostObjectValue(pairs: settings.keys.sorted().map { ($0.name(in: dialect), .bool(settings[$0]!)) }))
    }
}
