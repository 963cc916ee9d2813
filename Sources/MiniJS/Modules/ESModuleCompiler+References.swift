/// Rewriting references to imported names, and putting the output together.
///
/// A reference is an identifier named like an import that is not a property (`a.x`), an object
/// key (`{x: 1}`, `{x() {}}`), a class member, a label, or inside a scope that declares the same
/// name again (a parameter, `let`/`const`/`class`/function in a block, `var` in a function,
/// `catch (x)`): those scopes are found from the tokens as ranges, binders from their patterns.
extension ModuleCompilation {
    mutating func rewriteReferences() throws(JSSyntaxError) {
        guard !bindings.isEmpty else { return }
        var shadows: [String: [ClosedRange<Int>]] = [:]
        var binders = Set<Int>()
        func declare(_ names: [Int], _ scope: ClosedRange<Int>, topLevelError: Bool) throws(JSSyntaxError) {
            for n in names {
                let name = text(n)
                guard bindings[name] != nil else { continue }
                if topLevelError, scope.lowerBound == 0, scope.upperBound == tokens.count - 1 {
                    throw error("Identifier '\(name)' has already been declared", n)
                }
                binders.insert(n)
                shadows[name, default: []].append(scope)
            }
        }
        for k in tokens.indices where !removed[k] {
            if isIdentifier(k), !afterDot(k), tokens[k].end - tokens[k].start <= 8 {
                switch text(k) {
                case "var", "let", "const":
                    if text(k) == "let", !(isIdentifier(k + 1) || isPunct(k + 1, "{") || isPunct(k + 1, "[")) { break }
                    var names: [Int] = []
                    _ = declarationBinders(k + 1, into: &names)
                    try declare(names, text(k) == "var" ? functionScope(k) : blockScope(k), topLevelError: true)
                case "function", "class":
                    var n = k + 1
                    if isPunct(n, "*") { n += 1 }
                    guard isIdentifier(n), !isWord(n, "extends") else { break }
                    if isDeclaration(k) {
                        try declare([n], blockScope(k), topLevelError: true)
                    } else if let own = ownRange(k) {
                        try declare([n], own, topLevelError: false)
                    }
                default: break
                }
            }
            if isPunct(k, "("), partner[k] > k {
                let close = partner[k]
                if isPunct(close + 1, "=>") {
                    try declare(params(k, close), k...arrowEnd(close + 1), topLevelError: false)
                } else if isPunct(close + 1, "{"), partner[close + 1] > close + 1,
                    !(isIdentifier(k - 1) && ["if", "for", "while", "switch", "with"].contains(text(k - 1)) && !afterDot(k - 1))
                {
                    try declare(params(k, close), k...partner[close + 1], topLevelError: false)
                }
            }
            if isPunct(k, "=>"), isIdentifier(k - 1) {
                try declare([k - 1], (k - 1)...arrowEnd(k), topLevelError: false)
            }
        }
        for k in tokens.indices where !removed[k] && !binders.contains(k) && isIdentifier(k) && !afterDot(k) {
            let name = text(k)
            guard let b = bindings[name] else { continue }
            if isWord(k - 1, "break") || isWord(k - 1, "continue") { continue }
            var shorthand = false
            let p = parent[k]
            if p >= 0, let brace = tokens[p].brace, brace != .block {
                let afterSeparator = k - 1 == p || isPunct(k - 1, ",")
                    || (brace == .classBody && (isPunct(k - 1, ";") || isPunct(k - 1, "}")))
                let afterModifier = ["get", "set", "async", "static"].contains(text(k - 1)) || isPunct(k - 1, "*")
                if afterSeparator || afterModifier {
                    if isPunct(k + 1, ":") || isPunct(k + 1, "(") || brace == .classBody { continue }
                    if afterSeparator, isPunct(k + 1, ",") || isPunct(k + 1, "}") { shorthand = true }
                    if isPunct(k + 1, "=") { continue }
                }
            }
            if let ranges = shadows[name], ranges.contains(where: { $0.contains(k) }) { continue }
            var ref = b.reference
            let called = isPunct(k + 1, "(") || (k + 1 < tokens.count && [.template, .templateHead].contains(tokens[k + 1].kind))
            if called, !b.imported.isEmpty, !isWord(k - 1, "new") { ref = "(0, \(ref))" }
            edits.append((tokens[k].start, tokens[k].end, shorthand ? "\(name): \(ref)" : ref))
        }
    }

    /// Whether `function`/`class` at `k` is a declaration (statement position), not an expression.
    func isDeclaration(_ k: Int) -> Bool {
        var j = k - 1
        if isWord(j, "async") { j -= 1 }
        if j < 0 || isPunct(j, ";") || isPunct(j, "{") || isPunct(j, "}") || isWord(j, "export") || isWord(j, "default") { return true }
        return tokens[j + 1].newlineBefore && isOperand(j)
    }

