/// Tolerant tokenizer and tree builder for WXML.
///
/// Accepts double-, single- and un-quoted attribute values, valueless attributes, self-closing
/// tags, comments, `<!DOCTYPE …>`/`<?…?>` (skipped), CDATA (kept as text), a bare `<` in text
/// (`a < b`) and `<`/`>` inside `{{ }}`. `<wxs>` bodies are kept raw; `<import>`/`<include>`
/// may be written with or without a closing tag. Unclosed or mismatched tags throw.
public struct WXMLParser {
    /// Elements nested deeper than this are rejected (keeps recursive consumers safe).
    public static let maxDepth = 512

    /// Tags whose closing tag is optional (and ignored if stray).
    static let voidTags: Set<String> = ["import", "include"]
    /// Tags whose body is raw script text rather than WXML.
    static let rawTextTags: Set<String> = ["wxs"]

    private let s: [Unicode.Scalar]
    private var i = 0
    private var lineStarts: [Int] = [0]

    private struct Open {
        var element: WXMLElement
    }

    private var stack: [Open] = []
    private var roots: [WXMLNode] = []

    /// Parses `source` into its top-level nodes.
    public static func parse(_ source: String) throws(WXMLError) -> [WXMLNode] {
        var parser = WXMLParser(source)
        return try parser.run()
    }

    private init(_ source: String) {
        s = Array(source.unicodeScalars)
        for (k, c) in s.enumerated() where c == "\n" { lineStarts.append(k + 1) }
    }

