import MiniCore

/// Recursive-descent parser for the WXML binding-expression subset.
///
/// Precedence, lowest first: `?:`, `||`, `&&`, equality, relational, additive,
/// multiplicative, unary, member access. At the top level, a bare list of object entries
/// (`{{a: 1, ...b}}`, `{{x, y}}`) is an object literal, as in `<template data="{{...}}">`.
struct BindingParser {
    /// Deeper nesting than this is rejected, so hostile input cannot exhaust the stack.
    static let maxDepth = 200

    private let tokens: [BindingToken]
    private var p = 0
    private var depth = 0

    static func parse(_ source: String) throws(BindingError) -> BindingNode {
        var parser = BindingParser(tokens: try BindingLexer.tokenize(source))
        return try parser.parseTop()
    }

    private init(tokens: [BindingToken]) { self.tokens = tokens }

    private var current: BindingToken { tokens[p] }

    private func peekKind(_ offset: Int) -> BindingToken.Kind {
        p + offset < tokens.count ? tokens[p + offset].kind : .end
    }

    private func isPunct(_ s: String, _ offset: Int = 0) -> Bool {
        peekKind(offset) == .punct(s)
    }

    private mutating func expect(_ s: String, _ context: String) throws(BindingError) {
        guard isPunct(s) else {
            throw BindingError("expected '\(s)' \(context), found \(current.describe)", at: current.position)
        }
        p += 1
    }

    private func unexpected() -> BindingError {
        if current.kind == .end { return BindingError("unexpected end of expression", at: current.position) }
        return BindingError("unexpected \(current.describe)", at: current.position)
    }

    // MARK: Top level

    private mutating func parseTop() throws(BindingError) -> BindingNode {
        if current.kind == .end { throw BindingError("empty expression", at: current.position) }
        let node: BindingNode
        if looksLikeBareObject() {
            node = .object(try parseObjectEntries(closing: nil))
        } else {
            node = try parseExpression()
        }
        guard current.kind == .end else {
            if isPunct("(") { throw callError() }
            throw unexpected()
        }
        return node
    }

    private func looksLikeBareObject() -> Bool {
        if isPunct("...") { return true }
        switch peekKind(0) {
        case .identifier, .string, .number:
            if isPunct(":", 1) { return true }
            if case .identifier = peekKind(0), isPunct(",", 1) { return true }
            return false
        default:
            return false
        }
    }

    private func callError() -> BindingError {
        BindingError(BindingError.functionCallMessage, at: current.position)
    }

    // MARK: Expressions

