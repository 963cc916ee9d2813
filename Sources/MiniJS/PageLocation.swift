import Foundation
import MiniCore

/// Which page to run: a mini-program folder (`app.json` with `pages`) or a single `x.js` with an
/// optional template (`x.wxml`, `x.qml`, `x.swan`, `x.ttml`, `x.axml`) / `x.json` beside it.
///
/// The template is looked up under the extensions given, the run dialect's own first
/// (`templateExtensions(for:)`); when the page only has a template in another dialect's
/// extension, that one is used and read with that extension's directive syntax (a `.wxml`
/// page run as Baidu still honours `wx:if`), so no template is silently ignored.
public struct PageLocation: Sendable, Equatable {
    /// The package root: `require('/…')` and package file paths resolve inside it.
    public let root: URL
    /// `pages/index/index` for a mini-program, the file's base name for a single page.
    public let route: String
    public let script: URL
    /// The page template found (see the type's note on extensions).
    public let template: URL?
    /// The template (any extension); the name predates the other dialects' templates.
    public var wxml: URL? { template }
    /// `app.js`, when the package has one.
    public let appScript: URL?

    /// Usage errors (exit code 2) say what is wrong with the path or page.
    public struct LocateError: Error, CustomStringConvertible {
        public let description: String
    }

    /// Every template extension, WeChat's first: the order used after the dialect's own.
    public static let allTemplateExtensions = ["wxml", "qml", "swan", "ttml", "axml"]

    /// The template extensions to try for a dialect: its own (`Dialect.templateExtension`:
    /// `wxml`, `qml`, `swan`, `ttml`, `axml`) first.
    public static func templateExtensions(for dialect: Dialect) -> [String] {
        templateExtensions(own: dialect.templateExtension)
    }

    /// `ownExtension` first, then the others in `allTemplateExtensions` order.
    public static func templateExtensions(own ownExtension: String) -> [String] {
        [ownExtension] + allTemplateExtensions.filter { $0 != ownExtension }
    }

    /// Finds the page at `path`; its template is the first of `templateExtensions` that exists.
    public static func locate(
        _ path: String, page: String? = nil, templateExtensions: [String] = allTemplateExtensions
    ) throws -> PageLocation {
        let extensions = templateExtensions.isEmpty ? allTemplateExtensions : templateExtensions
        func template(_ base: URL) -> URL? {
            extensions.lazy.compactMap { existing(base.appendingPathExtension($0)) }.first
        }
        let url = URL(fileURLWithPath: path).standardizedFileURL
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir) else {
            throw LocateError(description: "no such file or folder: \(path)")
        }
        if !isDir.boolValue {
            guard url.pathExtension == "js" else { throw LocateError(description: "a single page must be a .js file: \(path)") }
            if let page { throw LocateError(description: "--page \(page) needs a mini-program folder, not a single page") }
            let base = url.deletingPathExtension()
            return PageLocation(
                root: url.deletingLastPathComponent(), route: base.lastPathComponent, script: url,
                template: template(base), appScript: nil)
        }
        let appJSON = url.appendingPathComponent("app.json")
        guard let data = FileManager.default.contents(atPath: appJSON.path) else {
            throw LocateError(description: "\(path) has no app.json; pass a mini-program folder or a page's .js file")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let listed = json["pages"] as? [String], !listed.isEmpty
        else { throw LocateError(description: "\(appJSON.path): \"pages\" should be a non-empty array of strings") }
        let pages = AppManifest.routes(in: json)
        let route: String
        if let page {
            let wanted = page.hasPrefix("/") ? String(page.dropFirst()) : page
            guard let found = pages.first(where: { $0 == wanted || $0 == wanted.replacingOccurrences(of: ".js", with: "") }) else {
                let shown = pages.prefix(12).joined(separator: ", ") + (pages.count > 12 ? ", … (\(pages.count) in all)" : "")
                throw LocateError(description: "page \(page) is not in app.json pages or subpackages: \(shown)")
            }
            route = found
        } else {
            route = pages[0]
        }
        guard !route.contains(".."), !route.hasPrefix("/") else { throw LocateError(description: "bad page route \(route)") }
        let base = url.appendingPathComponent(route)
        let script = base.appendingPathExtension("js")
        guard FileManager.default.fileExists(atPath: script.path) else {
            throw LocateError(description: "page \(route) has no script \(script.path)")
        }
        return PageLocation(
            root: url, route: route, script: script, template: template(base),
            appScript: existing(url.appendingPathComponent("app.js")))
    }

    static func existing(_ url: URL) -> URL? { FileManager.default.fileExists(atPath: url.path) ? url : nil }
}