    private func location(_ offset: Int) -> SourceLocation {
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= offset { lo = mid } else { hi = mid - 1 }
        }
        return SourceLocation(line: lo + 1, column: offset - lineStarts[lo] + 1)
    }

    private func peek(_ k: Int = 0) -> Unicode.Scalar? { i + k < s.count ? s[i + k] : nil }

    private func starts(with text: String, at offset: Int? = nil) -> Bool {
        var k = offset ?? i
        for u in text.unicodeScalars {
            guard k < s.count, s[k] == u else { return false }
            k += 1
        }
        return true
    }

    /// First offset ≥ `from` where `text` starts, or nil.
    private func find(_ text: String, from: Int) -> Int? {
        guard let first = text.unicodeScalars.first else { return from }
        var k = from
        while k < s.count {
            if s[k] == first && starts(with: text, at: k) { return k }
            k += 1
        }
        return nil
    }

    private static func isSpace(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || c == "\n" || c == "\r" || c == "\u{0C}"
    }

    private static func isNameStart(_ c: Unicode.Scalar) -> Bool {
        (c.value >= 65 && c.value <= 90) || (c.value >= 97 && c.value <= 122) || c == "_"
            || (c.value > 127 && c.properties.isAlphabetic)
    }

    private static func isNameChar(_ c: Unicode.Scalar) -> Bool {
        isNameStart(c) || (c.value >= 48 && c.value <= 57) || c == "-" || c == ":" || c == "."
            || (c.value > 127 && c.properties.isIDContinue)
    }

    private static func isAttributeNameChar(_ c: Unicode.Scalar) -> Bool {
        !isSpace(c) && c != "=" && c != ">" && c != "/" && c != "<" && c != "\"" && c != "'" && c != "\u{0}"
    }

    private func text(_ range: Range<Int>) -> String {
        String(String.UnicodeScalarView(s[range]))
    }

    private mutating func append(_ node: WXMLNode) {
        if stack.isEmpty {
            roots.append(node)
        } else {
            stack[stack.count - 1].element.children.append(node)
        }
    }

    // MARK: Main loop

    private mutating func run() throws(WXMLError) -> [WXMLNode] {
        while i < s.count {
            if s[i] == "<" {
                if starts(with: "<!--") {
                    try comment()
                } else if starts(with: "<![CDATA[") {
                    let start = i
                    guard let end = find("]]>", from: i + 9) else {
                        throw WXMLError(.unterminatedComment, "unterminated CDATA section", at: location(start))
                    }
                    append(.text(text((i + 9)..<end), location(start)))
                    i = end + 3
                } else if starts(with: "<!") || starts(with: "<?") {
                    let start = i
                    guard let end = find(">", from: i) else {
                        throw WXMLError(.unterminatedTag, "unterminated declaration", at: location(start))
                    }
                    i = end + 1
                } else if starts(with: "</") {
                    try closeTag()
                } else if let c = peek(1), Self.isNameStart(c) {
                    try openTag()
                } else {
                    textNode()
                }
            } else {
                textNode()
            }
        }
        if let open = stack.last {
            throw WXMLError(
                .unclosedElement,
                "unclosed element <\(open.element.tag)> (no matching </\(open.element.tag)> before end of file)",
                at: open.element.location)
        }
        return roots
    }

    /// Text up to the next tag-like `<`; `{{ … }}` may contain `<` and `>`.
    private mutating func textNode() {
        let start = i
        while i < s.count {
            let c = s[i]
            if c == "{", peek(1) == "{", let close = Mustache.closingIndex(s, from: i + 2) {
                i = close + 2
                continue
            }
            if c == "<", i > start, let n = peek(1), n == "/" || n == "!" || n == "?" || Self.isNameStart(n) {
                break
            }
            i += 1
        }
        append(.text(text(start..<i), location(start)))
    }

    private mutating func comment() throws(WXMLError) {
        let start = i
        guard let end = find("-->", from: i + 4) else {
            throw WXMLError(.unterminatedComment, "unterminated comment (missing '-->')", at: location(start))
        }
        append(.comment(text((i + 4)..<end), location(start)))
        i = end + 3
    }

    private mutating func readName() -> String {
        let start = i
        while let c = peek(), Self.isNameChar(c) { i += 1 }
        return text(start..<i)
    }

    private mutating func skipSpace() {
        while let c = peek(), Self.isSpace(c) { i += 1 }
    }

    // MARK: Tags

    private mutating func openTag() throws(WXMLError) {
        let start = i
        i += 1
        let tag = readName()
        var attributes: [WXMLAttribute] = []
        var selfClosing = false
        while true {
            skipSpace()
            guard let c = peek() else {
                throw WXMLError(.unterminatedTag, "unterminated start tag <\(tag)> (missing '>')", at: location(start))
            }
            if c == ">" {
                i += 1
                break
            }
            if c == "/" && peek(1) == ">" {
                i += 2
                selfClosing = true
                break
            }
            attributes.append(try attribute(tag: tag, tagStart: start))
        }
        var element = WXMLElement(
            tag: tag, attributes: attributes, location: location(start), selfClosing: selfClosing)
        if selfClosing || Self.voidTags.contains(tag) {
            append(.element(element))
            return
        }
        if Self.rawTextTags.contains(tag) {
            guard let end = find("</\(tag)", from: i) else {
                throw WXMLError(.unterminatedRawText, "unclosed <\(tag)> block (missing </\(tag)>)", at: location(start))
            }
            element.rawText = text(i..<end)
            i = end + 2 + tag.unicodeScalars.count
            skipSpace()
            guard peek() == ">" else {
                throw WXMLError(.unterminatedTag, "unterminated end tag </\(tag)>", at: location(end))
            }
            i += 1
            append(.element(element))
            return
        }
        guard stack.count < Self.maxDepth else {
            throw WXMLError(.nestingTooDeep, "elements nested deeper than \(Self.maxDepth) levels", at: location(start))
        }
        stack.append(Open(element: element))
    }

    private mutating func attribute(tag: String, tagStart: Int) throws(WXMLError) -> WXMLAttribute {
        let start = i
        while let c = peek(), Self.isAttributeNameChar(c) { i += 1 }
        guard i > start else {
            let c = peek()!
            throw WXMLError(
                .invalidAttribute, "unexpected character '\(c.escaped(asASCII: true))' in start tag <\(tag)>",
                at: location(start))
        }
        let name = text(start..<i)
        let nameEnd = i
        skipSpace()
        guard peek() == "=" else {
            i = nameEnd
            return WXMLAttribute(name: name, value: nil, location: location(start))
        }
        i += 1
        skipSpace()
        guard let c = peek() else {
            throw WXMLError(.unterminatedTag, "unterminated start tag <\(tag)> (missing '>')", at: location(tagStart))
        }
        if c == "\"" || c == "'" {
            guard let end = find(String(c), from: i + 1) else {
                throw WXMLError(
                    .unterminatedAttributeValue, "unterminated value of attribute '\(name)' (missing \(c))",
                    at: location(i))
            }
            let value = text((i + 1)..<end)
            i = end + 1
            return WXMLAttribute(name: name, value: value, location: location(start))
        }
        if c == ">" || (c == "/" && peek(1) == ">") {
            throw WXMLError(.invalidAttribute, "missing value for attribute '\(name)'", at: location(i))
        }
        // Unquoted value: up to whitespace or '>', with {{ }} kept whole.
        let valueStart = i
        while let d = peek(), !Self.isSpace(d), d != ">" {
            if d == "/" && peek(1) == ">" { break }
            if d == "{", peek(1) == "{", let close = Mustache.closingIndex(s, from: i + 2) {
                i = close + 2
                continue
            }
            i += 1
        }
        return WXMLAttribute(name: name, value: text(valueStart..<i), location: location(start))
    }

    private mutating func closeTag() throws(WXMLError) {
        let start = i
        i += 2
        skipSpace()
        let tag = readName()
        skipSpace()
        guard peek() == ">" else {
            throw WXMLError(.unterminatedTag, "malformed end tag </\(tag)> (expected '>')", at: location(start))
        }
        i += 1
        guard let open = stack.last else {
            if Self.voidTags.contains(tag) { return }
            throw WXMLError(
                .unexpectedClosingTag, "unexpected closing tag </\(tag)> with no open element", at: location(start))
        }
        guard open.element.tag == tag else {
            if Self.voidTags.contains(tag) { return }
            throw WXMLError(
                .mismatchedClosingTag,
                "closing tag </\(tag)> does not match <\(open.element.tag)> opened at \(open.element.location)",
                at: location(start))
        }
        stack.removeLast()
        append(.element(open.element))
    }
}
