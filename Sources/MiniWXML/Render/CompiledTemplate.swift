import Foundation
import MiniCore

/// A template file compiled once: bindings parsed, directives recognized, definitions indexed.
struct CompiledFile: Sendable {
    let path: String
    let nodes: [CompiledNode]
    /// `<template name>` definitions of this file.
    var templates: [String: CompiledElement]
    /// Files `<import src>` names, resolved, in order.
    var imports: [String]
    /// Files `<include src>` names, resolved.
    var includes: [String]
    /// Root identifiers every binding in the file reads.
    var roots: Set<String>
    var warnings: [String]
}

indirect enum CompiledNode: Sendable {
    case element(CompiledElement)
    case text(AttributeBinding)
}

/// The `if` / `elif` / `else` directive on an element.
enum Condition: Sendable {
    case none
    case `if`(AttributeBinding)
    case elif(AttributeBinding)
    case `else`
}

/// A `for` directive: the list and the names of its item, index and key.
struct Loop: Sendable {
    var list: AttributeBinding
    var item: String
    var index: String
    /// `wx:key` (a property of the item, or `*this`).
    var key: String?
    /// Baidu's `trackBy expr`, evaluated per item.
    var trackBy: AttributeBinding?
}

/// What an element is, beyond an ordinary tag.
enum ElementRole: Sendable {
    case ordinary
    /// `<block>`: renders only its children.
    case block
    /// `<template is="…" data="…">`.
    case use(name: AttributeBinding, data: AttributeBinding?)
    /// `<include src>` (resolved package path).
    case include(String)
    /// `<template name>`, `<import>`, `<wxs>`: nothing rendered where written.
    case skip
}

struct CompiledElement: Sendable {
    let tag: String
    let location: SourceLocation
    var role: ElementRole = .ordinary
    var condition: Condition = .none
    var loop: Loop?
    var id: AttributeBinding?
    var attributes: [(String, AttributeBinding)] = []
    var dataset: [(String, AttributeBinding)] = []
    var events: [EventBinding] = []
    /// The attribute each of `events` was written as (`onTapItem`): Alipay's event props.
    var eventAttributes: [String] = []
    var children: [CompiledNode] = []
}

/// Turns parsed WXML into `CompiledFile`s.
struct TemplateCompiler {
    let syntax: DirectiveSyntax
    let path: String
    let defaultExtension: String
    var templates: [String: CompiledElement] = [:]
    var imports: [String] = []
    var includes: [String] = []
    var roots: Set<String> = []
    /// Bindings rendered as `undefined` because they call functions (`<wxs>` modules).
    var warnings: [String] = []

    init(syntax: DirectiveSyntax, path: String, defaultExtension: String) {
        self.syntax = syntax
        self.path = path
        self.defaultExtension = defaultExtension
    }

    static func compile(_ source: String, path: String, syntax: DirectiveSyntax, defaultExtension: String) throws(RenderError) -> CompiledFile {
        let nodes: [WXMLNode]
        do { nodes = try WXMLParser.parse(source) } catch {
            throw RenderError(.syntax, error.message, file: path, at: error.location)
        }
        var compiler = TemplateCompiler(syntax: syntax, path: path, defaultExtension: defaultExtension)
        let compiled = try compiler.compile(nodes)
        return CompiledFile(
            path: path, nodes: compiled, templates: compiler.templates, imports: compiler.imports,
            includes: compiler.includes, roots: compiler.roots, warnings: compiler.warnings)
    }

    mutating func compile(_ nodes: [WXMLNode]) throws(RenderError) -> [CompiledNode] {
        var out: [CompiledNode] = []
        for node in nodes {
            switch node {
            case .comment: continue
            case .text(let raw, let location):
                if raw.allSatisfy(\.isWhitespace) { continue }
                let binding = try bind(raw, what: "text", at: location)
                roots.formUnion(binding.rootIdentifiers)
                out.append(.text(binding))
            case .element(let element):
                out.append(.element(try compile(element)))
            }
        }
        return out
    }

