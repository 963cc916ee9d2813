import MiniCore

/// Compiles ES module syntax to CommonJS the way the platforms' build tools (Babel) do, so page
/// files and required modules may use `import` / `export`:
///
/// - `exports.__esModule` is set and every exported name is a getter on `exports`, defined
///   before the body runs (live bindings; hoisted functions are reachable through a cycle);
/// - imports become `require` calls made before the body runs, in source order; references to
///   imported names are rewritten to reads of the exporting module (`_esm_util_1.formatTime`),
///   so they stay live, and calls keep `this` undefined (`(0, _esm_util_1.f)(…)`);
/// - a default import of a CommonJS module gets `module.exports` (`__esModule` interop);
/// - `import('./m')` works (a Promise of the module's namespace); `import.meta` is a syntax
///   error, as there is no module URL here.
///
/// It works on `JSTokenizer`'s tokens: module syntax is recognised only at the top level of the
/// file (not in strings, comments, templates, nested blocks, or as a property name), and the
/// output keeps every line where it was, so errors and stack traces point at the source.
public enum ESModuleCompiler {
    /// The CommonJS form of `source`, or nil when it has no module syntax (left as it is).
    public static func compileIfModule(_ source: [UInt8]) throws(JSSyntaxError) -> [UInt8]? {
        guard contains(source, "import") || contains(source, "export") else { return nil }
        var c = try ModuleCompilation(source)
        return try c.compile()
    }

    /// The same, for a String (tests).
    public static func compile(_ source: String) throws(JSSyntaxError) -> String? {
        try compileIfModule(Array(source.utf8)).map { String(decoding: $0, as: UTF8.self) }
    }

    static func contains(_ source: [UInt8], _ word: String) -> Bool {
        let w = Array(word.utf8)
        guard source.count >= w.count else { return false }
        var k = 0
        while k <= source.count - w.count {
            if source[k] == w[0], source[k..<k + w.count].elementsEqual(w) { return true }
            k += 1
        }
        return false
    }
}

/// One imported name: read as `module.name` (or `module["name"]`).
struct ImportBinding {
    let moduleVar: String
    let imported: String

    var reference: String {
        if imported.isEmpty { return moduleVar }
        let plain = imported.utf8.allSatisfy { JSTokenizer.isIdentPart($0) && $0 < 0x80 } && !imported.isEmpty
            && !JSTokenizer.isDigit(imported.utf8.first!)
        return plain ? "\(moduleVar).\(imported)" : "\(moduleVar)[\(jsString(imported))]"
    }
}

/// A JavaScript string literal for `s`.
func jsString(_ s: String) -> String { JSONQuoting.quote(s) }

struct ModuleCompilation {
    let src: [UInt8]
    let tokens: [JSToken]
    /// For each bracket token, the index of its partner (templates: head ↔ middle/tail).
    var partner: [Int]
    /// For each token, the innermost open bracket around it (-1: top level).
    var parent: [Int]
    var edits: [(start: Int, end: Int, text: String)] = []
    /// Tokens of removed statements (imports, export lists): never rewritten.
    var removed: [Bool]
    var bindings: [String: ImportBinding] = [:]
    /// Exported name → JS expression its getter returns.
    var exported: [(name: String, expr: String)] = []
    var exportedNames: Set<String> = []
    /// Statements run before the body, in source order (requires, `export *`).
    var requires: [String] = []
    var stars: [(moduleVar: String, index: Int)] = []
    var hasDefaultExpression = false
    var isModule = false
    var usesDynamicImport = false
    var helpers: Set<String> = []
    var counter = 0