    private mutating func parseExpression() throws(BindingError) -> BindingNode {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw BindingError("expression is nested too deeply", at: current.position) }
        let test = try parseBinary(level: 0)
        guard isPunct("?") else { return test }
        p += 1
        let whenTrue = try parseExpression()
        try expect(":", "in conditional expression")
        let whenFalse = try parseExpression()
        return .conditional(test, whenTrue, whenFalse)
    }

    private static let levels: [[BinaryOperator]] = [
        [.or],
        [.and],
        [.strictEqual, .strictNotEqual, .equal, .notEqual],
        [.lessOrEqual, .greaterOrEqual, .less, .greater],
        [.add, .subtract],
        [.multiply, .divide, .remainder],
    ]

    private mutating func parseBinary(level: Int) throws(BindingError) -> BindingNode {
        guard level < Self.levels.count else { return try parseUnary() }
        var left = try parseBinary(level: level + 1)
        while case .punct(let symbol) = current.kind,
            let op = Self.levels[level].first(where: { $0.rawValue == symbol })
        {
            p += 1
            let right = try parseBinary(level: level + 1)
            left = .binary(op, left, right)
        }
        return left
    }

    private mutating func parseUnary() throws(BindingError) -> BindingNode {
        if case .punct(let symbol) = current.kind, let op = UnaryOperator(rawValue: symbol) {
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else {
                throw BindingError("expression is nested too deeply", at: current.position)
            }
            p += 1
            return .unary(op, try parseUnary())
        }
        if case .identifier(let word) = current.kind, ["typeof", "new", "delete", "void", "in", "instanceof", "this", "function"].contains(word) {
            throw BindingError("'\(word)' is not supported in WXML bindings", at: current.position)
        }
        return try parsePostfix()
    }

    private mutating func parsePostfix() throws(BindingError) -> BindingNode {
        var node = try parsePrimary()
        while true {
            if isPunct(".") {
                p += 1
                guard case .identifier(let name) = current.kind else {
                    throw BindingError("expected property name after '.', found \(current.describe)", at: current.position)
                }
                p += 1
                node = .member(node, name)
            } else if isPunct("[") {
                p += 1
                let key = try parseExpression()
                try expect("]", "after index")
                node = .index(node, key)
            } else if isPunct("(") {
                throw callError()
            } else {
                return node
            }
        }
    }

    private mutating func parsePrimary() throws(BindingError) -> BindingNode {
        let token = current
        switch token.kind {
        case .number(let n):
            p += 1
            return .literal(.number(n))
        case .string(let s):
            p += 1
            return .literal(.string(s))
        case .identifier(let name):
            p += 1
            switch name {
            case "true": return .literal(.bool(true))
            case "false": return .literal(.bool(false))
            case "null": return .literal(.null)
            case "undefined": return .literal(.undefined)
            case "NaN": return .literal(.number(.nan))
            case "Infinity": return .literal(.number(.infinity))
            default: return .identifier(name)
            }
        case .punct("("):
            p += 1
            let inner = try parseExpression()
            try expect(")", "to close '('")
            return inner
        case .punct("["):
            p += 1
            return .array(try parseArrayElements())
        case .punct("{"):
            p += 1
            return .object(try parseObjectEntries(closing: "}"))
        default:
            throw unexpected()
        }
    }

    private mutating func parseArrayElements() throws(BindingError) -> [BindingArrayElement] {
        var elements: [BindingArrayElement] = []
        while !isPunct("]") {
            if isPunct("...") {
                p += 1
                elements.append(.spread(try parseExpression()))
            } else if isPunct(",") {
                elements.append(.value(.literal(.undefined)))  // hole
                p += 1
                continue
            } else {
                elements.append(.value(try parseExpression()))
            }
            if isPunct("]") { break }
            try expect(",", "or ']' in array literal")
        }
        p += 1
        return elements
    }

    /// Object entries up to `closing` (`}`), or to the end of input for a bare top-level list.
    private mutating func parseObjectEntries(closing: String?) throws(BindingError) -> [BindingObjectEntry] {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw BindingError("expression is nested too deeply", at: current.position) }
        var entries: [BindingObjectEntry] = []
        func atClose() -> Bool { closing.map { isPunct($0) } ?? (current.kind == .end) }
        while !atClose() {
            if isPunct("...") {
                p += 1
                entries.append(.spread(try parseExpression()))
            } else {
                let keyToken = current
                let key: String
                switch keyToken.kind {
                case .identifier(let name): key = name
                case .string(let s): key = s
                case .number(let n): key = JSNumber.format(n)
                default:
                    throw BindingError("expected property name in object literal, found \(keyToken.describe)", at: keyToken.position)
                }
                p += 1
                if isPunct(":") {
                    p += 1
                    entries.append(.pair(key: key, value: try parseExpression()))
                } else if case .identifier = keyToken.kind {
                    entries.append(.pair(key: key, value: .identifier(key)))  // shorthand {a}
                } else {
                    throw BindingError("expected ':' after property name", at: current.position)
                }
            }
            if atClose() { break }
            if current.kind == .end, let closing {
                throw BindingError("expected '\(closing)' to close object literal", at: current.position)
            }
            try expect(",", "between object entries")
        }
        if closing != nil { p += 1 }
        return entries
    }
}
