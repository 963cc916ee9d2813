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
        let declaration = APIDeclaration.async(kind.rawValue, .immediate { req in
            let options = try req.options()
            let request: NavigationRequest
            switch kind {
            case .navigateBack: request = NavigationRequest(kind: kind, url: nil, delta: try delta(options))
            case .navigateTo: request = NavigationRequest(kind: kind, url: try options.string("url"), events: try events(options))
            default: request = NavigationRequest(kind: kind, url: try options.string("url"))
            }
            guard let navigator = req.session.navigator else {
                throw MediaError(.notSupported, "no page is running")
            }
            return try navigator.navigate(request)
        })
        .reading(kind == .navigateBack ? "delta" : "url")
        // navigateTo's result carries its EventChannel as a getter (a result holds no objects).
        return kind == .navigateTo
            ? declaration.reading("events").returning("eventChannel").adaptingResult(eventChannelAdapter) : declaration
    }

    static let eventChannelAdapter = "(function (res) { if (typeof res.eventChannel === 'function') res.eventChannel = res.eventChannel(); return res; })"

    /// `events`: an object whose function values listen on the opener's channel end; other
    /// values are ignored, as WeChat ignores them.
    static func events(_ options: Options) throws -> [String: FunctionRef] {
        guard let value = options["events"] else { return [:] }
        guard case .object(let object) = value else {
            throw MediaError.parameter("parameter.events should be Object instead of \(value.typeName);")
        }
        var events: [String: FunctionRef] = [:]
        for (key, v) in object { if case .function(let f) = v { events[key] = f } }
        return events
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