    /// A binding; one that calls a function (a `<wxs>` module's) renders as `undefined`, with a
    /// warning, so the rest of the page still runs. Other syntax errors are errors.
    private mutating func bind(_ raw: String?, what: String, at location: SourceLocation) throws(RenderError) -> AttributeBinding {
        do { return try AttributeBinding(raw: raw) } catch {
            guard error.message == BindingError.functionCallMessage else {
                throw RenderError(.invalidBinding, "invalid binding in \(what): \(error.message) (offset \(error.position))", file: path, at: location)
            }
            if warnings.count < 100 {
                warnings.append("\(path):\(location.line):\(location.column): \(what) calls a function (wxs is not supported); it renders as undefined")
            }
            return .template(Self.undefinedTemplate)
        }
    }

    private static let undefinedTemplate = try! BindingTemplate("{{undefined}}")

    /// A directive value: `{{expr}}`, or (Baidu) a bare expression.
    private mutating func expression(_ attribute: WXMLAttribute, tag: String) throws(RenderError) -> AttributeBinding {
        let what = "attribute '\(attribute.name)' of <\(tag)>"
        guard syntax.bareExpressions, let raw = attribute.value, !raw.contains("{{") else {
            return try bind(attribute.value, what: what, at: attribute.location)
        }
        return try bind("{{" + raw + "}}", what: what, at: attribute.location)
    }

    private mutating func compile(_ element: WXMLElement) throws(RenderError) -> CompiledElement {
        var c = CompiledElement(tag: element.tag, location: element.location)
        let d = syntax.directive
        var loopList: AttributeBinding?
        var item = "item", index = "index"
        var key: String?
        var trackBy: AttributeBinding?
        for attribute in element.attributes {
            let name = attribute.name
            let what = "attribute '\(name)' of <\(element.tag)>"
            if syntax.isDirective(name) {
                switch name {
                case d("if"): c.condition = .if(try expression(attribute, tag: element.tag))
                case d("elif"): c.condition = .elif(try expression(attribute, tag: element.tag))
                case d("else"): c.condition = .else
                case d("for"), d("for-items"):
                    (loopList, item, index, trackBy) = try loopSpec(attribute, tag: element.tag, item: item, index: index)
                case d("for-item"): item = attribute.value ?? item
                case d("for-index"): index = attribute.value ?? index
                case d("key"): key = attribute.value
                default: break
                }
                continue
            }
            let binding = try bind(attribute.value, what: what, at: attribute.location)
            if name == "id" {
                c.id = binding
            } else if let (event, kind) = syntax.parseEvent(name) {
                c.events.append(EventBinding(event: event, handler: binding, kind: kind))
                c.eventAttributes.append(name)
            } else if let datasetKey = ComponentSpec.datasetKey(forAttribute: name) {
                c.dataset.append((datasetKey, binding))
            } else {
                c.attributes.append((name, binding))
            }
        }
        if let loopList {
            c.loop = Loop(list: loopList, item: item, index: index, key: key, trackBy: trackBy)
        }
        for binding in [c.id].compactMap({ $0 }) + c.attributes.map(\.1) + c.dataset.map(\.1) + c.events.map(\.handler) {
            roots.formUnion(binding.rootIdentifiers)
        }
        if case .if(let b) = c.condition { roots.formUnion(b.rootIdentifiers) }
        if case .elif(let b) = c.condition { roots.formUnion(b.rootIdentifiers) }
        if let loop = c.loop { roots.formUnion(loop.list.rootIdentifiers) }
        switch element.tag {
        case "block":
            c.role = .block
        case "template":
            if let name = element.attribute("name")?.value {
                c.role = .skip
                c.children = try compile(element.children)
                templates[name] = c
                return c
            }
            if let isAttr = attributeBinding(c, "is") {
                c.role = .use(name: isAttr, data: try templateData(attributeBinding(c, "data"), at: element.location))
            } else {
                c.role = .skip
            }
            return c
        case "import":
            c.role = .skip
            if let src = element.attribute("src")?.value { imports.append(try resolve(src, at: element.location)) }
            return c
        case "include":
            guard let src = element.attribute("src")?.value else {
                c.role = .skip
                return c
            }
            let resolved = try resolve(src, at: element.location)
            includes.append(resolved)
            c.role = .include(resolved)
            return c
        case "wxs", "sjs", "import-sjs", "filter":
            c.role = .skip
            return c
        default:
            break
        }
        c.children = try compile(element.children)
        return c
    }

