/// A JavaScript tokenizer, enough to find the module syntax of a file: comments, strings,
/// template literals with nested `${}`, numbers, punctuators, and regular expressions told
/// apart from division by what precedes them (`)` of `if (…)` and `}` of a block allow a
/// regular expression; `)` of a call and `}` of an object literal mean division).
///
/// Works on UTF-8 bytes; non-ASCII bytes are identifier characters except the BOM, NBSP and
/// U+2028/U+2029 (line terminators). Errors carry their line and column.
public struct JSTokenizer {
    let src: [UInt8]
    var i = 0
    var line = 1
    var lineStart = 0
    var tokens: [JSToken] = []
    /// Open brackets: for `(`, whether it follows `if`/`while`/`for`/`with`; for `{`, its kind;
    /// `templateBrace` marks a `${`.
    private enum Open { case paren(control: Bool), bracket, brace(JSToken.Brace), templateBrace }
    private var open: [Open] = []
    /// After `)`/`}`/`]`: whether a `/` next starts a regular expression.
    private var regexAfterClose = false
    /// `class` seen, its body's `{` not yet: the depth it was seen at.
    private var pendingClass: [Int] = []

    public init(_ source: [UInt8]) { src = source }

    /// Every token of `source`, or the first syntax error.
    public static func tokenize(_ source: [UInt8]) throws(JSSyntaxError) -> [JSToken] {
        var t = JSTokenizer(source)
        try t.run()
        return t.tokens
    }

    static let regexKeywords: Set<String> = [
        "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
        "yield", "await", "extends",
    ]
    static let controlKeywords: Set<String> = ["if", "while", "for", "with"]
    /// Longest first.
    static let punctuators: [[UInt8]] = [
        ">>>=", "...", "===", "!==", "**=", "<<=", ">>=", ">>>", "&&=", "||=", "??=",
        "=>", "==", "!=", "<=", ">=", "&&", "||", "??", "?.", "++", "--", "+=", "-=", "*=", "/=", "%=", "&=", "|=",
        "^=", "**", "<<", ">>",
    ].map { Array($0.utf8) }

    func error(_ message: String, at offset: Int? = nil) -> JSSyntaxError {
        let at = offset ?? i
        var l = 1, ls = 0
        var k = 0
        while k < at && k < src.count {
            if src[k] == 10 { l += 1; ls = k + 1 }
            k += 1
        }
        return JSSyntaxError(message, line: l, column: at - ls + 1)
    }

    func text(_ t: JSToken) -> String { String(decoding: src[t.start..<t.end], as: UTF8.self) }

    mutating func run() throws(JSSyntaxError) {
        if src.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
        if src.count >= i + 2, src[i] == UInt8(ascii: "#"), src[i + 1] == UInt8(ascii: "!") {
            while i < src.count, src[i] != 10 { i += 1 }
        }
        var newline = false
        while true {
            newline = try skipTrivia() || newline
            guard i < src.count else { break }
            let start = i, col = i - lineStart + 1, ln = line
            var kind = try scanToken()
            var brace: JSToken.Brace?
            if kind == .punctuator { (kind, brace) = try bracket(start) }
            tokens.append(JSToken(kind: kind, start: start, end: i, line: ln, column: col, newlineBefore: newline, brace: brace))
            if kind == .identifier { noteIdentifier(tokens[tokens.count - 1]) }
            newline = false
        }
        if let last = open.last {
            switch last {
            case .templateBrace: throw error("Unterminated template literal")
            default: throw error("Unexpected end of script: a bracket is not closed")
            }
        }
    }

    /// Whitespace and comments; true if a line terminator was crossed.
    mutating func skipTrivia() throws(JSSyntaxError) -> Bool {
        var newline = false
        while i < src.count {
            let c = src[i]
            if c == 10 { newline = true; i += 1; line += 1; lineStart = i }
            else if c == 32 || c == 9 || c == 13 || c == 11 || c == 12 { i += 1 }
            else if c == 0xC2, i + 1 < src.count, src[i + 1] == 0xA0 { i += 2 }
            else if c == 0xEF, i + 2 < src.count, src[i + 1] == 0xBB, src[i + 2] == 0xBF { i += 3 }
            else if c == 0xE2, i + 2 < src.count, src[i + 1] == 0x80, src[i + 2] == 0xA8 || src[i + 2] == 0xA9 { newline = true; i += 3 }
            else if c == UInt8(ascii: "/"), i + 1 < src.count, src[i + 1] == UInt8(ascii: "/") {
                while i < src.count, src[i] != 10 { i += 1 }
            } else if c == UInt8(ascii: "/"), i + 1 < src.count, src[i + 1] == UInt8(ascii: "*") {
                let start = i
                i += 2
                while true {
                    guard i + 1 < src.count else { throw error("Unterminated comment", at: start) }
                    if src[i] == UInt8(ascii: "*"), src[i + 1] == UInt8(ascii: "/") { i += 2; break }
                    if src[i] == 10 { newline = true; line += 1; lineStart = i + 1 }
                    i += 1
                }
            } else { break }
        }
        return newline
    }

