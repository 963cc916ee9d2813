import MiniCore

/// A string mixing literal text and `{{expr}}` parts, e.g. `"cam-{{index}}"`.
public struct BindingTemplate: Sendable, Equatable, CustomStringConvertible {
    /// A literal run of text or an embedded expression.
    public enum Part: Sendable, Equatable {
        case text(String)
        case expression(BindingExpression)
    }

    /// The raw template text.
    public let source: String
    /// Literal and expression parts, in order (adjacent text is merged; empty text dropped).
    public let parts: [Part]

    /// Splits `source` into text and `{{ }}` parts and parses every expression.
    /// A `}}` inside a string literal or after a nested `{` does not close the binding,
    /// so `{{ {a: 1}}}` works.
    /// - Throws: `BindingError`; positions are offsets into `source`.
    public init(_ source: String) throws(BindingError) {
        self.source = source
        let s = Array(source.unicodeScalars)
        var parts: [Part] = []
        var text = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            if s[i] == "{", i + 1 < s.count, s[i + 1] == "{" {
                guard let close = Mustache.closingIndex(s, from: i + 2) else {
                    throw BindingError("unterminated '{{' (missing '}}')", at: i)
                }
                if !text.isEmpty {
                    parts.append(.text(String(text)))
                    text = String.UnicodeScalarView()
                }
                let body = String(String.UnicodeScalarView(s[(i + 2)..<close]))
                do {
                    parts.append(.expression(try BindingExpression(body)))
                } catch {
                    throw BindingError(error.message, at: i + 2 + error.position)
                }
                i = close + 2
            } else {
                text.append(s[i])
                i += 1
            }
        }
        if !text.isEmpty { parts.append(.text(String(text))) }
        self.parts = parts
    }

    /// Whether the template contains at least one `{{ }}` binding.
    public var hasBindings: Bool {
        parts.contains { if case .expression = $0 { true } else { false } }
    }

    /// Root data identifiers read by all embedded expressions.
    public var rootIdentifiers: Set<String> {
        var out = Set<String>()
        for case .expression(let e) in parts { out.formUnion(e.rootIdentifiers) }
        return out
    }

    /// Evaluates the template. Exactly one `{{expr}}` and nothing else yields the value
    /// with its own type; otherwise the parts are concatenated as text (`undefined` → "").
    public func evaluate(_ data: HostValue) -> HostValue {
        if parts.count == 1, case .expression(let e) = parts[0] { return e.evaluate(data) }
        var out = ""
        for part in parts {
            switch part {
            case .text(let t): out += t
            case .expression(let e): out += e.evaluate(data).wxmlText
            }
        }
        return .string(out)
    }

    public var description: String { source }
}

/// Locating the `}}` that closes a binding.
enum Mustache {
    /// Index of the first `}` of the `}}` closing a binding whose body starts at `start`,
    /// skipping string literals and balanced `{ }`; nil if unterminated.
    static func closingIndex(_ s: [Unicode.Scalar], from start: Int) -> Int? {
        var i = start
        var depth = 0
        var quote: Unicode.Scalar?
        while i < s.count {
            let c = s[i]
            if let q = quote {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == q { quote = nil }
            } else if c == "'" || c == "\"" {
                quote = c
            } else if c == "{" {
                depth += 1
            } else if c == "}" {
                if depth > 0 {
                    depth -= 1
                } else if i + 1 < s.count, s[i + 1] == "}" {
                    return i
                }
            }
            i += 1
        }
        return nil
    }
}
