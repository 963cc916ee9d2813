/// A CSS selector list as `createSelectorQuery().select()` accepts it: compound selectors of a
/// tag (or `*`), `#id` and `.class` parts, joined by descendant (space, `>>>`) and child (`>`)
/// combinators, in comma-separated lists (`#a, .b > camera`).
public struct Selector: Sendable, Equatable, CustomStringConvertible {
    /// One compound selector: every part must match the same element.
    public struct Compound: Sendable, Equatable {
        public var tag: String?
        public var ids: [String] = []
        public var classes: [String] = []

        func matches(_ e: RenderedElement) -> Bool {
            if let tag, tag != e.tag { return false }
            if !ids.allSatisfy({ $0 == e.id }) { return false }
            return classes.allSatisfy(e.classes.contains)
        }
    }

    public enum Combinator: Sendable, Equatable {
        case descendant
        case child
    }

    /// A chain read left to right: `compounds[0] (combinators[0]) compounds[1] …`.
    public struct Complex: Sendable, Equatable {
        public var compounds: [Compound]
        public var combinators: [Combinator]
    }

    public let source: String
    public let alternatives: [Complex]

    /// Why a selector string is not one.
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Selectors longer than this are refused (page code is untrusted).
    public static let maxLength = 1024

    /// Parses a selector list.
    /// - Throws: `ParseError` with a message naming the selector and what is wrong.
    public init(_ source: String) throws(ParseError) {
        self.source = source
        let fail = { (why: String) in ParseError(message: "invalid selector \"\(source)\": \(why)") }
        guard source.utf8.count <= Self.maxLength else { throw fail("longer than \(Self.maxLength) bytes") }
        let s = Array(source.unicodeScalars)
        var i = 0
        var alternatives: [Complex] = []
        var compounds: [Compound] = []
        var combinators: [Combinator] = []
        var pending: Combinator?
        func isIdent(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "-" || c == "_" || c.value > 127
        }
        func ident() -> String {
            let start = i
            while i < s.count, isIdent(s[i]) { i += 1 }
            return String(String.UnicodeScalarView(s[start..<i]))
        }
        func finish() throws(ParseError) {
            guard !compounds.isEmpty else { throw fail("empty selector") }
            guard pending == nil || pending == .descendant && combinators.count == compounds.count - 1 else {
                throw fail("a combinator has nothing after it")
            }
            alternatives.append(Complex(compounds: compounds, combinators: combinators))
            compounds = []
            combinators = []
            pending = nil
        }
        while i < s.count {
            let c = s[i]
            if c == " " || c == "\t" || c == "\n" {
                if !compounds.isEmpty, pending == nil { pending = .descendant }
                i += 1
            } else if c == ">" {
                guard !compounds.isEmpty else { throw fail("'>' has nothing before it") }
                if i + 2 < s.count, s[i + 1] == ">", s[i + 2] == ">" {
                    pending = .descendant
                    i += 3
                } else {
                    if pending == .child { throw fail("two '>' in a row") }
                    pending = .child
                    i += 1
                }
            } else if c == "," {
                pending = pending == .descendant ? nil : pending
                if pending != nil { throw fail("a combinator has nothing after it") }
                try finish()
                i += 1
            } else if c == "#" || c == "." || c == "*" || isIdent(c) {
                var compound = Compound()
                var parts = 0
                if c == "*" {
                    i += 1
                    parts += 1
                } else if isIdent(c) {
                    compound.tag = ident()
                    parts += 1
                }
                while i < s.count, s[i] == "#" || s[i] == "." {
                    let kind = s[i]
                    i += 1
                    let name = ident()
                    guard !name.isEmpty else { throw fail("'\(kind)' must be followed by a name") }
                    if kind == "#" { compound.ids.append(name) } else { compound.classes.append(name) }
                    parts += 1
                }
                guard parts > 0 else { throw fail("unexpected '\(c)'") }
                if let p = pending {
                    combinators.append(p)
                    pending = nil
                } else if !compounds.isEmpty {
                    throw fail("unexpected '\(s[i - 1])'")
                }
                compounds.append(compound)
            } else {
                throw fail("unsupported character '\(c.escaped(asASCII: true))'")
            }
        }
        if pending == .child { throw fail("'>' has nothing after it") }
        pending = nil
        try finish()
        self.alternatives = alternatives
    }

    public var description: String { source }

    /// Elements of `tree` that match, in document order (each once).
    public func matches(in tree: RenderTree) -> [RenderedElement] {
        var out: [RenderedElement] = []
        var ancestors: [RenderedElement] = []
        func walk(_ nodes: [RenderedNode]) {
            for case .element(let e) in nodes {
                if alternatives.contains(where: { Self.match($0, e, ancestors) }) { out.append(e) }
                ancestors.append(e)
                walk(e.children)
                ancestors.removeLast()
            }
        }
        walk(tree.nodes)
        return out
    }

    /// Right-to-left matching of one complex selector against `e` with its ancestors.
    static func match(_ complex: Complex, _ e: RenderedElement, _ ancestors: [RenderedElement]) -> Bool {
        guard let last = complex.compounds.last, last.matches(e) else { return false }
        // (k, limit) pairs known not to match: keeps `a a a a …` on deep trees linear.
        var failed = Set<Int>()
        func matchFrom(_ k: Int, _ limit: Int) -> Bool {
            // compounds[k] must match an ancestor at index < limit, as combinators[k] says.
            if k < 0 { return true }
            let memo = k &* 65_536 &+ limit
            if failed.contains(memo) { return false }
            let result = step(k, limit)
            if !result { failed.insert(memo) }
            return result
        }
        func step(_ k: Int, _ limit: Int) -> Bool {
            switch complex.combinators[k] {
            case .child:
                let a = limit - 1
                return a >= 0 && complex.compounds[k].matches(ancestors[a]) && matchFrom(k - 1, a)
            case .descendant:
                var a = limit - 1
                while a >= 0 {
                    if complex.compounds[k].matches(ancestors[a]) && matchFrom(k - 1, a) { return true }
                    a -= 1
                }
                return false
            }
        }
        return matchFrom(complex.compounds.count - 2, ancestors.count)
    }
}
