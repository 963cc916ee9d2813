import Foundation
import MiniCore
import MiniWXML

/// A small XPath subset over the rendered tree (what `Page.getElementByXpath` takes):
///
/// - steps `/tag` (child) and `//tag` (descendant), `*` for any tag, from the page root;
/// - predicates, any number per step: `[N]` (1-based position among the step's matches under
///   one parent), `[@attr]`, `[@attr='v']` (`id`, `class`, `style`, `data-*` and ordinary
///   attributes), `[contains(@attr,'v')]`, `[text()='v']`, `[contains(text(),'v')]`,
///   `[last()]`.
///
/// Anything else (axes, functions, unions, `..`) is refused with a message naming the subset.
struct XPath {
    struct Step {
        var descendant: Bool
        var tag: String?
        var predicates: [Predicate]
    }

    enum Predicate {
        case position(Int)
        case last
        case has(String)
        case equals(String, String)
        case contains(String, String)
        case textEquals(String)
        case textContains(String)
    }

    let steps: [Step]
    static let maxLength = 1024

    init(_ source: String) throws(AutomationError) {
        let s = source.trimmingCharacters(in: .whitespaces)
        guard !s.isEmpty, s.count <= Self.maxLength else { throw AutomationError("invalid xpath: empty or longer than \(Self.maxLength) characters") }
        guard s.hasPrefix("/") else { throw Self.unsupported(source, "it must start with / or //") }
        var steps: [Step] = []
        var chars = Array(s)
        var i = 0
        func fail(_ why: String) -> AutomationError { Self.unsupported(source, why) }
        while i < chars.count {
            guard chars[i] == "/" else { throw fail("expected / at \(i)") }
            var descendant = false
            i += 1
            if i < chars.count, chars[i] == "/" {
                descendant = true
                i += 1
            }
            var name = ""
            while i < chars.count, chars[i].isLetter || chars[i].isNumber || chars[i] == "-" || chars[i] == "_" || chars[i] == "*" {
                name.append(chars[i])
                i += 1
            }
            guard !name.isEmpty else { throw fail("a step needs a tag name or *") }
            var predicates: [Predicate] = []
            while i < chars.count, chars[i] == "[" {
                var depth = 0
                var body = ""
                var quote: Character?
                i += 1
                while i < chars.count {
                    let c = chars[i]
                    if let q = quote {
                        if c == q { quote = nil }
                    } else if c == "'" || c == "\"" {
                        quote = c
                    } else if c == "[" {
                        depth += 1
                    } else if c == "]" {
                        if depth == 0 { break }
                        depth -= 1
                    }
                    body.append(c)
                    i += 1
                }
                guard i < chars.count else { throw fail("unclosed [") }
                i += 1
                predicates.append(try Self.predicate(body, source))
            }
            steps.append(Step(descendant: descendant, tag: name == "*" ? nil : name, predicates: predicates))
        }
        chars = []
        self.steps = steps
    }

    private static func unsupported(_ source: String, _ why: String) -> AutomationError {
        AutomationError(
            "unsupported xpath \"\(source)\": \(why) (supported: /tag, //tag, *, [N], [last()], [@a], [@a='v'], [contains(@a,'v')], [text()='v'], [contains(text(),'v')])")
    }

    private static func literal(_ s: Substring) -> String? {
        let t = s.trimmingCharacters(in: .whitespaces)
        guard t.count >= 2, let f = t.first, f == "'" || f == "\"", t.last == f else { return nil }
        return String(t.dropFirst().dropLast())
    }

