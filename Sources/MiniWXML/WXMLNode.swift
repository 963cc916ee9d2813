/// A 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Equatable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "line \(line), column \(column)" }
}

/// One attribute as written. `value` is nil for a valueless attribute (`autoplay`).
/// Values are kept raw: no entity decoding, `{{ }}` left in place.
public struct WXMLAttribute: Sendable, Equatable {
    public var name: String
    public var value: String?
    public var location: SourceLocation

    public init(name: String, value: String?, location: SourceLocation) {
        self.name = name
        self.value = value
        self.location = location
    }
}

/// An element: tag, attributes in source order, and children.
public struct WXMLElement: Sendable, Equatable {
    public var tag: String
    public var attributes: [WXMLAttribute]
    public var children: [WXMLNode]
    /// Where the start tag's `<` is.
    public var location: SourceLocation
    /// Whether it was written `<tag/>`.
    public var selfClosing: Bool
    /// Unparsed body of a `<wxs>` block (its JavaScript-like source), nil for other elements.
    public var rawText: String?

    public init(
        tag: String, attributes: [WXMLAttribute] = [], children: [WXMLNode] = [],
        location: SourceLocation, selfClosing: Bool = false, rawText: String? = nil
    ) {
        self.tag = tag
        self.attributes = attributes
        self.children = children
        self.location = location
        self.selfClosing = selfClosing
        self.rawText = rawText
    }

    /// The last attribute named `name` (later duplicates win, as in WXML).
    public func attribute(_ name: String) -> WXMLAttribute? {
        attributes.last { $0.name == name }
    }

    /// Whether an attribute named `name` is present (with or without a value).
    public func hasAttribute(_ name: String) -> Bool { attribute(name) != nil }

    /// Child elements only (text and comments skipped).
    public var childElements: [WXMLElement] {
        children.compactMap { if case .element(let e) = $0 { e } else { nil } }
    }
}

/// A node of the WXML tree.
public enum WXMLNode: Sendable, Equatable {
    case element(WXMLElement)
    /// Text, raw (may contain `{{ }}`), whitespace included.
    case text(String, SourceLocation)
    /// Comment body without `<!--` and `-->`.
    case comment(String, SourceLocation)

    /// The element, if this node is one.
    public var element: WXMLElement? {
        if case .element(let e) = self { return e }
        return nil
    }
}

/// A WXML syntax error, with the 1-based line and column where it was detected.
public struct WXMLError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The category of error.
    public enum Kind: Sendable, Equatable {
        case unclosedElement
        case mismatchedClosingTag
        case unexpectedClosingTag
        case unterminatedComment
        case unterminatedTag
        case unterminatedAttributeValue
        case invalidAttribute
        case invalidTagName
        case unterminatedRawText
        case nestingTooDeep
        /// A `{{ }}` binding on a native component failed to parse.
        case invalidBinding
    }

    public var kind: Kind
    public var message: String
    public var line: Int
    public var column: Int

    public init(_ kind: Kind, _ message: String, at location: SourceLocation) {
        self.kind = kind
        self.message = message
        self.line = location.line
        self.column = location.column
    }

    public var location: SourceLocation { SourceLocation(line: line, column: column) }

    public var description: String { "WXML error at line \(line), column \(column): \(message)" }
}
