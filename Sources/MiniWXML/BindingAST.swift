import MiniCore

/// A syntax error in a `{{ }}` binding expression.
public struct BindingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, e.g. `expected ']'`.
    public var message: String
    /// Offset of the offending token, in Unicode scalars from the start of the expression
    /// (or of the attribute/text value, for errors found while splitting a template).
    public var position: Int

    public init(_ message: String, at position: Int) {
        self.message = message
        self.position = position
    }

    public var description: String { "\(message) (at offset \(position))" }

    /// The message for a call (`{{util.format(x)}}`, a `<wxs>` module's function), which
    /// bindings do not evaluate.
    public static let functionCallMessage = "function calls are not supported in WXML bindings"

}

/// Unary operators allowed in bindings.
public enum UnaryOperator: String, Sendable, Equatable {
    case not = "!"
    case negate = "-"
    case plus = "+"
}

/// Binary operators allowed in bindings (`&&`/`||` short-circuit and return an operand).
public enum BinaryOperator: String, Sendable, Equatable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%"
    case equal = "==", notEqual = "!=", strictEqual = "===", strictNotEqual = "!=="
    case less = "<", greater = ">", lessOrEqual = "<=", greaterOrEqual = ">="
    case and = "&&", or = "||"
}

/// An element of an array literal.
public enum BindingArrayElement: Sendable, Equatable {
    case value(BindingNode)
    /// `...expr`
    case spread(BindingNode)
}

/// An entry of an object literal.
public enum BindingObjectEntry: Sendable, Equatable {
    /// `key: expr` (shorthand `{a}` is stored as `a: a`).
    case pair(key: String, value: BindingNode)
    /// `...expr`
    case spread(BindingNode)
}

/// The syntax tree of a binding expression.
public indirect enum BindingNode: Sendable, Equatable {
    case literal(HostValue)
    case identifier(String)
    /// `object.name`
    case member(BindingNode, String)
    /// `object[key]`
    case index(BindingNode, BindingNode)
    case unary(UnaryOperator, BindingNode)
    case binary(BinaryOperator, BindingNode, BindingNode)
    /// `test ? then : else`
    case conditional(BindingNode, BindingNode, BindingNode)
    case array([BindingArrayElement])
    case object([BindingObjectEntry])

    /// Root identifiers of the data this expression reads (`a.b[c].d` reads `a` and `c`).
    public var rootIdentifiers: Set<String> {
        var out = Set<String>()
        collectRoots(into: &out)
        return out
    }

    private func collectRoots(into out: inout Set<String>) {
        switch self {
        case .literal: break
        case .identifier(let name): out.insert(name)
        case .member(let base, _): base.collectRoots(into: &out)
        case .index(let base, let key):
            base.collectRoots(into: &out)
            key.collectRoots(into: &out)
        case .unary(_, let operand): operand.collectRoots(into: &out)
        case .binary(_, let l, let r):
            l.collectRoots(into: &out)
            r.collectRoots(into: &out)
        case .conditional(let t, let a, let b):
            t.collectRoots(into: &out)
            a.collectRoots(into: &out)
            b.collectRoots(into: &out)
        case .array(let elements):
            for element in elements {
                switch element {
                case .value(let node), .spread(let node): node.collectRoots(into: &out)
                }
            }
        case .object(let entries):
            for entry in entries {
                switch entry {
                case .pair(_, let node), .spread(let node): node.collectRoots(into: &out)
                }
            }
        }
    }
}
