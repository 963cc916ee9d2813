import Foundation
import MiniCore

/// A page's styles for the browser: the app's stylesheet then the page's (the dialect's
/// extension: `.wxss`, `.qss`, `.css`, `.ttss`, `.acss`), `@import`s inlined (beneath the
/// package root only, at most 16 deep), `rpx` turned into px for the device width.
enum WXSS {
    static func extensions(for dialect: Dialect) -> [String] {
        switch dialect {
        case .wx: ["wxss"]
        case .qq: ["qss", "wxss"]
        case .swan: ["css"]
        case .tt: ["ttss", "wxss"]
        case .my: ["acss"]
        }
    }

    /// `12rpx` → `6px` when `rpx` is 0.5 (device width / 750).
    static func scaleRPX(_ css: String, rpx: Double) -> String {
        guard css.contains("rpx") else { return css }
        let regex = try! NSRegularExpression(pattern: "(-?\\d*\\.?\\d+)rpx")
        let ns = css as NSString
        var out = ""
        var last = 0
        for m in regex.matches(in: css, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let n = Double(ns.substring(with: m.range(at: 1))) ?? 0
            out += JSNumber.format((n * rpx * 1000).rounded() / 1000) + "px"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// The CSS for the page whose template is at `template` (package-relative stem), app first.
    static func stylesheet(root: URL, pageStem: String, dialect: Dialect, rpx: Double) -> String {
        var css = ""
        for stem in ["app", pageStem] {
            for ext in extensions(for: dialect) {
                let url = root.appendingPathComponent(stem + "." + ext)
                if let text = read(url, root: root, depth: 0) {
                    css += "/* \(stem).\(ext) */\n" + text + "\n"
                    break
                }
            }
        }
        return scaleRPX(css, rpx: rpx)
    }

    /// A custom component's style file (`/components/x/x` + the dialect's extension), scoped to
    /// the component's own elements: every class selector gets `[data-mmc="PATH"]`, the
    /// attribute the browser puts on the elements the component's template wrote. Page and app
    /// styles still reach component elements (tag selectors, and classes the page defines).
    static func componentStylesheet(root: URL, componentPath: String, dialect: Dialect, rpx: Double) -> String {
        for ext in extensions(for: dialect) {
            let url = root.appendingPathComponent(String(componentPath.drop { $0 == "/" }) + "." + ext).standardizedFileURL
            if let text = read(url, root: root, depth: 0) {
                return "/* \(componentPath).\(ext) (scoped) */\n" + scaleRPX(scoped(text, to: componentPath), rpx: rpx) + "\n"
            }
        }
        return ""
    }

    /// `css` with each rule's class selectors limited to elements whose `data-mmc` is `scope`
    /// (at-rule blocks such as `@media` are entered, their rules scoped too).
    static func scoped(_ css: String, to scope: String) -> String {
        let attribute = "[data-mmc=\"" + scope.replacingOccurrences(of: "\"", with: "") + "\"]"
        let classes = try! NSRegularExpression(pattern: "\\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
        func scopeSelector(_ selector: String) -> String {
            let ns = selector as NSString
            return classes.stringByReplacingMatches(
                in: selector, range: NSRange(location: 0, length: ns.length), withTemplate: "\\.$1" + NSRegularExpression.escapedTemplate(for: attribute))
        }
        var out = ""
        var pending = ""
        var inDeclarations = false
        for ch in css {
            if inDeclarations {
                out.append(ch)
                if ch == "}" { inDeclarations = false }
                continue
            }
            switch ch {
            case "{":
                if pending.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("@") {
                    out += pending + "{"
                } else {
                    out += scopeSelector(pending) + "{"
                    inDeclarations = true
                }
                pending = ""
            case "}":
                out += pending + "}"
                pending = ""
            default:
                pending.append(ch)
            }
        }
        return out + pending
    }

    private static func read(_ url: URL, root: URL, depth: Int) -> String? {
        guard depth < 16, beneath(url, root), let data = FileManager.default.contents(atPath: url.path), data.count <= 1 << 20,
            let text = String(data: data, encoding: .utf8)
        else { return nil }
        let regex = try! NSRegularExpression(pattern: "@import\\s+[\"']([^\"']+)[\"']\\s*;")
        let ns = text as NSString
        var out = ""
        var last = 0
        for m in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
            let ref = ns.substring(with: m.range(at: 1))
            let target = ref.hasPrefix("/") ? root.appendingPathComponent(String(ref.dropFirst())) : url.deletingLastPathComponent().appendingPathComponent(ref)
            out += read(target.standardizedFileURL, root: root, depth: depth + 1) ?? "/* @import \(ref): not found */"
            last = m.range.location + m.range.length
        }
        out += ns.substring(from: last)
        return out
    }

    /// Whether `url` (symlinks resolved) lies beneath `root`.
    static func beneath(_ url: URL, _ root: URL) -> Bool {
        let r = root.resolvingSymlinksInPath().standardizedFileURL.path
        let p = url.resolvingSymlinksInPath().standardizedFileURL.path
        return p.hasPrefix(r.hasSuffix("/") ? r : r + "/")
    }
}
