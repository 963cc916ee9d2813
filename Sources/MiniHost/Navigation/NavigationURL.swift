import MiniCore

/// A navigation `url` taken apart as WeChat does: the route it names (absolute from the package
/// root when it starts with `/`, else relative to the current page's folder) and its query.
public struct NavigationURL: Sendable, Equatable {
    /// `pages/b/b`: no leading slash, no query.
    public let route: String
    /// The query's pairs in order, values as written (not percent-decoded: WeChat hands
    /// `onLoad` the encoded text, pages call `decodeURIComponent` themselves).
    public let query: [QueryItem]

    public struct QueryItem: Sendable, Equatable {
        public let key: String
        public let value: String
        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }

    /// Longest `url` accepted, in UTF-8 bytes (MiniMedia choice: the platforms document none).
    public static let maxBytes = 4096

    /// Parses `url` from the page at `currentRoute` (nil: no page yet, relative urls start at
    /// the package root). Throws a parameter error for an empty, oversized or control-character
    /// url; a url that climbs above the package names no page and fails as not found later.
    public static func parse(_ url: String, from currentRoute: String?, api: String) throws -> NavigationURL {
        let bytes = url.utf8
        guard !bytes.isEmpty else { throw MediaError.parameter("parameter.url should not be empty;") }
        guard bytes.count <= maxBytes else {
            throw MediaError.parameter("parameter.url should be at most \(maxBytes) bytes instead of \(bytes.count);")
        }
        guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }) else {
            throw MediaError.parameter("parameter.url should not contain control characters;")
        }
        let (path, queryText) = split(url, at: "?")
        // A fragment is not part of a page url.
        let pathOnly = split(path, at: "#").0
        var parts: [Substring] = []
        if !pathOnly.hasPrefix("/"), let currentRoute {
            parts = Array(currentRoute.split(separator: "/", omittingEmptySubsequences: true).dropLast())
        }
        var climbedOut = false
        for name in pathOnly.split(separator: "/", omittingEmptySubsequences: true) {
            if name == "." { continue }
            if name == ".." {
                if parts.isEmpty { climbedOut = true } else { parts.removeLast() }
                continue
            }
            parts.append(name)
        }
        let route = (climbedOut ? "../" : "") + parts.joined(separator: "/")
        return NavigationURL(route: route, query: queryText.map { parseQuery(split($0, at: "#").0) } ?? [])
    }

    /// `a=1&b&c=x=y` as WeChat's router reads it: pairs split on `&`, a key without `=` gets
    /// the string `"undefined"`, a value stops at its next `=`; empty keys are dropped, a
    /// repeated key keeps its last value (in its first place).
    public static func parseQuery(_ text: String) -> [QueryItem] {
        var items: [QueryItem] = []
        var index: [String: Int] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let pieces = pair.split(separator: "=", omittingEmptySubsequences: false)
            let key = String(pieces[0])
            guard !key.isEmpty else { continue }
            let value = pieces.count > 1 ? String(pieces[1]) : "undefined"
            if let i = index[key] {
                items[i] = QueryItem(key, value)
            } else {
                index[key] = items.count
                items.append(QueryItem(key, value))
            }
        }
        return items
    }

    /// The query as an options object (what `onLoad` receives).
    public var queryObject: HostValue {
        .object(HostObjectValue(pairs: query.map { ($0.key, HostValue.string($0.value)) }))
    }

    private static func split(_ s: String, at mark: Character) -> (String, String?) {
        guard let i = s.firstIndex(of: mark) else { return (s, nil) }
        return (String(s[..<i]), String(s[s.index(after: i)...]))
    }
}