    private static func predicate(_ body: String, _ source: String) throws(AutomationError) -> Predicate {
        let b = body.trimmingCharacters(in: .whitespaces)
        if let n = Int(b), n >= 1 { return .position(n) }
        if b == "last()" { return .last }
        if b.hasPrefix("@") {
            if let eq = b.firstIndex(of: "=") {
                let name = b[b.index(after: b.startIndex)..<eq].trimmingCharacters(in: .whitespaces)
                guard let v = literal(b[b.index(after: eq)...]), !name.isEmpty else { throw unsupported(source, "bad predicate [\(body)]") }
                return .equals(name, v)
            }
            return .has(String(b.dropFirst()))
        }
        if b.hasPrefix("text()") {
            let rest = b.dropFirst(6).trimmingCharacters(in: .whitespaces)
            guard rest.hasPrefix("="), let v = literal(rest.dropFirst()) else { throw unsupported(source, "bad predicate [\(body)]") }
            return .textEquals(v)
        }
        if b.hasPrefix("contains("), b.hasSuffix(")") {
            let inner = b.dropFirst(9).dropLast()
            guard let comma = inner.firstIndex(of: ",") else { throw unsupported(source, "bad predicate [\(body)]") }
            let what = inner[..<comma].trimmingCharacters(in: .whitespaces)
            guard let v = literal(inner[inner.index(after: comma)...]) else { throw unsupported(source, "bad predicate [\(body)]") }
            if what == "text()" { return .textContains(v) }
            if what.hasPrefix("@") { return .contains(String(what.dropFirst()), v) }
        }
        throw unsupported(source, "bad predicate [\(body)]")
    }

    /// The matching elements, in document order.
    func evaluate(_ tree: RenderTree) -> [RenderedElement] {
        // A virtual root whose children are the page's top-level nodes.
        var current: [[RenderedNode]] = [tree.nodes]
        var result: [RenderedElement] = []
        for (n, step) in steps.enumerated() {
            var next: [RenderedElement] = []
            var seen = Set<NodeIdentity>()
            for children in current {
                let candidates = step.descendant ? Self.descendants(children) : children.compactMap(\.element)
                var matched = candidates.filter { e in
                    (step.tag == nil || e.tag == step.tag) && step.predicates.allSatisfy { p in
                        if case .position = p { return true }
                        if case .last = p { return true }
                        return Self.test(p, e)
                    }
                }
                for p in step.predicates {
                    if case .position(let k) = p { matched = k <= matched.count ? [matched[k - 1]] : [] }
                    if case .last = p { matched = matched.last.map { [$0] } ?? [] }
                }
                for e in matched where seen.insert(e.identity).inserted { next.append(e) }
            }
            if n == steps.count - 1 { result = next }
            current = next.map(\.children)
        }
        return result
    }

    private static func descendants(_ nodes: [RenderedNode]) -> [RenderedElement] {
        var out: [RenderedElement] = []
        for case .element(let e) in nodes {
            out.append(e)
            out += descendants(e.children)
        }
        return out
    }

    static func attribute(_ name: String, of e: RenderedElement) -> String? {
        switch name {
        case "id": return e.id
        case "class": return e.classes.isEmpty ? nil : e.classes.joined(separator: " ")
        case "style": return e.style.isEmpty ? nil : e.style
        default:
            if name.hasPrefix("data-") {
                let key = name.dropFirst(5).split(separator: "-").enumerated()
                    .map { $0.offset == 0 ? String($0.element) : $0.element.prefix(1).uppercased() + $0.element.dropFirst() }.joined()
                return e.dataset[key].flatMap(ElementTree.attributeText)
            }
            return e.attributes[name].flatMap(ElementTree.attributeText)
        }
    }

    private static func test(_ p: Predicate, _ e: RenderedElement) -> Bool {
        switch p {
        case .position, .last: return true
        case .has(let a): return attribute(a, of: e) != nil
        case .equals(let a, let v): return attribute(a, of: e) == v
        case .contains(let a, let v): return attribute(a, of: e)?.contains(v) ?? false
        case .textEquals(let v): return ElementTree.text(e).trimmingCharacters(in: .whitespacesAndNewlines) == v
        case .textContains(let v): return ElementTree.text(e).contains(v)
        }
    }
}
