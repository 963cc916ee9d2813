import MiniCore

extension MediaError.Code {
    /// A navigation `url` names no page of `app.json` (`page "pages/x/x" is not found`).
    public static let pageNotFound = Self(rawValue: "pageNotFound")
    /// A navigation the page stack's rules refuse: the stack is full, a tab page through
    /// navigateTo/redirectTo, a non-tab page through switchTab, back from the first page.
    public static let navigationRefused = Self(rawValue: "navigationRefused")
}

/// `navigateTo`, `redirectTo`, `navigateBack`, `switchTab` and `reLaunch` in every namespace.
/// Options are validated here; the session's `PageNavigator` checks the stack rules, queues
/// the navigation and answers.
enum NavigationAPIs {
    static let declarations: [APIDeclaration] = NavigationKind.allCases.map { kind in
        .async(kind.rawValue, .immediate { req in
            let options = try req.options()
            let request: NavigationRequest
            if kind == .navigateBack {
                request = NavigationRequest(kind: kind, url: nil, delta: try delta(options))
            } else {
                request = NavigationRequest(kind: kind, url: try options.string("url"))
            }
            guard let navigator = req.session.navigator else {
                throw MediaError(.notSupported, "no page is running")
            }
            return try navigator.navigate(request)
        })
    }

    /// `delta` (default 1): a Number; below 1 counts as 1 and fractions are dropped, as
    /// WeChat's router reads it; beyond the stack goes back to the first page.
    static func delta(_ options: Options) throws -> Int {
        guard options.has("delta") else { return 1 }
        let n = try options.number("delta")
        return n < 1 ? 1 : n >= 1_000_000 ? 1_000_000 : Int(n.rounded(.down))
    }

    /// Numbers for the navigation failures. The platforms give these failures no number of
    /// their own (WeChat's router answers with errMsg only): MiniMedia choices, listed in
    /// Docs/API-COVERAGE.md.
    static let errors: [MediaError.Code: ErrorNumbers] = [
        .pageNotFound: .init(wx: 1_001, swan: 1_001, tt: 103, my: 3),
        .navigationRefused: .init(wx: 1_002, swan: 1_001, tt: 103, my: 3),
    ]
}
