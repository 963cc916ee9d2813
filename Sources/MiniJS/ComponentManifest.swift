import Foundation
import MiniCore
import MiniStorage
import MiniWXML

/// Reads the custom components a page can use: its JSON's `usingComponents` over app.json's
/// global ones, then each component's folder (`.js`, the template in the dialect's extension
/// or another dialect's, an optional style file and `.json` with its own `usingComponents`),
/// all beneath the package folder's descriptor. A path is relative to the JSON file's folder
/// or absolute from the package root (`/components/x/x`; a folder means its `index`).
/// A missing component, a `plugin://` path, a path leaving the package, a component using
/// itself through its own declarations, or too many components fail the page with a message
/// naming the chain.
struct ComponentManifest {
    struct LoadError: Error, CustomStringConvertible {
        let description: String
    }

    /// One loaded component: what renders it and where its script is.
    struct Entry {
        let template: ComponentTemplate
        /// Host path of the component's script.
        let script: String
    }

    let root: URL
    let dialect: Dialect
    /// Components one page may reach in all.
    static let maxComponents = 256

    private var folder: SandboxDirectory?

    init(root: URL, dialect: Dialect) {
        self.root = root
        self.dialect = dialect
    }

    /// The library for the page at `route` (`pages/index/index`), and every component's script,
    /// by component path. An empty library when nothing is declared.
    mutating func load(route: String) throws -> (ComponentLibrary, [String: Entry]) {
        let global = try declared(in: "/app.json", required: false)
        let page = try declared(in: "/" + route + ".json", required: false)
        guard !global.isEmpty || !page.isEmpty else { return (.empty, [:]) }
        var entries: [String: Entry] = [:]
        var pageTags = global.mapValues(\.path)
        for (tag, p) in page { pageTags[tag] = p.path }
        var chain = ["/" + route]
        for (tag, target) in (global.merging(page) { $1 }).sorted(by: { $0.key < $1.key }) {
            try visit(target, tag: tag, chain: &chain, global: global.mapValues(\.path), entries: &entries)
        }
        let library = ComponentLibrary(components: entries.mapValues(\.template), pageTags: pageTags)
        return (library, entries)
    }

    /// A declared component: its package path (no extension) and the JSON that named it.
    struct Target {
        let path: String
        let declaredIn: String
        let tag: String
    }

    private mutating func visit(
        _ target: Target, tag: String, chain: inout [String], global: [String: String], entries: inout [String: Entry]
    ) throws {
        if chain.contains(target.path) {
            throw LoadError(description: "custom component cycle: \((chain + [target.path]).joined(separator: " → "))")
        }
        if entries[target.path] != nil { return }
        guard entries.count < Self.maxComponents else {
            throw LoadError(description: "the page uses more than \(Self.maxComponents) custom components")
        }
        let via = (chain + [target.path]).joined(separator: " → ")
        guard let script = try? read(target.path + ".js") else {
            throw LoadError(description: "\(target.declaredIn): usingComponents \"\(tag)\": no component at \(target.path) (\(target.path).js is missing; \(via))")
        }
        _ = script
        let own = try declared(in: target.path + ".json", required: false)
        let templateExtensions = PageLocation.templateExtensions(for: dialect)
        var template: PageTemplate?
        for ext in templateExtensions where exists(target.path + "." + ext) {
            let url = root.appendingPathComponent(String(target.path.dropFirst()) + "." + ext)
            do { template = try TemplateFiles(root: root).pageTemplate(url) } catch {
                throw LoadError(description: "component \(target.path) (\(via)): \(error)")
            }
            break
        }
        var style: String?
        for ext in Self.styleExtensions(dialect) where exists(target.path + "." + ext) {
            style = try? read(target.path + "." + ext)
            break
        }
        var tags = global
        for (t, p) in own { tags[t] = p.path }
        entries[target.path] = Entry(
            template: ComponentTemplate(path: target.path, template: template, usingComponents: tags, styleSheet: style),
            script: root.standardizedFileURL.path + target.path + ".js")
        chain.append(target.path)
        defer { chain.removeLast() }
        for (t, next) in own.sorted(by: { $0.key < $1.key }) {
            try visit(next, tag: t, chain: &chain, global: global, entries: &entries)
        }
        // Global components a component uses without declaring them are loaded with the page.
    }

