import CJavaScriptCore
import MiniCore
import MiniHost

/// One page on the stack (or a tab page kept alive off it): its JS page object, the native
/// components of its template, its route and query. Owned by `PageRunner`; JS thread only.
final class PageInstance {
    enum State: Equatable {
        /// Loaded; `onShow` has not run yet or the page is on top.
        case shown
        /// Under another page, or a tab switched away from: its components are stopped.
        case hidden
        case unloaded
    }

    let location: PageLocation
    let query: [NavigationURL.QueryItem]
    /// The JS page object (protected while the instance is loaded).
    let page: JSObjectRef
    /// The id the prelude's `setData` reports for this page.
    let dataID: Int
    var components: PageComponents?
    var state = State.shown
    /// The page object is no longer protected (JS may collect it).
    var released = false
    /// `getOpenerEventChannel` of this page (protected until the page is released).
    var openerChannel: JSObjectRef?

    init(location: PageLocation, query: [NavigationURL.QueryItem], page: JSObjectRef, dataID: Int) {
        self.location = location
        self.query = query
        self.page = page
        self.dataID = dataID
    }

    var route: String { location.route }

    /// The query as `onLoad` and `this.options` see it.
    var queryValue: HostValue { .object(HostObjectValue(pairs: query.map { ($0.key, HostValue.string($0.value)) })) }

    var entry: PageEntry {
        var q: [String: String] = [:]
        for item in query { q[item.key] = item.value }
        return PageEntry(route: route, query: q)
    }
}
