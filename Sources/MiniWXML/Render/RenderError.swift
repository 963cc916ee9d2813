/// Why a page template could not be loaded or rendered, with the file and position concerned.
public struct RenderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The template (or an imported/included file) is malformed.
        case syntax
        /// A `{{ }}` binding or directive value does not parse.
        case invalidBinding
        /// An `<import>`/`<include>` `src` is not a usable package path.
        case invalidPath
        /// An imported or included file could not be read.
        case missingFile
        /// Includes (or templates) that include themselves.
        case cycle
        /// A bound was passed: nodes, loop length, nesting, files.
        case limit
        /// A custom component could not be made or updated (its definition threw, its data
        /// could not be read).
        case component
    }

    public var kind: Kind
    public var message: String
    /// Package path of the file (`/pages/index/index.wxml`).
    public var file: String
    public var location: SourceLocation?

    public init(_ kind: Kind, _ message: String, file: String, at location: SourceLocation? = nil) {
        self.kind = kind
        self.message = message
        self.file = file
        self.location = location
    }

    public var description: String {
        if let location { return "\(file):\(location.line):\(location.column): \(message)" }
        return "\(file): \(message)"
    }
}

/// Bounds that keep a hostile template or hostile page data from hanging the host.
public struct RenderLimits: Sendable, Equatable {
    /// Elements and text nodes one render may produce.
    public var maxNodes: Int
    /// Items one `for` may iterate.
    public var maxLoopLength: Int
    /// Nested elements, including those `<template is>` and `<include>` bring in.
    public var maxDepth: Int
    /// `<template is>` instantiations nested inside each other.
    public var maxTemplateDepth: Int
    /// `<include>`s nested inside each other.
    public var maxIncludeDepth: Int
    /// Files a page may import and include in all.
    public var maxFiles: Int
    /// Custom components nested inside each other (host inside a component's template).
    public var maxComponentDepth: Int = 32
    /// Custom component instances one render may make or update.
    public var maxComponentInstances: Int = 2_000

    public init(
        maxNodes: Int = 20_000, maxLoopLength: Int = 5_000, maxDepth: Int = 256, maxTemplateDepth: Int = 32,
        maxIncludeDepth: Int = 16, maxFiles: Int = 64
    ) {
        self.maxNodes = maxNodes
        self.maxLoopLength = maxLoopLength
        self.maxDepth = maxDepth
        self.maxTemplateDepth = maxTemplateDepth
        self.maxIncludeDepth = maxIncludeDepth
        self.maxFiles = maxFiles
    }

    public static let standard = RenderLimits()
}