    static func isIdentStart(_ c: UInt8) -> Bool {
        (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 36 || c == 95 || c == 92 || c >= 0x80
    }
    static func isIdentPart(_ c: UInt8) -> Bool { isIdentStart(c) || (c >= 48 && c <= 57) }
    static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    mutating func scanToken() throws(JSSyntaxError) -> JSToken.Kind {
        let c = src[i]
        if Self.isIdentStart(c) {
            while i < src.count, Self.isIdentPart(src[i]), !isSpecialNonASCII(i) { i += 1 }
            return .identifier
        }
        if c == UInt8(ascii: "#") {
            i += 1
            while i < src.count, Self.isIdentPart(src[i]) { i += 1 }
            return .privateName
        }
        if Self.isDigit(c) || (c == UInt8(ascii: ".") && i + 1 < src.count && Self.isDigit(src[i + 1])) {
            scanNumber()
            return .number
        }
        if c == UInt8(ascii: "'") || c == UInt8(ascii: "\"") { try scanString(c); return .string }
        if c == UInt8(ascii: "`") { i += 1; return try scanTemplate(head: true) }
        if c == UInt8(ascii: "}"), case .templateBrace? = open.last {
            open.removeLast()
            i += 1
            return try scanTemplate(head: false)
        }
        if c == UInt8(ascii: "/"), regexAllowed() { try scanRegex(); return .regex }
        // Most punctuators stand alone: only a punctuation character next can make a longer one.
        let next = i + 1 < src.count ? src[i + 1] : 0
        let mayBeLonger = Self.continuesPunctuator(next)
        for p in Self.punctuators where mayBeLonger && src.count - i >= p.count && p[0] == c && src[i..<i + p.count].elementsEqual(p) {
            // `?.5` is `?` then `.5`.
            if p == Array("?.".utf8), i + 2 < src.count, Self.isDigit(src[i + 2]) { break }
            i += p.count
            return .punctuator
        }
        guard c < 0x80, c > 32 else { throw error("Invalid character") }
        i += 1
        return .punctuator
    }

    /// Bytes that appear after the first character of a multi-character punctuator.
    static func continuesPunctuator(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "="), UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "&"), UInt8(ascii: "|"),
            UInt8(ascii: "?"), UInt8(ascii: "."), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "*"):
            return true
        default: return false
        }
    }

    func isSpecialNonASCII(_ k: Int) -> Bool {
        let c = src[k]
        guard c >= 0x80 else { return false }
        if c == 0xC2, k + 1 < src.count, src[k + 1] == 0xA0 { return true }
        if c == 0xEF, k + 2 < src.count, src[k + 1] == 0xBB, src[k + 2] == 0xBF { return true }
        if c == 0xE2, k + 2 < src.count, src[k + 1] == 0x80, src[k + 2] == 0xA8 || src[k + 2] == 0xA9 { return true }
        return false
    }

    mutating func scanNumber() {
        let hex = src[i] == 48 && i + 1 < src.count && (src[i + 1] | 0x20) == UInt8(ascii: "x")
        while i < src.count {
            let c = src[i]
            if Self.isIdentPart(c) && c < 0x80 || c == UInt8(ascii: ".") {
                i += 1
                if !hex, (c | 0x20) == UInt8(ascii: "e"), i < src.count, src[i] == UInt8(ascii: "+") || src[i] == UInt8(ascii: "-") { i += 1 }
            } else { break }
        }
    }

    mutating func scanString(_ quote: UInt8) throws(JSSyntaxError) {
        let start = i
        i += 1
        while true {
            guard i < src.count, src[i] != 10, src[i] != 13 else { throw error("Unterminated string literal", at: start) }
            let c = src[i]
            if c == quote { i += 1; return }
            if c == 92 {
                i += 1
                guard i < src.count else { throw error("Unterminated string literal", at: start) }
                if src[i] == 10 { line += 1; lineStart = i + 1 }
                else if src[i] == 13, i + 1 < src.count, src[i + 1] == 10 { i += 1; line += 1; lineStart = i + 1 }
            }
            i += 1
        }
    }

    /// From after `` ` `` or `}` up to and including `` ` `` or `${`.
    mutating func scanTemplate(head: Bool) throws(JSSyntaxError) -> JSToken.Kind {
        let start = i
        while true {
            guard i < src.count else { throw error("Unterminated template literal", at: start) }
            let c = src[i]
            if c == UInt8(ascii: "`") { i += 1; return head ? .template : .templateTail }
            if c == UInt8(ascii: "$"), i + 1 < src.count, src[i + 1] == UInt8(ascii: "{") {
                i += 2
                open.append(.templateBrace)
                return head ? .templateHead : .templateMiddle
            }
            if c == 92 { i += 1 }
            if i < src.count, src[i] == 10 { line += 1; lineStart = i + 1 }
            i += 1
        }
    }

    mutating func scanRegex() throws(JSSyntaxError) {
        let start = i
        i += 1
        var inClass = false
        while true {
            guard i < src.count, src[i] != 10, src[i] != 13 else { throw error("Unterminated regular expression literal", at: start) }
            let c = src[i]
            if c == 92 { i += 2; continue }
            if c == UInt8(ascii: "[") { inClass = true }
            else if c == UInt8(ascii: "]") { inClass = false }
            else if c == UInt8(ascii: "/"), !inClass { i += 1; break }
            i += 1
        }
        while i < src.count, Self.isIdentPart(src[i]) { i += 1 }
    }

    /// Whether a `/` here starts a regular expression, from the previous token.
    func regexAllowed() -> Bool {
        guard let prev = tokens.last else { return true }
        switch prev.kind {
        case .identifier:
            let word = text(prev)
            // `a.return / 2` is division; `return /x/` a regex.
            if tokens.count >= 2, case let p2 = tokens[tokens.count - 2], p2.kind == .punctuator, isDot(p2) { return false }
            return Self.regexKeywords.contains(word)
        case .punctuator:
            switch src[prev.start] {
            case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): return regexAfterClose
            default:
                let t = text(prev)
                return t != "++" && t != "--"
            }
        case .templateHead, .templateMiddle: return true
        default: return false
        }
    }

    func isDot(_ t: JSToken) -> Bool {
        t.end - t.start <= 2 && (src[t.end - 1] == UInt8(ascii: ".")) && (t.end - t.start == 1 || src[t.start] == UInt8(ascii: "?"))
    }

    /// Brackets nested deeper than this are refused (the compiler's pattern reading recurses
    /// on them; JavaScriptCore's own parser stops far earlier).
    static let maxNesting = 1000

    /// Tracks brackets for a punctuator just scanned; classifies `{`.
    mutating func bracket(_ start: Int) throws(JSSyntaxError) -> (JSToken.Kind, JSToken.Brace?) {
        guard i - start == 1 else {
            return (.punctuator, nil)
        }
        let c = src[start]
        if open.count >= Self.maxNesting, c == UInt8(ascii: "(") || c == UInt8(ascii: "[") || c == UInt8(ascii: "{") {
            throw error("Brackets are nested too deeply", at: start)
        }
        switch c {
        case UInt8(ascii: "("):
            let control = tokens.last.map { $0.kind == .identifier && Self.controlKeywords.contains(text($0)) && !afterDot() } ?? false
            open.append(.paren(control: control))
        case UInt8(ascii: "["): open.append(.bracket)
        case UInt8(ascii: "{"):
            let kind: JSToken.Brace
            if let d = pendingClass.last, d == open.count {
                pendingClass.removeLast()
                kind = .classBody
            } else {
                kind = braceStartsBlock() ? .block : .object
            }
            open.append(.brace(kind))
            return (.punctuator, kind)
        case UInt8(ascii: ")"):
            guard case .paren(let control)? = open.popLast() else { throw error("Unexpected token ')'", at: start) }
            regexAfterClose = control
        case UInt8(ascii: "]"):
            guard case .bracket? = open.popLast() else { throw error("Unexpected token ']'", at: start) }
            regexAfterClose = false
        case UInt8(ascii: "}"):
            guard case .brace(let kind)? = open.popLast() else { throw error("Unexpected token '}'", at: start) }
            regexAfterClose = kind != .object
        default: break
        }
        return (.punctuator, nil)
    }

    func afterDot() -> Bool {
        tokens.count >= 2 && tokens[tokens.count - 2].kind == .punctuator && isDot(tokens[tokens.count - 2])
    }

    /// Records `class` so its body's `{` is known (called for identifiers by `run`, the token
    /// already appended).
    mutating func noteIdentifier(_ t: JSToken) {
        guard t.end - t.start == 5, text(t) == "class" else { return }
        if tokens.count >= 2, tokens[tokens.count - 2].kind == .punctuator, isDot(tokens[tokens.count - 2]) { return }
        pendingClass.append(open.count)
    }

    /// Whether a `{` here opens a block (statement position) rather than an object literal.
    func braceStartsBlock() -> Bool {
        guard let prev = tokens.last else { return true }
        switch prev.kind {
        case .identifier:
            let word = text(prev)
            if ["return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "yield", "await", "default"].contains(word) {
                // `export default {` is an object; `switch … { default: {` is unusual enough.
                return false
            }
            return true
        case .punctuator:
            let t = text(prev)
            return [")", ";", "{", "}", "=>", ":"].contains(t) && !(t == ":" && inObjectLiteral())
        default: return false
        }
    }

    func inObjectLiteral() -> Bool {
        if case .brace(.object)? = open.last { return true }
        return false
    }
}
