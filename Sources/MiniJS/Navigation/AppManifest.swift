import Foundation

/// What navigation needs from `app.json`: the pages and which of them are tabs
/// (`tabBar.list[].pagePath`). A single-page run has one page and no tab bar.
public struct AppManifest: Sendable, Equatable {
    /// Routes in `app.json` order (`pages/index/index`).
    public let pages: [String]
    /// Routes of the tab bar, in its order.
    public let tabs: [String]

    public init(pages: [String], tabs: [String] = []) {
        self.pages = pages
        self.tabs = tabs
    }

    /// The manifest of the package `location` runs: `app.json`'s pages and tab bar, or just
    /// the one page of a single-page run.
    public static func of(_ location: PageLocation) -> AppManifest {
        let appJSON = location.root.appendingPathComponent("app.json")
        guard location.appScript != nil || FileManager.default.fileExists(atPath: appJSON.path),
            let data = FileManager.default.contents(atPath: appJSON.path),
            let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let pages = json["pages"] as? [String], pages.contains(location.route)
        else { return AppManifest(pages: [location.route]) }
        let list = ((json["tabBar"] as? [String: Any])?["list"] as? [Any]) ?? []
        let tabs = list.compactMap { ($0 as? [String: Any])?["pagePath"] as? String }
            .map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
            .filter { pages.contains($0) }
        return AppManifest(pages: pages, tabs: tabs)
    }

    public func isTab(_ route: String) -> Bool { tabs.contains(route) }
}
