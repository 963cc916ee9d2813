/// One token of JavaScript source, as `JSTokenizer` reads it: a byte range of the UTF-8 source
/// with its position and what the tokenizer knew about its context.
public struct JSToken: Sendable, Equatable {
    public enum Kind: UInt8, Sendable {
        /// Identifiers and keywords alike (`import`, `x`, `return`).
        case identifier
        /// `{`, `=>`, `?.`, `...`
        case punctuator
        case number
        case string
        /// A whole template without substitutions: `` `a` ``.
        case template
        /// `` `a${ `` — substitutions follow as ordinary tokens.
        case templateHead
        /// `}b${` between two substitutions.
        case templateMiddle
        /// `` }c` `` — the end of a template with substitutions.
        case templateTail
        case regex
        /// `#name` in classes.
        case privateName
    }

    /// What a `{` opens (decides whether a `/` after its `}` starts a regular expression).
    public enum Brace: UInt8, Sendable {
        case block, object, classBody
    }

    public var kind: Kind
    /// Byte offsets into the UTF-8 source: `start..<end`.
    public var start: Int
    public var end: Int
    /// 1-based line and column (column in UTF-8 bytes from the line's start).
    public var line: Int
    public var column: Int
    /// Whether a line terminator separates this token from the previous one (ASI).
    public var newlineBefore: Bool
    /// For `{` only: what it opens.
    public var brace: Brace?
}

/// A syntax error at a place in the source; `description` reads `file:line:column: message`
/// once the loader names the file.
public struct JSSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    public let message: String
    public let line: Int
    public let column: Int
    public var file: String = ""

    public init(_ message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }

    public var description: String { "\(file.isEmpty ? "<module>" : file):\(line):\(column): \(message)" }
}
