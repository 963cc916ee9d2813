import MiniCore

/// A parsed `{{ }}` expression: parse once, evaluate against page data many times.
///
/// Supports paths (`a.b`, `a[0]`, `a['k']`, `a[b]`), literals, array/object literals with
/// spread, `! - +`, `+ - * / %`, `== != === !== < > <= >=`, `&& ||`, `?:` and parentheses,
/// all with JavaScript semantics. Function calls are rejected at parse time.
public struct BindingExpression: Sendable, Equatable, CustomStringConvertible {
    /// The expression text, without the surrounding `{{ }}`.
    public let source: String
    /// The syntax tree.
    public let root: BindingNode
    /// Root data identifiers the expression reads (for `setData` dependency tracking).
    public let rootIdentifiers: Set<String>

    /// Parses `source` (the text between `{{` and `}}`).
    /// - Throws: `BindingError` with the offset of the offending token.
    public init(_ source: String) throws(BindingError) {
        self.source = source
        self.root = try BindingParser.parse(source)
        self.rootIdentifiers = root.rootIdentifiers
    }

    /// Evaluates against `data` (normally the page data object). Never fails: missing
    /// paths are `undefined`, bad arithmetic is `NaN`, as in WXML.
    public func evaluate(_ data: HostValue) -> HostValue {
        BindingEvaluator.evaluate(root, data)
    }

    public var description: String { "{{\(source)}}" }
}

/// Tree-walking evaluator for `BindingNode`.
public enum BindingEvaluator {
    /// Evaluates `node` with identifiers looked up in `data`.
    public static func evaluate(_ node: BindingNode, _ data: HostValue) -> HostValue {
        switch node {
        case .literal(let value):
            return value
        case .identifier(let name):
            return JS.member(data, .string(name))
        case .member(let base, let name):
            return JS.member(evaluate(base, data), .string(name))
        case .index(let base, let key):
            return JS.member(evaluate(base, data), evaluate(key, data))
        case .unary(let op, let operand):
            let value = evaluate(operand, data)
            switch op {
            case .not: return .bool(!value.jsTruthy)
            case .negate: return .number(-value.jsNumber)
            case .plus: return .number(value.jsNumber)
            }
        case .binary(.and, let l, let r):
            let left = evaluate(l, data)
            return left.jsTruthy ? evaluate(r, data) : left
        case .binary(.or, let l, let r):
            let left = evaluate(l, data)
            return left.jsTruthy ? left : evaluate(r, data)
        case .binary(let op, let l, let r):
            return binary(op, evaluate(l, data), evaluate(r, data))
        case .conditional(let test, let a, let b):
            return evaluate(test, data).jsTruthy ? evaluate(a, data) : evaluate(b, data)
        case .array(let elements):
            var items: [HostValue] = []
            for element in elements {
                switch element {
                case .value(let node): items.append(evaluate(node, data))
                case .spread(let node): items.append(contentsOf: spreadItems(evaluate(node, data)))
                }
            }
            return .array(items)
        case .object(let entries):
            var object = HostObjectValue()
            for entry in entries {
                switch entry {
                case .pair(let key, let node):
                    object[key] = evaluate(node, data)
                case .spread(let node):
                    for (key, value) in spreadEntries(evaluate(node, data)) { object[key] = value }
                }
            }
            return .object(object)
        }
    }

    static func binary(_ op: BinaryOperator, _ a: HostValue, _ b: HostValue) -> HostValue {
        switch op {
        case .add: JS.add(a, b)
        case .subtract: .number(a.jsNumber - b.jsNumber)
        case .multiply: .number(a.jsNumber * b.jsNumber)
        case .divide: .number(a.jsNumber / b.jsNumber)
        case .remainder: .number(remainder(a.jsNumber, b.jsNumber))
        case .equal: .bool(JS.looseEquals(a, b))
        case .notEqual: .bool(!JS.looseEquals(a, b))
        case .strictEqual: .bool(JS.strictEquals(a, b))
        case .strictNotEqual: .bool(!JS.strictEquals(a, b))
        case .less: .bool(JS.lessThan(a, b) ?? false)
        case .greater: .bool(JS.lessThan(b, a) ?? false)
        case .lessOrEqual: .bool(JS.lessThan(b, a).map { !$0 } ?? false)
        case .greaterOrEqual: .bool(JS.lessThan(a, b).map { !$0 } ?? false)
        case .and: a.jsTruthy ? b : a
        case .or: a.jsTruthy ? a : b
        }
    }

    /// JS `%`: the sign follows the dividend; `x % 0` and `Infinity % y` are NaN.
    static func remainder(_ x: Double, _ y: Double) -> Double {
        if x.isNaN || y.isNaN || x.isInfinite || y == 0 { return .nan }
        if y.isInfinite { return x }
        return x.truncatingRemainder(dividingBy: y)
    }

    /// Items produced by `[...value]`: array elements or string characters; nothing otherwise.
    static func spreadItems(_ value: HostValue) -> [HostValue] {
        switch value {
        case .array(let items): items
        case .string(let s): s.unicodeScalars.map { .string(String($0)) }
        default: []
        }
    }

    /// Entries produced by `{...value}`: object entries, array/string indices; nothing otherwise.
    static func spreadEntries(_ value: HostValue) -> [(String, HostValue)] {
        switch value {
        case .object(let object): object.map { ($0.key, $0.value) }
        case .array(let items): items.enumerated().map { (String($0.offset), $0.element) }
        case .string(let s): s.utf16.enumerated().map { (String($0.offset), .string(String(decoding: [$0.element], as: UTF16.self))) }
        default: []
        }
    }
}
