import MiniCore
/// A token of a binding expression.
struct BindingToken: Equatable {
    enum Kind: Equatable {
        case number(Double)
        case string(String)
        case identifier(String)
        /// Punctuator or operator, e.g. `(`, `===`, `...`.
        case punct(String)
        case end
    }

    var kind: Kind
    var position: Int

    var describe: String {
        switch kind {
        case .number(let n): "number \(JSNumber.format(n))"
        case .string: "string literal"
        case .identifier(let name): "'\(name)'"
        case .punct(let p): "'\(p)'"
        case .end: "end of expression"
        }
    }
}

/// Splits a binding expression into tokens.
struct BindingLexer {
    private let s: [Unicode.Scalar]
    private var i = 0

    init(_ source: String) { s = Array(source.unicodeScalars) }

    static func tokenize(_ source: String) throws(BindingError) -> [BindingToken] {
        var lexer = BindingLexer(source)
        var tokens: [BindingToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        i + offset < s.count ? s[i + offset] : nil
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool {
        guard let c else { return false }
        return c.value >= 48 && c.value <= 57
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        c == "$" || c == "_" || (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122)
            || (c.value > 127 && (c.properties.isIDStart || c.properties.isAlphabetic))
    }

    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool {
        isIdentifierStart(c) || isDigit(c) || c == "\u{200C}" || c == "\u{200D}"
            || (c.value > 127 && c.properties.isIDContinue)
    }

    mutating func next() throws(BindingError) -> BindingToken {
        while let c = peek(), JSNumber.isJSWhitespace(c) { i += 1 }
        let start = i
        guard let c = peek() else { return BindingToken(kind: .end, position: i) }
        if Self.isDigit(c) || (c == "." && Self.isDigit(peek(1))) {
            return BindingToken(kind: .number(try number()), position: start)
        }
        if c == "'" || c == "\"" {
            return BindingToken(kind: .string(try string(quote: c)), position: start)
        }
        if Self.isIdentifierStart(c) {
            var name = ""
            while let d = peek(), Self.isIdentifierPart(d) {
                name.unicodeScalars.append(d)
                i += 1
            }
            return BindingToken(kind: .identifier(name), position: start)
        }
        for op in ["===", "!==", "...", "==", "!=", "<=", ">=", "&&", "||"] where matches(op) {
            i += op.unicodeScalars.count
            return BindingToken(kind: .punct(op), position: start)
        }
        switch c {
        case "(", ")", "[", "]", "{", "}", ".", ",", ":", "?", "!", "<", ">", "+", "-", "*", "/", "%":
            i += 1
            return BindingToken(kind: .punct(String(c)), position: start)
        case "=":
            throw BindingError("assignment is not supported in WXML bindings", at: start)
        case "&", "|", "^", "~":
            throw BindingError("bitwise operator '\(c)' is not supported in WXML bindings", at: start)
        case "`":
            throw BindingError("template literals are not supported in WXML bindings", at: start)
        default:
            throw BindingError("unexpected character '\(c.escaped(asASCII: true))'", at: start)
        }
    }

    private func matches(_ op: String) -> Bool {
        var k = i
        for u in op.unicodeScalars {
            guard k < s.count, s[k] == u else { return false }
            k += 1
        }
        return true
    }

    private mutating func number() throws(BindingError) -> Double {
        let start = i
        var text = ""
        if peek() == "0", let x = peek(1), "xXoObB".unicodeScalars.contains(x) {
            text = "0" + String(x)
            i += 2
            while let c = peek(), c.properties.isASCIIHexDigit {
                text.unicodeScalars.append(c)
                i += 1
            }
        } else {
            while let c = peek(), Self.isDigit(c) || c == "." && !text.contains(".") && !text.contains("e") {
                text.unicodeScalars.append(c)
                i += 1
            }
            if let e = peek(), e == "e" || e == "E" {
                let sign = peek(1) == "+" || peek(1) == "-"
                if Self.isDigit(peek(sign ? 2 : 1)) {
                    text.unicodeScalars.append(e)
                    i += 1
                    if sign {
                        text.unicodeScalars.append(peek()!)
                        i += 1
                    }
                    while let c = peek(), Self.isDigit(c) {
                        text.unicodeScalars.append(c)
                        i += 1
                    }
                }
            }
        }
        if let c = peek(), Self.isIdentifierStart(c) || Self.isDigit(c) {
            throw BindingError("invalid number literal", at: start)
        }
        let value = JSNumber.parse(text)
        if value.isNaN { throw BindingError("invalid number literal '\(text)'", at: start) }
        return value
    }

    private mutating func string(quote: Unicode.Scalar) throws(BindingError) -> String {
        let start = i
        i += 1
        var out = String.UnicodeScalarView()
        while true {
            guard let c = peek() else { throw BindingError("unterminated string literal", at: start) }
            i += 1
            if c == quote { return String(out) }
            if c == "\n" || c == "\r" { throw BindingError("unterminated string literal", at: start) }
            guard c == "\\" else {
                out.append(c)
                continue
            }
            guard let e = peek() else { throw BindingError("unterminated string literal", at: start) }
            let escapeStart = i - 1
            i += 1
            switch e {
            case "n": out.append("\n")
            case "t": out.append("\t")
            case "r": out.append("\r")
            case "b": out.append("\u{08}")
            case "f": out.append("\u{0C}")
            case "v": out.append("\u{0B}")
            case "0" where !Self.isDigit(peek()): out.append("\u{0}")
            case "\n", "\u{2028}", "\u{2029}": break  // line continuation
            case "\r":
                if peek() == "\n" { i += 1 }
            case "x":
                out.append(try hexScalar(digits: 2, escapeStart: escapeStart))
            case "u":
                if peek() == "{" {
                    i += 1
                    var value: UInt32 = 0
                    var count = 0
                    while let h = peek(), let d = h.properties.isASCIIHexDigit ? UInt32(String(h), radix: 16) : nil {
                        value = value &* 16 &+ d
                        count += 1
                        i += 1
                        if count > 6 { break }
                    }
                    guard count > 0, count <= 6, peek() == "}", let scalar = Unicode.Scalar(value) else {
                        throw BindingError("invalid unicode escape", at: escapeStart)
                    }
                    i += 1
                    out.append(scalar)
                } else {
                    out.append(try hexScalar(digits: 4, escapeStart: escapeStart))
                }
            default:
                out.append(e)  // \' \" \\ and identity escapes
            }
        }
    }

    /// Reads `digits` hex digits; lone surrogates (from `\uD83D`) are combined with a following
    /// `\uDCxx` escape when present, otherwise replaced by U+FFFD.
    private mutating func hexScalar(digits: Int, escapeStart: Int) throws(BindingError) -> Unicode.Scalar {
        let value = try hexValue(digits: digits, escapeStart: escapeStart)
        if let scalar = Unicode.Scalar(value) { return scalar }
        if (0xD800...0xDBFF).contains(value), peek() == "\\", peek(1) == "u" {
            let save = i
            i += 2
            if let low = try? hexValue(digits: 4, escapeStart: save), (0xDC00...0xDFFF).contains(low),
                let scalar = Unicode.Scalar(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00))
            {
                return scalar
            }
            i = save
        }
        return "\u{FFFD}"
    }

    private mutating func hexValue(digits: Int, escapeStart: Int) throws(BindingError) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<digits {
            guard let h = peek(), h.properties.isASCIIHexDigit, let d = UInt32(String(h), radix: 16) else {
                throw BindingError("invalid escape sequence", at: escapeStart)
            }
            value = value * 16 + d
            i += 1
        }
        return value
    }
}
