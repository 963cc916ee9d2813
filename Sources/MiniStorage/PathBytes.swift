/// Path text as UTF-8 bytes: the one place sandbox code splits, compares and cuts paths.
///
/// Never on `Character`s. Swift's `String` compares and splits on grapheme clusters, and a
/// combining mark (U+0301), a prepended concatenation mark (U+0600), a ZWJ or a variation
/// selector merges with a neighbouring `/` or `.` into one cluster: `"a\u{600}/.."` does not
/// contain the `Character` `"/"`, so Character-based code sees one harmless name while the
/// kernel, which sees bytes, sees `a؀` and `..`. Here `/` is the byte 0x2F and `.` is 0x2E,
/// exactly as the kernel reads them (modelled on swift-system's `FilePath.Component` parsing).
public enum PathBytes {
    public static let separator: UInt8 = 0x2F
    public static let dot: UInt8 = 0x2E

    /// The components between `/` bytes, empty ones dropped (`a//b/` → `a`, `b`).
    public static func components(_ text: String) -> [String] {
        text.utf8.split(separator: separator, omittingEmptySubsequences: true).map { String(decoding: $0, as: UTF8.self) }
    }

    /// True when `text` begins with the bytes of `prefix`.
    public static func hasPrefix(_ text: String, _ prefix: String) -> Bool { text.utf8.starts(with: prefix.utf8) }

    /// True when `text` ends with the bytes of `suffix`.
    public static func hasSuffix(_ text: String, _ suffix: String) -> Bool {
        text.utf8.count >= suffix.utf8.count && text.utf8.suffix(suffix.utf8.count).elementsEqual(suffix.utf8)
    }

    /// Byte-for-byte equality (no Unicode canonical equivalence).
    public static func equal(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    /// `text` without its first `prefix.utf8.count` bytes; `text` must start with `prefix`.
    public static func dropping(_ prefix: String, from text: String) -> String {
        String(decoding: text.utf8.dropFirst(prefix.utf8.count), as: UTF8.self)
    }

    /// `text` without its last `suffix.utf8.count` bytes; `text` must end with `suffix`.
    public static func dropping(suffix: String, from text: String) -> String {
        String(decoding: text.utf8.dropLast(suffix.utf8.count), as: UTF8.self)
    }

    /// True when `text` holds the byte `/` anywhere.
    public static func containsSeparator(_ text: String) -> Bool { text.utf8.contains(separator) }

    /// `.` and `..` as the kernel reads them.
    public static func isDot(_ name: String) -> Bool { name.utf8.elementsEqual([dot]) }
    public static func isDotDot(_ name: String) -> Bool { name.utf8.elementsEqual([dot, dot]) }

    /// Stem and extension split at the last `.` byte (`a.b.jpg` → `a.b`, `jpg`).
    public static func splitExtension(_ name: String) -> (String, String) {
        let bytes = Array(name.utf8)
        guard let i = bytes.lastIndex(of: dot) else { return (name, "") }
        return (String(decoding: bytes[..<i], as: UTF8.self), String(decoding: bytes[(i + 1)...], as: UTF8.self))
    }

    /// The last component (`a/b/c.txt` → `c.txt`).
    public static func lastComponent(_ path: String) -> String { components(path).last ?? "" }

    /// Components joined with `/`.
    public static func join(_ components: [String]) -> String { components.joined(separator: "/") }
}
