import MiniCore

/// Reads a template file by package path (`/pages/index/item.wxml`); the caller decides where
/// the package is and how files are read safely beneath it.
public typealias TemplateLoader = (_ packagePath: String) throws -> String

/// A page's template with every file it imports and includes, compiled once and rendered
/// against page data as often as needed.
///
/// `<import src>` makes the imported file's own `<template name>`s usable (not those it
/// imports in turn, as on WeChat); `<include src>` renders the file's content, except its
/// template definitions and `<wxs>`, in place. `src` is relative to the file or absolute from
/// the package root. Files are read once, through the loader, while the template is built.
public struct PageTemplate: Sendable {
    public let syntax: DirectiveSyntax
    public let limits: RenderLimits
    /// Package path of the page template.
    public let mainPath: String
    let files: [String: CompiledFile]
    /// Root data identifiers any binding in any file reads: a `setData` touching none of these
    /// cannot change the rendered tree.
    public let dependencies: Set<String>
    /// What the host should tell the developer (bindings that call `<wxs>` functions).
    public let warnings: [String]

    /// Compiles `source` (the file at `path`) and the files it imports and includes.
    /// - Throws: `RenderError` (syntax, bindings, bad or missing `src`, too many files).
    public init(
        source: String, path: String, syntax: DirectiveSyntax, limits: RenderLimits = .standard,
        loader: TemplateLoader? = nil
    ) throws(RenderError) {
        self.syntax = syntax
        self.limits = limits
        let main = path.hasPrefix("/") ? path : "/" + path
        mainPath = main
        let ext = main.split(separator: "/").last.flatMap { name in name.split(separator: ".").count > 1 ? name.split(separator: ".").last : nil }
            .map(String.init) ?? "wxml"
        var files: [String: CompiledFile] = [:]
        var queue: [(String, String, SourceLocation?)] = []
        let first = try TemplateCompiler.compile(source, path: main, syntax: syntax, defaultExtension: ext)
        files[main] = first
        func enqueue(_ file: CompiledFile) {
            for p in file.imports + file.includes where files[p] == nil { queue.append((p, file.path, nil)) }
        }
        enqueue(first)
        while !queue.isEmpty {
            let (p, from, _) = queue.removeFirst()
            if files[p] != nil { continue }
            guard files.count < limits.maxFiles else {
                throw RenderError(.limit, "the page imports and includes more than \(limits.maxFiles) files", file: from)
            }
            guard let loader else { throw RenderError(.missingFile, "cannot read \(p): no package to read it from", file: from) }
            let text: String
            do { text = try loader(p) } catch {
                throw RenderError(.missingFile, "cannot read \(p): \(error)", file: from)
            }
            let compiled = try TemplateCompiler.compile(text, path: p, syntax: syntax, defaultExtension: ext)
            files[p] = compiled
            enqueue(compiled)
        }
        self.files = files
        dependencies = files.values.reduce(into: Set()) { $0.formUnion($1.roots) }
        warnings = ([main] + files.keys.filter { $0 != main }.sorted()).flatMap { files[$0]?.warnings ?? [] }
    }

    /// Package paths of every file the template is made of (the page's first).
    public var filePaths: [String] { [mainPath] + files.keys.filter { $0 != mainPath }.sorted() }

    /// Whether a `setData` that changed these keys (`a.b[1]`, `pos`) can change the tree.
    public func depends<S: Sequence>(onChangedPaths paths: S) -> Bool where S.Element == String {
        paths.contains { dependencies.contains(SetDataPath.rootKey(of: $0)) }
    }

    /// Renders the page against `data` (the page's data object).
    /// - Throws: `RenderError` when a bound is passed or includes form a cycle.
    public func render(data: HostValue) throws(RenderError) -> RenderTree {
        try render(data: data, components: .empty, instances: nil)
    }

    /// Renders the page against `data` with custom components: a tag of `components.pageTags`
    /// becomes a host element whose children are the component's template rendered against
    /// the instance `instances` gives for it (made on first sight, updated after).
    /// - Throws: `RenderError` when a bound is passed, includes or components form a cycle, or
    ///   an instance cannot be made.
    public func render(data: HostValue, components: ComponentLibrary, instances: (any ComponentInstanceSource)?) throws(RenderError) -> RenderTree {
        var renderer = TemplateRenderer(template: self, library: components, source: instances, tags: components.pageTags)
        let nodes = try renderer.render(main: mainPath, data: data)
        return RenderTree(nodes: nodes, nodeCount: renderer.count)
    }

    /// The `<template name>` visible from `file`: its own, then those of the files it imports
    /// (a later import wins over an earlier one).
    func lookup(_ name: String, from file: String) -> (CompiledElement, String)? {
        guard let f = files[file] else { return nil }
        if let t = f.templates[name] { return (t, file) }
        for imported in f.imports.reversed() {
            if let t = files[imported]?.templates[name] { return (t, imported) }
        }
        return nil
    }
}
