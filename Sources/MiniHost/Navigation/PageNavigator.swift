import MiniCore
import Synchronization

/// The five ways page code moves between the pages of `app.json` (their WeChat names, which
/// are also the `openType` values a platform reports).
public enum NavigationKind: String, Sendable, CaseIterable {
    case navigateTo, redirectTo, navigateBack, switchTab, reLaunch
}

/// A validated navigation request from page code: which API and its options.
public struct NavigationRequest: Sendable, Equatable {
    public let kind: NavigationKind
    /// The `url` as page code gave it (absolute `/pages/b/b?x=1` or relative to the current
    /// page); nil for `navigateBack`.
    public let url: String?
    /// `navigateBack`'s page count (at least 1).
    public let delta: Int
    /// `navigateTo`'s `events`: listeners (functions, held for the call) for what the opened
    /// page emits on its `getOpenerEventChannel()`.
    public let events: [String: FunctionRef]

    public init(kind: NavigationKind, url: String?, delta: Int = 1, events: [String: FunctionRef] = [:]) {
        self.kind = kind
        self.url = url
        self.delta = delta
        self.events = events
    }
}

/// What performs navigation for a session: the page runner (MiniJS) implements it and
/// attaches itself to the session, so MiniHost's navigation APIs need not know the runtime.
///
/// `navigate` is called on the JS thread while page code calls the API. It checks the request
/// against the page stack as it will be once the navigations already queued have run, queues
/// the navigation (one at a time, in call order, after the current JS job) and returns the
/// success result, or throws the platform's failure. The call's callbacks run after the
/// navigation itself, as WeChat's `success` comes after the new page's `onLoad`.
public protocol PageNavigator: AnyObject, Sendable {
    func navigate(_ request: NavigationRequest) throws -> HostValue
}

/// The session's navigator, held weakly (the runtime owns the session, not the other way).
final class NavigatorSlot: Sendable {
    private let slot = Mutex<WeakNavigator>(WeakNavigator())
    var navigator: (any PageNavigator)? { slot.withLock { $0.navigator } }
    func set(_ navigator: (any PageNavigator)?) { slot.withLock { $0.navigator = navigator } }
}

struct WeakNavigator: @unchecked Sendable {
    weak var navigator: (any PageNavigator)?
}

extension AppSession {
    /// The page runner that performs navigation for this session (nil: no page is running,
    /// e.g. script-only apps; the navigation APIs then fail).
    public var navigator: (any PageNavigator)? { service(NavigatorSlot.self) { NavigatorSlot() }.navigator }

    /// Attaches the session's navigator (weakly); nil detaches it.
    public func attach(navigator: (any PageNavigator)?) { service(NavigatorSlot.self) { NavigatorSlot() }.set(navigator) }
}
