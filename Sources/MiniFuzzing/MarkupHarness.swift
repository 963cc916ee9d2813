import MiniCore
import MiniWXML

/// WXML pages and `{{ }}` bindings as a page package supplies them: parse the document (which
/// parses every attribute binding of native components), resolve its components against data,
/// render it as a tree (directives, templates, includes, selectors, layout), and evaluate
/// expressions and `setData` paths.
enum MarkupHarness {
    /// A fixed data object the expressions can reach into.
    static let data: HostValue = .object([
        "a": .number(1), "b": .string("x"), "list": .array([.number(1), .number(2), .null]),
        "o": .object(["k": .bool(true), "n": .object(["deep": .number(-0.5)])]),
    ])

    static func wxml(_ bytes: [UInt8]) -> String {
        let source = String(decoding: bytes, as: UTF8.self)
        _ = try? WXMLParser.parse(source)
        guard let document = try? WXMLDocument(parsing: source) else { return "rejected" }
        for component in document.nativeComponents {
            _ = component.resolve(data: data)
            _ = component.depends(onChangedPaths: ["a", "o.k", "list[1]"])
        }
        _ = document.components(affectedBy: ["a", "b"])
        return render(source) + "; \(document.nodes.count) nodes, \(document.nativeComponents.count) components"
    }

    /// Renders the page as a rendered tree in three syntaxes; every import or include reads the
    /// input itself again (so includes cycle), then selects and lays the tree out.
    static func render(_ source: String) -> String {
        let limits = RenderLimits(maxNodes: 2_000, maxLoopLength: 200, maxFiles: 8)
        var outcomes: [String] = []
        for syntax in [DirectiveSyntax.wechat, .baidu, .alipay] {
            do {
                let template = try PageTemplate(source: source, path: "/p/index.wxml", syntax: syntax, limits: limits) { _ in source }
                let tree = try template.render(data: data)
                _ = template.depends(onChangedPaths: ["a", "list[0]"])
                if let selector = try? Selector("view .a > camera, #b") { _ = selector.matches(in: tree) }
                _ = BoxLayout().layout(tree)
                outcomes.append("rendered \(tree.nodeCount)")
            } catch {
                outcomes.append("\(error.kind)")
            }
        }
        return outcomes.joined(separator: ", ")
    }

    /// The first line is a template; the rest, an expression and then a `setData` path.
    static func binding(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
        var results: [String] = []
        if let template = try? BindingTemplate(text) { results.append("\(template.evaluate(data))") }
        if let first = lines.first, let template = try? BindingTemplate(first) { _ = template.evaluate(data) }
        let expressionSource = lines.count > 1 ? lines[1] : text
        if let expression = try? BindingExpression(expressionSource) { results.append("\(expression.evaluate(data))") }
        _ = try? AttributeBinding(raw: text)
        let pathSource = lines.count > 2 ? lines[2] : text
        var copy = data
        if (try? applySetData(&copy, path: pathSource, value: .number(7))) != nil { results.append("set") }
        _ = SetDataPath.rootKey(of: pathSource)
        return results.joined(separator: "; ")
    }
}
