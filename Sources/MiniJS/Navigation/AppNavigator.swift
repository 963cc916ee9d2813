import CJavaScriptCore
import MiniCore
import MiniHost

/// A JS object handed between JS-thread jobs (protected by whoever made the handle).
struct JSHandle: @unchecked Sendable {
    let object: JSObjectRef
}

/// The two ends of a navigateTo's EventChannel, as the prelude's getters: the opener's (in the
/// call's result, held until it is delivered) and the opened page's `getOpenerEventChannel`.
struct ChannelEnds: @unchecked Sendable {
    let openerHold: FunctionHolds
    let opened: JSHandle
}

/// A navigation the runner performs, already checked against the stack rules.
enum NavigationStep: Sendable {
    case push(PageLocation, [NavigationURL.QueryItem], ChannelEnds?)
    case redirect(PageLocation, [NavigationURL.QueryItem])
    case back(Int)
    case switchTab(PageLocation)
    case reLaunch(PageLocation, [NavigationURL.QueryItem])
}

/// The session's `PageNavigator`: checks each request against the routes the stack will hold
/// once the steps already queued have run (`planned`), and queues the step on the JS thread's
/// own job queue, before the call's result, so navigations run one at a time, in call order,
/// each after the JS that asked for it returned — also when asked from inside `onLoad` or
/// `onUnload`, or many times in one tick. JS thread only.
final class AppNavigator: PageNavigator, @unchecked Sendable {
    /// WeChat's page stack limit.
    static let maxStack = 10

    private weak var runner: PageRunner?
    let manifest: AppManifest
    private let loop: EventLoop
    /// Routes of the stack once every queued step ran, bottom first.
    private(set) var planned: [String] = []
    /// Set when the run ends: no navigation starts after the pages unloaded.
    var closed = false

    init(runner: PageRunner, manifest: AppManifest, loop: EventLoop) {
        self.runner = runner
        self.manifest = manifest
        self.loop = loop
    }

    /// The first page is about to load.
    func launch(_ route: String) { planned = [route] }

    func navigate(_ request: NavigationRequest) throws -> HostValue {
        guard let runner, !closed, !planned.isEmpty else { throw MediaError(.notSupported, "no page is running") }
        // Page code calls on the JS thread; a host calling through `AppSession.call` does not.
        guard loop.isOwnerThread else { throw MediaError(.notSupported, "can only be called from page code") }
        let step: NavigationStep
        var result = HostValue.object([:])
        switch request.kind {
        case .navigateBack:
            guard planned.count > 1 else { throw refused("cannot navigate back at first page.") }
            let n = min(request.delta, planned.count - 1)
            planned.removeLast(n)
            step = .back(n)
        case .navigateTo, .redirectTo, .switchTab, .reLaunch:
            let url = try NavigationURL.parse(request.url ?? "", from: planned.last, api: request.kind.rawValue)
            guard manifest.pages.contains(url.route), let location = runner.location(for: url.route) else {
                throw MediaError(.pageNotFound, "page \"\(url.route)\" is not found")
            }
            let isTab = manifest.isTab(url.route)
            switch request.kind {
            case .navigateTo:
                guard !isTab else { throw refused("can not navigateTo a tabbar page") }
                guard planned.count < Self.maxStack else { throw refused("webview count limit exceed") }
                planned.append(url.route)
                if let (ends, opener) = runner.makeChannel(request.events) {
                    step = .push(location, url.query, ends)
                    result = .object(["eventChannel": .function(opener)])
                } else {
                    step = .push(location, url.query, nil)
                }
            case .redirectTo:
                guard !isTab else { throw refused("can not redirectTo a tabbar page") }
                planned[planned.count - 1] = url.route
                step = .redirect(location, url.query)
            case .switchTab:
                // A tab page takes no query (WeChat drops it).
                guard isTab else { throw refused("can not switch to no-tabBar page") }
                planned = [url.route]
                step = .switchTab(location)
            default:
                planned = [url.route]
                step = .reLaunch(location, url.query)
            }
        }
        let kind = request.kind
        loop.postLocal { [self] in self.runner?.perform(step, kind: kind) }
        return result
    }

    private func refused(_ reason: String) -> MediaError { MediaError(.navigationRefused, reason) }
}