    /// A template's `data` is an object literal without its braces: `{{item}}` means `{item}`.
    private mutating func templateData(_ binding: AttributeBinding?, at location: SourceLocation) throws(RenderError) -> AttributeBinding? {
        guard case .template(let t)? = binding, t.parts.count == 1, case .expression(let e) = t.parts[0],
            case .identifier(let name) = e.root
        else { return binding }
        return try bind("{{\(name): \(name)}}", what: "data of <template>", at: location)
    }

    private func attributeBinding(_ c: CompiledElement, _ name: String) -> AttributeBinding? {
        c.attributes.last { $0.0 == name }?.1
    }

    /// `wx:for="{{list}}"`, or Baidu's `s-for="item, index in list trackBy item.id"` / `s-for="list"`.
    private mutating func loopSpec(_ attribute: WXMLAttribute, tag: String, item: String, index: String) throws(RenderError)
        -> (AttributeBinding, String, String, AttributeBinding?)
    {
        guard syntax.bareExpressions, var raw = attribute.value else {
            return (try expression(attribute, tag: tag), item, index, nil)
        }
        var item = item, index = index
        var trackBy: AttributeBinding?
        if let range = raw.range(of: " trackBy ") {
            let expr = String(raw[range.upperBound...]).trimmingCharacters(in: .whitespaces)
            trackBy = try bind("{{" + expr + "}}", what: "trackBy of <\(tag)>", at: attribute.location)
            raw = String(raw[..<range.lowerBound])
        }
        if let range = raw.range(of: " in ") {
            let names = raw[..<range.lowerBound].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let first = names.first, !first.isEmpty, names.count <= 2 else {
                throw RenderError(.invalidBinding, "invalid \(attribute.name) \"\(attribute.value ?? "")\" on <\(tag)>", file: path, at: attribute.location)
            }
            item = first
            if names.count == 2 { index = names[1] }
            raw = String(raw[range.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        let list = WXMLAttribute(name: attribute.name, value: raw, location: attribute.location)
        return (try expression(list, tag: tag), item, index, trackBy)
    }

    /// An `src` resolved to a package path: relative to this file's folder, or absolute from the
    /// package root; `..` never climbs above the root; no backslashes or control characters.
    func resolve(_ src: String, at location: SourceLocation) throws(RenderError) -> String {
        let bad = { (why: String) in RenderError(.invalidPath, "src \"\(src)\" \(why)", file: path, at: location) }
        guard !src.isEmpty else { throw bad("is empty") }
        guard !src.contains("{{") else { throw bad("cannot be bound") }
        guard !src.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" || $0.value == 0x7F }) else {
            throw bad("has a backslash or control character")
        }
        guard src.utf8.count <= 1024 else { throw bad("is too long") }
        var parts: [Substring] = src.hasPrefix("/") ? [] : path.split(separator: "/").dropLast()
        for part in src.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." {
                // As in URL resolution (and on WeChat), `..` at the package root stays there.
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        guard let last = parts.last else { throw bad("names no file") }
        if !last.contains(".") { parts[parts.count - 1] = last + "." + defaultExtension }
        return "/" + parts.joined(separator: "/")
    }
}
