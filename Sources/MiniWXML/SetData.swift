import MiniCore

/// An invalid `setData` key or an impossible assignment.
public struct SetDataError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending key.
    public var path: String
    public var message: String
    /// Offset (in Unicode scalars) into `path` where the problem was found, when known.
    public var position: Int?

    public init(path: String, message: String, position: Int? = nil) {
        self.path = path
        self.message = message
        self.position = position
    }

    public var description: String {
        if let position { return "invalid setData path '\(path)': \(message) (at offset \(position))" }
        return "invalid setData path '\(path)': \(message)"
    }
}

/// A parsed `setData` key such as `a.b[1].c`. A backslash escapes the next character
/// (`'a\\.b'` is the single key `a.b`).
public struct SetDataPath: Sendable, Equatable, CustomStringConvertible {
    public enum Segment: Sendable, Equatable {
        /// `.name` (or the leading name).
        case key(String)
        /// `[n]`
        case index(Int)
    }

    /// Array indices beyond the current end by more than this are rejected.
    public static let maxIndexGrowth = 1 << 20

    public let source: String
    /// Always starts with a `.key`.
    public let segments: [Segment]

    /// Parses a `setData` key.
    /// - Throws: `SetDataError` for empty segments (`a..b`, `.a`, `a.`), unclosed or empty
    ///   brackets (`a[`, `a[]`), non-integer indices (`a[x]`), or text after `]` (`a[0]b`).
    public init(_ source: String) throws(SetDataError) {
        self.source = source
        let s = Array(source.unicodeScalars)
        func fail(_ message: String, _ at: Int) -> SetDataError {
            SetDataError(path: source, message: message, position: at)
        }
        guard !s.isEmpty else { throw fail("empty path", 0) }
        var segments: [Segment] = []
        var key = String.UnicodeScalarView()
        var keyStarted = true  // a key is expected at the start and after '.'
        var i = 0
        while i < s.count {
            let c = s[i]
            switch c {
            case "\\":
                guard i + 1 < s.count else { throw fail("dangling '\\' at end of path", i) }
                guard keyStarted else { throw fail("expected '.' or '[' after ']'", i) }
                key.append(s[i + 1])
                i += 2
                continue
            case ".":
                if keyStarted {
                    guard !key.isEmpty else { throw fail("empty property name before '.'", i) }
                    segments.append(.key(String(key)))
                    key = String.UnicodeScalarView()
                }
                keyStarted = true
            case "[":
                if keyStarted {
                    guard !key.isEmpty else {
                        throw fail(segments.isEmpty ? "path must start with a property name" : "empty property name before '['", i)
                    }
                    segments.append(.key(String(key)))
                    key = String.UnicodeScalarView()
                }
                guard let close = s[(i + 1)...].firstIndex(of: "]") else { throw fail("missing ']'", i) }
                let digits = s[(i + 1)..<close]
                guard !digits.isEmpty else { throw fail("empty array index '[]'", i) }
                guard digits.allSatisfy({ $0.value >= 48 && $0.value <= 57 }),
                    let index = Int(String(String.UnicodeScalarView(digits)))
                else { throw fail("array index must be a non-negative integer", i + 1) }
                segments.append(.index(index))
                keyStarted = false
                i = close + 1
                continue
            case "]":
                throw fail("unexpected ']'", i)
            default:
                guard keyStarted else { throw fail("expected '.' or '[' after ']'", i) }
                key.append(c)
            }
            i += 1
        }
        if keyStarted {
            guard !key.isEmpty else { throw fail("path ends with '.'", s.count) }
            segments.append(.key(String(key)))
        }
        self.segments = segments
    }

    /// The top-level data key (`"a"` for `a.b[1]`).
    public var root: String {
        if case .key(let k) = segments[0] { return k }
        return ""
    }

    /// The root key of a changed path: the part before the first unescaped `.` or `[`.
    /// Works for invalid paths too (it never throws).
    public static func rootKey(of path: String) -> String {
        if let parsed = try? SetDataPath(path) { return parsed.root }
        let end = path.firstIndex { $0 == "." || $0 == "[" } ?? path.endIndex
        return String(path[..<end])
    }

    public var description: String { source }

