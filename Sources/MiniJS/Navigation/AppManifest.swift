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
            case let pages = routes(in: json), pages.contains(location.route)
        else { return AppManifest(pages: [location.route]) }
        let list = ((json["tabBar"] as? [String: Any])?["list"] as? [Any]) ?? []
        let tabs = list.compactMap { ($0 as? [String: Any])?["pagePath"] as? String }
            .map { $0.hasPrefix("/") ? String($0.dropFirst()) : $0 }
            .filter { pages.contains($0) }
        return AppManifest(pages: pages, tabs: tabs)
    }

    public func isTab(_ route: String) -> Bool { tabs.contains(route) }

    /// Every page route of an `app.json`: `pages`, then each subpackage's pages under its root
    /// (`subpackages` or `subPackages`: `{root: "packageAPI", pages: ["pages/x/x"]}` →
    /// `packageAPI/pages/x/x`), in file order. Entries that are not strings are skipped.
    public static func routes(in json: [String: Any]) -> [String] {
        var routes = (json["pages"] as? [Any] ?? []).compactMap { $0 as? String }
        let packages = (json["subpackages"] as? [Any]) ?? (json["subPackages"] as? [Any]) ?? []
        for case let package as [String: Any] in packages {
            guard var root = package["root"] as? String, !root.isEmpty else { continue }
            while root.hasSuffix("/") { root.removeLast() }
            while root.hasPrefix("/") { root.removeFirst() }
            for case let page as String in package["pages"] as? [Any] ?? [] {
                routes.append(root + "/" + page)
            }
        }
        return routes
    }
}