    init(_ source: [UInt8]) throws(JSSyntaxError) {
        src = source
        tokens = try JSTokenizer.tokenize(source)
        partner = Array(repeating: -1, count: tokens.count)
        parent = Array(repeating: -1, count: tokens.count)
        removed = Array(repeating: false, count: tokens.count)
        var stack: [Int] = []
        for (k, t) in tokens.enumerated() {
            parent[k] = stack.last ?? -1
            switch t.kind {
            case .templateHead: stack.append(k)
            case .templateMiddle:
                if let o = stack.popLast() { partner[o] = k; partner[k] = o }
                parent[k] = stack.last ?? -1
                stack.append(k)
            case .templateTail:
                if let o = stack.popLast() { partner[o] = k; partner[k] = o }
                parent[k] = stack.last ?? -1
            case .punctuator where t.end - t.start == 1:
                switch source[t.start] {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): stack.append(k)
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    if let o = stack.popLast() { partner[o] = k; partner[k] = o }
                    parent[k] = stack.last ?? -1
                default: break
                }
            default: break
            }
        }
    }

    // MARK: - Token helpers

    func text(_ k: Int) -> String {
        guard k >= 0, k < tokens.count else { return "" }
        return String(decoding: src[tokens[k].start..<tokens[k].end], as: UTF8.self)
    }

    func isPunct(_ k: Int, _ p: StaticString) -> Bool {
        k >= 0 && k < tokens.count && tokens[k].kind == .punctuator && spells(k, p)
    }

    func isWord(_ k: Int, _ w: StaticString) -> Bool {
        k >= 0 && k < tokens.count && tokens[k].kind == .identifier && spells(k, w)
    }

    /// Whether token `k` is exactly `s` (bytes compared in place: no String made).
    func spells(_ k: Int, _ s: StaticString) -> Bool {
        let t = tokens[k]
        guard t.end - t.start == s.utf8CodeUnitCount else { return false }
        return s.withUTF8Buffer { buf in
            for i in 0..<buf.count where src[t.start + i] != buf[i] { return false }
            return true
        }
    }

    func isIdentifier(_ k: Int) -> Bool { k >= 0 && k < tokens.count && tokens[k].kind == .identifier }

    /// Whether token `k` follows `.` or `?.` (a property name).
    func afterDot(_ k: Int) -> Bool { isPunct(k - 1, ".") || isPunct(k - 1, "?.") }

    func error(_ message: String, _ k: Int) -> JSSyntaxError {
        let t = k < tokens.count ? tokens[k] : tokens.last
        return JSSyntaxError(message, line: t?.line ?? 1, column: t?.column ?? 1)
    }

    func unexpected(_ k: Int) -> JSSyntaxError {
        k < tokens.count ? error("Unexpected token '\(text(k))'", k) : error("Unexpected end of script", tokens.count - 1)
    }

    /// Replaces `start..<end` by blanks that keep every line break (and the columns after it).
    mutating func blank(_ from: Int, _ to: Int) {
        let start = tokens[from].start, end = tokens[to].end
        edits.append((start, end, String(decoding: src[start..<end].map { $0 == 10 ? 10 : 32 }, as: UTF8.self)))
        for k in from...to { removed[k] = true }
    }

    /// A fresh variable name for a module: `_esm_util_1` for `'../utils/util.js'`.
    mutating func moduleVar(_ sourceToken: Int) -> String {
        counter += 1
        let raw = text(sourceToken).dropFirst().dropLast()
        let base = raw.split(separator: "/").last.map { $0.split(separator: ".").first.map(String.init) ?? "" } ?? ""
        let clean = String(base.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_") })
        return "_esm_\(clean.isEmpty ? "m" : clean)_\(counter)"
    }

    // MARK: - Compile

    mutating func compile() throws(JSSyntaxError) -> [UInt8]? {
        var k = 0
        while k < tokens.count {
            if parent[k] == -1, isIdentifier(k), !afterDot(k) {
                if spells(k, "import"), !isPunct(k + 1, "("), !isPunct(k + 1, ".") {
                    try requireStatementStart(k)
                    k = try importDeclaration(k)
                    isModule = true
                    continue
                }
                if spells(k, "export") {
                    try requireStatementStart(k)
                    k = try exportDeclaration(k)
                    isModule = true
                    continue
                }
            }
            k += 1
        }
        try dynamicImports()
        guard isModule || usesDynamicImport else { return nil }
        try rewriteReferences()
        return assemble()
    }

    func requireStatementStart(_ k: Int) throws(JSSyntaxError) {
        guard k > 0, !tokens[k].newlineBefore else { return }
        if isPunct(k - 1, ";") || isPunct(k - 1, "}") { return }
        throw error("Unexpected keyword '\(text(k))'", k)
    }

    /// `import()` anywhere becomes a Promise of the module's namespace; `import.meta` fails.
    mutating func dynamicImports() throws(JSSyntaxError) {
        for k in tokens.indices where isWord(k, "import") && !afterDot(k) && !removed[k] {
            if isPunct(k + 1, ".") { throw error("import.meta is not supported: modules are compiled to CommonJS", k) }
            if isPunct(k + 1, "(") {
                edits.append((tokens[k].start, tokens[k].end, "__esm_import"))
                helpers.formUnion(["import", "wildcard"])
                usesDynamicImport = true
            }
        }
    }

    /// The string token of `from 'x'` at `k`; returns its index.
    func fromClause(_ k: Int) throws(JSSyntaxError) -> Int {
        guard isWord(k, "from") else { throw unexpected(k) }
        guard k + 1 < tokens.count, tokens[k + 1].kind == .string else { throw unexpected(k + 1) }
        return k + 1
    }

    /// After a statement's last token: skips `with {…}` attributes and one `;`. Returns the
    /// index of the statement's last token.
    func statementEnd(_ last: Int) -> Int {
        var e = last
        if (isWord(e + 1, "with") || isWord(e + 1, "assert")) && !tokens[e + 1].newlineBefore, isPunct(e + 2, "{") {
            e = partner[e + 2]
        }
        if isPunct(e + 1, ";") { e += 1 }
        return e
    }

    /// `{a, b as c, 'x' as d}` at `open`: (name before `as`, name after) pairs.
    func specifiers(_ open: Int) throws(JSSyntaxError) -> [(String, String, Int)] {
        var out: [(String, String, Int)] = []
        var k = open + 1
        let close = partner[open]
        guard close > open else { throw unexpected(open) }
        while k < close {
            guard isIdentifier(k) || tokens[k].kind == .string else { throw unexpected(k) }
            let first = tokens[k].kind == .string ? unquote(k) : text(k)
            var second = first
            let at = k
            k += 1
            if isWord(k, "as") {
                guard isIdentifier(k + 1) || tokens[k + 1].kind == .string else { throw unexpected(k + 1) }
                second = tokens[k + 1].kind == .string ? unquote(k + 1) : text(k + 1)
                k += 2
            }
            out.append((first, second, at))
            if isPunct(k, ",") { k += 1 } else if k != close { throw unexpected(k) }
        }
        return out
    }

    /// A string literal as the one-line header can hold it: line continuations removed.
    func literal(_ k: Int) -> String {
        text(k).replacingOccurrences(of: "\\\r\n", with: "").replacingOccurrences(of: "\\\n", with: "")
    }

    func unquote(_ k: Int) -> String {
        // Module names and string specifiers rarely hold escapes; JSON reads the common ones.
        let raw = text(k)
        let inner = String(raw.dropFirst().dropLast())
        return inner.contains("\\") ? inner.replacingOccurrences(of: "\\", with: "") : inner
    }

    mutating func importDeclaration(_ k: Int) throws(JSSyntaxError) -> Int {
        var j = k + 1
        guard j < tokens.count else { throw unexpected(j) }
        if tokens[j].kind == .string {
            let end = statementEnd(j)
            requires.append("require(\(literal(j)));")
            blank(k, end)
            return end + 1
        }
        var defaultLocal: String?, namespace: String?
        var named: [(String, String, Int)] = []
        if isIdentifier(j), !isWord(j, "from") || isWord(j + 1, "from") {
            defaultLocal = text(j)
            j += 1
            if isPunct(j, ",") { j += 1 } else if !isWord(j, "from") { throw unexpected(j) }
        }
        if isPunct(j, "*") {
            guard isWord(j + 1, "as"), isIdentifier(j + 2) else { throw unexpected(j + 1) }
            namespace = text(j + 2)
            j += 3
        } else if isPunct(j, "{") {
            named = try specifiers(j)
            j = partner[j] + 1
        } else if defaultLocal == nil {
            throw unexpected(j)
        }
        let source = try fromClause(j)
        let end = statementEnd(source)
        let v = moduleVar(source)
        let req = "require(\(literal(source)))"
        if let namespace {
            helpers.insert("wildcard")
            requires.append("var \(v) = __esm_wildcard(\(req));")
            try bind(namespace, ImportBinding(moduleVar: v, imported: ""), at: j)
        } else if defaultLocal != nil && !named.isEmpty {
            helpers.insert("wildcard")
            requires.append("var \(v) = __esm_wildcard(\(req));")
        } else if defaultLocal != nil {
            helpers.insert("default")
            requires.append("var \(v) = __esm_default(\(req));")
        } else {
            requires.append("var \(v) = \(req);")
        }
        if let defaultLocal { try bind(defaultLocal, ImportBinding(moduleVar: v, imported: "default"), at: k + 1) }
        for (imported, local, at) in named { try bind(local, ImportBinding(moduleVar: v, imported: imported), at: at) }
        blank(k, end)
        return end + 1
    }

    mutating func bind(_ local: String, _ b: ImportBinding, at k: Int) throws(JSSyntaxError) {
        guard bindings[local] == nil else { throw error("Identifier '\(local)' has already been declared", k) }
        bindings[local] = b
    }

    mutating func export(_ name: String, _ expr: String, at k: Int) throws(JSSyntaxError) {
        guard exportedNames.insert(name).inserted else { throw error("Duplicate export of '\(name)'", k) }
        exported.append((name, expr))
    }

    mutating func exportDeclaration(_ k: Int) throws(JSSyntaxError) -> Int {
        let j = k + 1
        guard j < tokens.count else { throw unexpected(j) }
        let word = isIdentifier(j) ? text(j) : ""
        switch word {
        case "default":
            return try exportDefault(k)
        case "var", "let", "const":
            edits.append((tokens[k].start, tokens[j].start, ""))
            var names: [Int] = []
            _ = declarationBinders(j + 1, into: &names)
            for n in names { try export(text(n), text(n), at: n) }
            return j + 1
        case "function", "async", "class":
            var f = j
            if word == "async" {
                guard isWord(j + 1, "function"), !tokens[j + 1].newlineBefore else { throw unexpected(j) }
                f = j + 1
            }
            var n = f + 1
            if isPunct(n, "*") { n += 1 }
            guard isIdentifier(n) else { throw unexpected(n) }
            edits.append((tokens[k].start, tokens[j].start, ""))
            try export(text(n), text(n), at: n)
            return n + 1
        default: break
        }
        if isPunct(j, "{") {
            let specs = try specifiers(j)
            let close = partner[j]
            if isWord(close + 1, "from") {
                let source = try fromClause(close + 1)
                let end = statementEnd(source)
                let v = moduleVar(source)
                let needsDefault = specs.contains { $0.0 == "default" }
                if needsDefault { helpers.insert("wildcard") }
                requires.append(needsDefault ? "var \(v) = __esm_wildcard(require(\(literal(source))));" : "var \(v) = require(\(literal(source)));")
                for (local, name, at) in specs { try export(name, ImportBinding(moduleVar: v, imported: local).reference, at: at) }
                blank(k, end)
                return end + 1
            }
            let end = statementEnd(close)
            for (local, name, at) in specs {
                guard tokens[at].kind == .identifier else { throw error("A string cannot name a local binding", at) }
                try export(name, bindings[local]?.reference ?? local, at: at)
            }
            blank(k, end)
            return end + 1
        }
        if isPunct(j, "*") {
            var n = j + 1
            var alias: String?
            if isWord(n, "as") {
                guard isIdentifier(n + 1) || (n + 1 < tokens.count && tokens[n + 1].kind == .string) else { throw unexpected(n + 1) }
                alias = tokens[n + 1].kind == .string ? unquote(n + 1) : text(n + 1)
                n += 2
            }
            let source = try fromClause(n)
            let end = statementEnd(source)
            let v = moduleVar(source)
            if let alias {
                helpers.insert("wildcard")
                requires.append("var \(v) = __esm_wildcard(require(\(literal(source))));")
                try export(alias, v, at: n - 1)
            } else {
                helpers.insert("star")
                requires.append("var \(v) = require(\(literal(source)));")
                stars.append((v, requires.count))
            }
            blank(k, end)
            return end + 1
        }
        throw unexpected(j)
    }

    mutating func exportDefault(_ k: Int) throws(JSSyntaxError) -> Int {
        let d = k + 2
        guard d < tokens.count else { throw unexpected(d) }
        var f = d
        if isWord(d, "async"), isWord(d + 1, "function"), !tokens[d + 1].newlineBefore { f = d + 1 }
        if isWord(f, "function") || isWord(f, "class") {
            var n = f + 1
            if isPunct(n, "*") { n += 1 }
            edits.append((tokens[k].start, tokens[d].start, ""))
            if isIdentifier(n), !isWord(n, "extends") {
                try export("default", text(n), at: n)
            } else {
                // An anonymous declaration gets a name, as Babel gives it.
                edits.append((tokens[n - 1].end, tokens[n - 1].end, " __esm_default_value"))
                try export("default", "__esm_default_value", at: k + 1)
            }
            return n
        }
        guard exportedNames.insert("default").inserted else { throw error("Duplicate export of 'default'", k + 1) }
        hasDefaultExpression = true
        edits.append((tokens[k].start, tokens[d].start, "exports.default = "))
        return d
    }

    // MARK: - Declarations (for binders)

    /// Binders of `var`/`let`/`const` declarations from `k` (after the keyword); returns the index
    /// after the declaration list.
    func declarationBinders(_ start: Int, into names: inout [Int]) -> Int {
        var k = start
        while k < tokens.count {
            k = pattern(k, into: &names)
            if isPunct(k, "=") { k = skipExpression(k + 1) }
            if isPunct(k, ",") { k += 1; continue }
            break
        }
        return k
    }

    /// A binding pattern at `k`; returns the index after it.
    func pattern(_ start: Int, into names: inout [Int]) -> Int {
        var k = start
        while isPunct(k, "...") { k += 1 }  // not recursion: `......` must not grow the stack
        guard k < tokens.count else { return k }
        if isIdentifier(k) { names.append(k); return k + 1 }
        if isPunct(k, "{"), partner[k] > k {
            let close = partner[k]
            var j = k + 1
            while j < close {
                let before = j
                if isPunct(j, "...") {
                    j = pattern(j + 1, into: &names)
                } else {
                    let key = j
                    j = isPunct(j, "[") && partner[j] > j ? partner[j] + 1 : j + 1
                    if isPunct(j, ":") { j = pattern(j + 1, into: &names) } else if isIdentifier(key) { names.append(key) }
                }
                if isPunct(j, "=") { j = skipExpression(j + 1) }
                if isPunct(j, ",") { j += 1 }
                if j <= before { j = before + 1 }
            }
            return close + 1
        }
        if isPunct(k, "["), partner[k] > k {
            let close = partner[k]
            var j = k + 1
            while j < close {
                let before = j
                if !isPunct(j, ",") { j = pattern(j, into: &names) }
                if isPunct(j, "=") { j = skipExpression(j + 1) }
                if isPunct(j, ",") { j += 1 }
                if j <= before { j = before + 1 }
            }
            return close + 1
        }
        return k + 1
    }

    static let statementWords: Set<String> = [
        "var", "let", "const", "function", "class", "if", "for", "while", "do", "return", "switch", "try", "throw",
        "break", "continue", "import", "export",
    ]

    /// Skips an assignment expression: up to a `,` or `;` at its own level, a closing bracket
    /// around it, or a line break where a new statement begins (ASI).
    func skipExpression(_ start: Int) -> Int {
        var k = start
        while k < tokens.count {
            let t = tokens[k]
            if k > start, t.newlineBefore {
                if t.kind == .identifier, Self.statementWords.contains(text(k)) { return k }
                if isOperand(k - 1), t.kind != .punctuator || isPunct(k, "{") { return k }
            }
            switch t.kind {
            case .punctuator where t.end - t.start == 1:
                switch src[t.start] {
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"): return k
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"):
                    if partner[k] > k { k = partner[k] + 1; continue }
                default: break
                }
            case .templateHead:
                if partner[k] > k {
                    var m = k
                    while partner[m] > m, tokens[partner[m]].kind == .templateMiddle { m = partner[m] }
                    k = partner[m] + 1
                    continue
                }
            case .templateMiddle, .templateTail: return k
            default: break
            }
            k += 1
        }
        return k
    }

    func isOperand(_ k: Int) -> Bool {
        guard k >= 0 else { return false }
        switch tokens[k].kind {
        case .identifier: return !JSTokenizer.regexKeywords.contains(text(k))
        case .number, .string, .template, .templateTail, .regex, .privateName: return true
        case .punctuator: return isPunct(k, ")") || isPunct(k, "]") || isPunct(k, "}")
        default: return false
        }
    }
}