    /// Stores `value` at this path in `data`, creating missing objects (for `.key`) and
    /// arrays (for `[n]`) along the way, as WeChat's `setData` does. Arrays grown past their
    /// end are padded with `null` (what the view layer sees after JSON transfer). A non-object
    /// value in the way is replaced by a fresh container.
    /// - Throws: `SetDataError` (leaving `data` unchanged) when `data` is not an object, when a
    ///   named key would be set on an array, or when an index would grow an array by more than
    ///   `maxIndexGrowth`.
    public func apply(to data: inout HostValue, value: HostValue) throws(SetDataError) {
        switch data {
        case .object: break
        case .undefined, .null: data = .object(HostObjectValue())
        default: throw SetDataError(path: source, message: "page data must be an object, not \(data.typeName)")
        }
        try validate(against: data)
        Self.store(value, into: &data, segments[...])
    }

    /// Walks the existing data along the path and reports any assignment that cannot be made.
    private func validate(against data: HostValue) throws(SetDataError) {
        var current: HostValue? = data
        for segment in segments {
            switch (segment, current) {
            case (.key(let key), .array(let items)?):
                guard let index = JS.canonicalIndex(key) else {
                    throw SetDataError(path: source, message: "cannot set property '\(key)' on an array")
                }
                current = index < items.count ? items[index] : nil
            case (.key(let key), .object(let object)?):
                current = object[key]
            case (.index(let index), .object(let object)?):
                current = object[String(index)]
            case (.index(let index), _):
                let items = current?.arrayValue ?? []
                guard index - items.count <= Self.maxIndexGrowth else {
                    throw SetDataError(path: source, message: "array index \(index) is too large")
                }
                current = index < items.count ? items[index] : nil
            case (.key, _):
                current = nil
            }
        }
    }

    /// Performs the assignment (already validated). Containers are detached from `container`
    /// while being edited so they stay uniquely referenced and are mutated in place.
    private static func store(_ value: HostValue, into container: inout HostValue, _ rest: ArraySlice<Segment>) {
        guard let segment = rest.first else {
            container = value
            return
        }
        let tail = rest.dropFirst()
        switch (segment, container) {
        case (.key(let key), .array):
            storeIndex(JS.canonicalIndex(key) ?? 0, value, into: &container, tail)
        case (.key(let key), .object(var object)):
            container = .undefined
            storeKey(key, value, into: &object, tail)
            container = .object(object)
        case (.index(let index), .object(var object)):
            container = .undefined
            storeKey(String(index), value, into: &object, tail)
            container = .object(object)
        case (.key(let key), _):
            var object = HostObjectValue()
            storeKey(key, value, into: &object, tail)
            container = .object(object)
        case (.index(let index), _):
            storeIndex(index, value, into: &container, tail)
        }
    }

    private static func storeKey(
        _ key: String, _ value: HostValue, into object: inout HostObjectValue, _ tail: ArraySlice<Segment>
    ) {
        var child = object[key] ?? .undefined
        if object[key] != nil { object[key] = .undefined }  // release; keeps the key's position
        store(value, into: &child, tail)
        object[key] = child
    }

    private static func storeIndex(
        _ index: Int, _ value: HostValue, into container: inout HostValue, _ tail: ArraySlice<Segment>
    ) {
        var items = container.arrayValue ?? []
        container = .undefined
        if index >= items.count {
            items.append(contentsOf: repeatElement(HostValue.null, count: index - items.count + 1))
            items[index] = .undefined
        }
        store(value, into: &items[index], tail)
        container = .array(items)
    }
}

/// Applies one `setData` entry: `applySetData(&data, path: "list[2].name", value: "x")`.
/// - Throws: `SetDataError` for malformed paths or impossible assignments (data unchanged).
public func applySetData(_ data: inout HostValue, path: String, value: HostValue) throws {
    try SetDataPath(path).apply(to: &data, value: value)
}

/// Applies every entry of a `setData` payload in order and returns the changed root keys
/// (feed them to `WXMLDocument.components(affectedBy:)`). Stops at the first bad key.
@discardableResult
public func applySetData(_ data: inout HostValue, _ changes: HostObjectValue) throws -> Set<String> {
    var roots = Set<String>()
    for (key, value) in changes {
        let path = try SetDataPath(key)
        try path.apply(to: &data, value: value)
        roots.insert(path.root)
    }
    return roots
}
