import MiniCore

/// JSON text for `HostValue`s the way JavaScript's `JSON.stringify` / `JSON.parse` treat them,
/// keeping object key order (request bodies are sent, and responses parsed, in page order).
public enum JSONText {
    /// How `stringify` writes what JSON has no form for.
    public struct Style: Sendable {
        /// ArrayBuffers as `{"byteLength":N}` (a display of the value) instead of `{}`.
        public var bytesAsLength: Bool
        /// Values nested deeper than this become `null`.
        public var maxDepth: Int

        public init(bytesAsLength: Bool = false, maxDepth: Int = .max) {
            self.bytesAsLength = bytesAsLength
            self.maxDepth = maxDepth
        }

        /// `JSON.stringify`'s own.
        public static let javaScript = Style()
        /// For showing values (the browser simulator's protocol): bytes by their length, at most
        /// 64 levels deep.
        public static let display = Style(bytesAsLength: true, maxDepth: 64)
    }

    /// `JSON.stringify(value)`; `undefined` and functions are skipped in objects and `null` in
    /// arrays, ArrayBuffers become `{}` (`{"byteLength":N}` in `.display`), non-finite numbers `null`.
    public static func stringify(_ value: HostValue, style: Style = .javaScript) -> String {
        var out = ""
        write(value, into: &out, style: style, depth: 0)
        return out
    }

    /// A JSON object from key/value pairs in `.display` style (a protocol message).
    public static func message(_ pairs: [(String, HostValue)]) -> String {
        stringify(.object(HostObjectValue(pairs: pairs)), style: .display)
    }

    private static func write(_ value: HostValue, into out: inout String, style: Style, depth: Int) {
        guard depth < style.maxDepth else { out += "null"; return }
        switch value {
        case .undefined, .function, .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? JSNumber.format(n) : "null"
        case .string(let s): quote(s, into: &out)
        case .bytes(let b): out += style.bytesAsLength ? "{\"byteLength\":\(b.count)}" : "{}"
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out, style: style, depth: depth + 1)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (k, v) in o {
                if case .undefined = v { continue }
                if case .function = v { continue }
                if !first { out += "," }
                first = false
                quote(k, into: &out)
                out += ":"
                write(v, into: &out, style: style, depth: depth + 1)
            }
            out += "}"
        }
    }

    /// `s` as a JSON string literal, appended to `out`.
    public static func quote(_ s: String, into out: inout String) { JSONQuoting.append(s, to: &out) }

    /// `JSON.parse(text)`, or nil when `text` is not JSON (or nests deeper than `maxDepth`).
    public static func parse(_ text: String, maxDepth: Int = 512) -> HostValue? {
        var p = Parser(bytes: Array(text.utf8), maxDepth: maxDepth)
        p.skipSpace()
        guard let v = p.value(depth: 0) else { return nil }
        p.skipSpace()
        return p.i == p.bytes.count ? v : nil
    }

    private struct Parser {
        let bytes: [UInt8]
        let maxDepth: Int
        var i = 0

        init(bytes: [UInt8], maxDepth: Int) {
            self.bytes = bytes
            self.maxDepth = maxDepth
        }

        mutating func skipSpace() {
            while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
        }

        mutating func literal(_ word: String, _ v: HostValue) -> HostValue? {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else { return nil }
            i += w.count
            return v
        }

        mutating func value(depth: Int) -> HostValue? {
            guard depth < maxDepth, i < bytes.count else { return nil }
            switch bytes[i] {
            case UInt8(ascii: "n"): return literal("null", .null)
            case UInt8(ascii: "t"): return literal("true", .bool(true))
            case UInt8(ascii: "f"): return literal("false", .bool(false))
            case UInt8(ascii: "\""): return string().map(HostValue.string)
            case UInt8(ascii: "["):
                i += 1
                var items: [HostValue] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array(items)
                }
                while true {
                    skipSpace()
                    guard let v = value(depth: depth + 1) else { return nil }
                    items.append(v)
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "]") else { return nil }
                    i += 1
                    return .array(items)
                }
            case UInt8(ascii: "{"):
                i += 1
                var o = HostObjectValue()
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object(o)
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\""), let k = string() else { return nil }
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return nil }
                    i += 1
                    skipSpace()
                    guard let v = value(depth: depth + 1) else { return nil }
                    o[k] = v
                    skipSpace()
                    guard i < bytes.count else { return nil }
                    if bytes[i] == UInt8(ascii: ",") { i += 1; continue }
                    guard bytes[i] == UInt8(ascii: "}") else { return nil }
                    i += 1
                    return .object(o)
                }
            default: return number()
            }
        }

        mutating func number() -> HostValue? {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits() -> Int {
                let s = i
                while i < bytes.count, (0x30...0x39).contains(bytes[i]) { i += 1 }
                return i - s
            }
            guard i < bytes.count else { return nil }
            if bytes[i] == UInt8(ascii: "0") { i += 1 } else if digits() == 0 { return nil }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { return nil }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                guard digits() > 0 else { return nil }
            }
            return Double(String(decoding: bytes[start..<i], as: UTF8.self)).map(HostValue.number)
        }

        mutating func hex4() -> UInt32? {
            guard i + 4 <= bytes.count, let v = UInt32(String(decoding: bytes[i..<i + 4], as: UTF8.self), radix: 16) else { return nil }
            i += 4
            return v
        }

        mutating func string() -> String? {
            i += 1  // the opening quote
            var scalars = String.UnicodeScalarView()
            var run = i
            func flush(_ end: Int) { scalars.append(contentsOf: String(decoding: bytes[run..<end], as: UTF8.self).unicodeScalars) }
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    flush(i)
                    i += 1
                    return String(scalars)
                }
                guard b >= 0x20 else { return nil }
                if b != UInt8(ascii: "\\") {
                    i += 1
                    continue
                }
                flush(i)
                i += 1
                guard i < bytes.count else { return nil }
                let e = bytes[i]
                i += 1
                switch e {
                case UInt8(ascii: "\""): scalars.append("\"")
                case UInt8(ascii: "\\"): scalars.append("\\")
                case UInt8(ascii: "/"): scalars.append("/")
                case UInt8(ascii: "b"): scalars.append("\u{08}")
                case UInt8(ascii: "f"): scalars.append("\u{0C}")
                case UInt8(ascii: "n"): scalars.append("\n")
                case UInt8(ascii: "r"): scalars.append("\r")
                case UInt8(ascii: "t"): scalars.append("\t")
                case UInt8(ascii: "u"):
                    guard var code = hex4() else { return nil }
                    if (0xD800..<0xDC00).contains(code), i + 6 <= bytes.count, bytes[i] == UInt8(ascii: "\\"),
                        bytes[i + 1] == UInt8(ascii: "u")
                    {
                        let save = i
                        i += 2
                        if let low = hex4(), (0xDC00..<0xE000).contains(low) {
                            code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                        } else {
                            i = save
                        }
                    }
                    scalars.append(Unicode.Scalar(code) ?? "\u{FFFD}")
                default: return nil
                }
                run = i
            }
            return nil
        }
    }
}