    /// A function or class expression's own range (its name is visible only inside).
    func ownRange(_ k: Int) -> ClosedRange<Int>? {
        var j = k + 1
        while j < tokens.count, !isPunct(j, "{") { j = isPunct(j, "(") && partner[j] > j ? partner[j] + 1 : j + 1 }
        guard j < tokens.count, partner[j] > j else { return nil }
        return k...partner[j]
    }

    /// Binders of a parameter list `(…)`.
    func params(_ open: Int, _ close: Int) -> [Int] {
        var names: [Int] = []
        var j = open + 1
        while j < close {
            let before = j
            j = pattern(j, into: &names)
            if isPunct(j, "=") { j = skipExpression(j + 1) }
            if isPunct(j, ",") { j += 1 }
            if j <= before { j = before + 1 }
        }
        return names
    }

    func arrowEnd(_ arrow: Int) -> Int {
        if isPunct(arrow + 1, "{"), partner[arrow + 1] > arrow + 1 { return partner[arrow + 1] }
        return max(arrow, skipExpression(arrow + 1) - 1)
    }

    var wholeModule: ClosedRange<Int> { 0...max(0, tokens.count - 1) }

    /// The block a `let`/`const`/`class`/function declaration at `k` belongs to.
    func blockScope(_ k: Int) -> ClosedRange<Int> {
        let p = parent[k]
        guard p >= 0 else { return wholeModule }
        if isPunct(p, "("), isWord(p - 1, "for"), partner[p] > p {
            let body = partner[p] + 1
            if isPunct(body, "{"), partner[body] > body { return p...partner[body] }
            var e = body
            while e < tokens.count, !isPunct(e, ";") { e = partner[e] > e ? partner[e] + 1 : e + 1 }
            return p...min(e, tokens.count - 1)
        }
        return p...max(p, partner[p])
    }

    /// The function a `var` at `k` belongs to.
    func functionScope(_ k: Int) -> ClosedRange<Int> {
        var p = parent[k]
        while p >= 0 {
            if isPunct(p, "{"), partner[p] > p {
                if isPunct(p - 1, "=>") { return p...partner[p] }
                if isPunct(p - 1, ")"), partner[p - 1] >= 0 {
                    let open = partner[p - 1]
                    let control = isIdentifier(open - 1) && ["if", "for", "while", "switch", "with", "catch"].contains(text(open - 1))
                    if !control { return open...partner[p] }
                }
            }
            p = parent[p]
        }
        return wholeModule
    }

    // MARK: - Output

    static let helperSource: [(String, String)] = [
        ("default", "function __esm_default(o) { return o && o.__esModule ? o : { default: o }; }"),
        ("wildcard", "function __esm_wildcard(o) { if (o && o.__esModule) return o; var n = {}; if (o !== null && (typeof o === 'object' || typeof o === 'function')) for (var k in o) if (k !== 'default' && Object.prototype.hasOwnProperty.call(o, k)) n[k] = o[k]; n.default = o; return n; }"),
        ("export", "function __esm_export(e, g) { for (var k in g) Object.defineProperty(e, k, { enumerable: true, get: g[k] }); }"),
        ("star", "function __esm_star(e, o, own) { if (o !== null && o !== undefined) Object.keys(o).forEach(function (k) { if (k === 'default' || k === '__esModule' || own.indexOf(k) >= 0 || Object.prototype.hasOwnProperty.call(e, k)) return; Object.defineProperty(e, k, { enumerable: true, get: function () { return o[k]; } }); }); }"),
        ("import", "function __esm_import(s) { return Promise.resolve().then(function () { return __esm_wildcard(require(s)); }); }"),
    ]

    /// The header (one line, so every source line keeps its number) and the edited source.
    func assemble() -> [UInt8] {
        var header = isModule ? "\"use strict\"; Object.defineProperty(exports, \"__esModule\", { value: true }); " : ""
        var used = helpers
        if !exported.isEmpty { used.insert("export") }
        for (name, source) in Self.helperSource where used.contains(name) { header += source + " " }
        if !exported.isEmpty {
            header += "__esm_export(exports, { "
            header += exported.map { "\(jsString($0.name)): function () { return \($0.expr); }" }.joined(separator: ", ")
            header += " }); "
        }
        let own = "[" + exportedNames.sorted().map(jsString).joined(separator: ", ") + "]"
        for (i, r) in requires.enumerated() {
            header += r + " "
            for s in stars where s.index == i + 1 { header += "__esm_star(exports, \(s.moduleVar), \(own)); " }
        }
        var out = Array(header.utf8)
        out.reserveCapacity(out.count + src.count + 256)
        var cursor = 0
        for e in edits.sorted(by: { $0.start < $1.start || ($0.start == $1.start && $0.end < $1.end) }) where e.start >= cursor {
            out += src[cursor..<e.start]
            out += Array(e.text.utf8)
            // Line breaks in what an edit replaced (`export\nconst`) stay, after it.
            let lost = src[e.start..<e.end].count { $0 == 10 } - e.text.utf8.count { $0 == 10 }
            if lost > 0 { out += Array(repeating: 10, count: lost) }
            cursor = e.end
        }
        out += src[cursor...]
        return out
    }
}
