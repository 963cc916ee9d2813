import Foundation

/// Which page to run: a mini-program folder (`app.json` with `pages`) or a single `x.js` with an
/// optional `x.wxml` / `x.json` beside it.
public struct PageLocation: Sendable, Equatable {
    /// The package root: `require('/…')` and package file paths resolve inside it.
    public let root: URL
    /// `pages/index/index` for a mini-program, the file's base name for a single page.
    public let route: String
    public let script: URL
    public let wxml: URL?
    /// `app.js`, when the package has one.
    public let appScript: URL?

    /// Usage errors (exit code 2) say what is wrong with the path or page.
    public struct LocateError: Error, CustomStringConvertible {
        public let description: String
    }

    public static func locate(_ path: String, page: String? = nil) throws -> PageLocation {
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
                wxml: existing(base.appendingPathExtension("wxml")), appScript: nil)
        }
        let appJSON = url.appendingPathComponent("app.json")
        guard let data = FileManager.default.contents(atPath: appJSON.path) else {
            throw LocateError(description: "\(path) has no app.json; pass a mini-program folder or a page's .js file")
        }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let pages = json["pages"] as? [String], !pages.isEmpty
        else { throw LocateError(description: "\(appJSON.path): \"pages\" should be a non-empty array of strings") }
        let route: String
        if let page {
            let wanted = page.hasPrefix("/") ? String(page.dropFirst()) : page
            guard let found = pages.first(where: { $0 == wanted || $0 == wanted.replacingOccurrences(of: ".js", with: "") }) else {
                throw LocateError(description: "page \(page) is not in app.json pages: \(pages.joined(separator: ", "))")
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
            root: url, route: route, script: script, wxml: existing(base.appendingPathExtension("wxml")),
            appScript: existing(url.appendingPathComponent("app.js")))
    }

    static func existing(_ url: URL) -> URL? { FileManager.default.fileExists(atPath: url.path) ? url : nil }
}
