import Foundation
import MiniCore
import MiniWXML

/// The page's template nodes as the automation protocol addresses them: an element's id is its
/// `NodeIdentity` (stable across re-renders of the same template node and `wx:for` key), found
/// by CSS selector (MiniWXML's `Selector`) or by a small XPath subset over the rendered tree.
struct ElementTree {
    let tree: RenderTree

    static func elementID(_ e: RenderedElement) -> String { e.identity.description }

    /// The element whose automation id is `elementID` (the first in document order).
    func find(_ elementID: String) -> RenderedElement? {
        func walk(_ nodes: [RenderedNode]) -> RenderedElement? {
            for case .element(let e) in nodes {
                if Self.elementID(e) == elementID { return e }
                if let found = walk(e.children) { return found }
            }
            return nil
        }
        return walk(tree.nodes)
    }

    /// Elements matching `selector`, in document order; inside `scope` when given.
    func select(_ selector: String, in scope: RenderedElement? = nil) throws(AutomationError) -> [RenderedElement] {
        let parsed: Selector
        do { parsed = try Selector(selector) } catch { throw AutomationError("invalid selector \"\(selector)\": \(error.message)") }
        let searched = scope.map { RenderTree(nodes: $0.children, nodeCount: 0) } ?? tree
        return parsed.matches(in: searched)
    }

    /// The protocol's description of an element (what `Page.getElement` returns).
    static func describe(_ e: RenderedElement) -> [String: Any] {
        var d: [String: Any] = ["elementId": elementID(e), "tagName": e.tag]
        // A custom component's host element: clients (minium's CustomElement) key on nodeId.
        if e.component != nil { d["nodeId"] = elementID(e) }
        if e.tag == "video" || e.tag == "live-player" || e.tag == "live-pusher" || e.tag == "camera" {
            if let id = e.id { d["videoId"] = id }
        }
        return d
    }

    /// The element as WXML: `outer` with its own tag, else only its children.
    static func wxml(_ e: RenderedElement, outer: Bool) -> String {
        let inner = e.children.map(wxml(node:)).joined()
        guard outer else { return inner }
        var attrs: [String] = []
        if let id = e.id { attrs.append("id=\"\(escape(id))\"") }
        if !e.classes.isEmpty { attrs.append("class=\"\(escape(e.classes.joined(separator: " ")))\"") }
        if !e.style.isEmpty { attrs.append("style=\"\(escape(e.style))\"") }
        for key in e.attributes.keys.sorted() {
            if let text = attributeText(e.attributes[key]!) { attrs.append("\(key)=\"\(escape(text))\"") }
        }
        for key in e.dataset.keys.sorted() {
            if let text = attributeText(e.dataset[key]!) { attrs.append("data-\(key)=\"\(escape(text))\"") }
        }
        let open = ([e.tag] + attrs).joined(separator: " ")
        return "<\(open)>\(inner)</\(e.tag)>"
    }

    static func wxml(node: RenderedNode) -> String {
        switch node {
        case .text(let t): return escape(t)
        case .element(let e): return wxml(e, outer: true)
        }
    }

    /// The text inside an element, as `innerText` reads it.
    static func text(_ e: RenderedElement) -> String {
        e.children.map { node -> String in
            switch node {
            case .text(let t): return t
            case .element(let c): return text(c)
            }
        }.joined()
    }

    static func attributeText(_ v: HostValue) -> String? {
        switch v {
        case .string(let s): return s
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return n == n.rounded() && abs(n) < 1e15 ? String(Int64(n)) : String(n)
        case .null: return "null"
        default: return nil
        }
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