    /// The style file extensions of a dialect, its own first.
    static func styleExtensions(_ dialect: Dialect) -> [String] {
        let own: String
        switch dialect {
        case .wx: own = "wxss"
        case .qq: own = "qss"
        case .swan: own = "css"
        case .tt: own = "ttss"
        case .my: own = "acss"
        }
        return [own] + ["wxss", "qss", "css", "ttss", "acss"].filter { $0 != own }
    }

    /// `usingComponents` of the JSON file at `jsonPath` (package path), resolved.
    private mutating func declared(in jsonPath: String, required: Bool) throws -> [String: Target] {
        guard exists(jsonPath) else { return [:] }
        let text: String
        do { text = try read(jsonPath) } catch { throw LoadError(description: "\(jsonPath): \(error)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw LoadError(description: "\(jsonPath): not a JSON object")
        }
        guard let using = object["usingComponents"] else { return [:] }
        guard let map = using as? [String: Any] else { throw LoadError(description: "\(jsonPath): usingComponents should be an object") }
        var out: [String: Target] = [:]
        for (tag, raw) in map {
            guard let value = raw as? String else { throw LoadError(description: "\(jsonPath): usingComponents \"\(tag)\" should be a path string") }
            guard Self.isTagName(tag) else { throw LoadError(description: "\(jsonPath): usingComponents \"\(tag)\" is not a tag name") }
            out[tag] = Target(path: try resolve(value, from: jsonPath, tag: tag), declaredIn: jsonPath, tag: tag)
        }
        return out
    }

    static func isTagName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 64
            && s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || $0 == "_" }
    }

    /// A `usingComponents` value as a package path without extension.
    private mutating func resolve(_ value: String, from jsonPath: String, tag: String) throws -> String {
        let bad = { (why: String) in LoadError(description: "\(jsonPath): usingComponents \"\(tag)\": \"\(value)\" \(why)") }
        if value.hasPrefix("plugin://") || value.hasPrefix("plugin-private://") { throw bad("is a plugin component, which MiniMedia does not run") }
        guard !value.isEmpty, value.utf8.count <= 1024 else { throw bad("is not a usable path") }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }), !value.contains("://") else {
            throw bad("is not a package path")
        }
        var parts: [Substring] = value.hasPrefix("/") ? [] : jsonPath.split(separator: "/").dropLast()
        for part in value.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                guard !parts.isEmpty else { throw bad("leaves the package") }
                parts.removeLast()
                continue
            }
            parts.append(part)
        }
        guard var last = parts.last else { throw bad("names no file") }
        if last.hasSuffix(".js") {
            last = last.dropLast(3)
            parts[parts.count - 1] = last
        }
        let path = "/" + parts.joined(separator: "/")
        // A folder stands for its index component.
        if !exists(path + ".js"), exists(path + "/index.js") { return path + "/index" }
        return path
    }

    private mutating func sandbox() throws -> SandboxDirectory {
        if let folder { return folder }
        let made = try SandboxDirectory(path: TemplateFiles(root: root).realPath(root.standardizedFileURL.path) ?? root.path)
        folder = made
        return made
    }

    private mutating func read(_ packagePath: String) throws -> String {
        try TemplateFiles.read(packagePath, in: sandbox())
    }

    private mutating func exists(_ packagePath: String) -> Bool {
        guard let folder = try? sandbox() else { return false }
        let components = PathBytes.components(packagePath).filter { !$0.isEmpty }
        guard let file = try? folder.open(components, flags: O_RDONLY | O_CLOEXEC), let st = try? file.stat() else { return false }
        return (st.st_mode & S_IFMT) == S_IFREG
    }
}
