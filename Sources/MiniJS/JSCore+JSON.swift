import CJavaScriptCore
import MiniCore

/// Fast path for plain results: serialise to JSON and let JavaScriptCore's JSON parser build the
/// objects (one call, cached structures) instead of one `JSObjectSetProperty` per key, each of
/// which atomises its key string.
extension JSCore {
    /// NUL-terminated UTF-8 JSON for a value made only of JSON types; nil if it holds bytes,
    /// functions or non-finite numbers (those take the slow path).
    static func json(_ value: HostValue) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(512)
        guard appendJSON(value, to: &out) else { return nil }
        out.append(0)
        return out
    }

    private static func appendJSON(_ value: HostValue, to out: inout [UInt8]) -> Bool {
        switch value {
        case .undefined, .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .number(let n):
            // JSON has no NaN, Infinity or -0: those values take the slow path.
            guard n.isFinite, !(n == 0 && n.sign == .minus) else { return false }
            if n == n.rounded(.towardZero), abs(n) < 1e15 {
                appendInteger(Int64(n), to: &out)
            } else {
                out += JSNumber.format(n).utf8
            }
        case .string(let s): appendString(s, to: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if item == .undefined { out += "null".utf8; continue }
                guard appendJSON(item, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "]"))
        case .object(let o):
            out.append(UInt8(ascii: "{"))
            var first = true
            for (k, v) in o where v != .undefined {
                if !first { out.append(UInt8(ascii: ",")) }
                first = false
                appendString(k, to: &out)
                out.append(UInt8(ascii: ":"))
                guard appendJSON(v, to: &out) else { return false }
            }
            out.append(UInt8(ascii: "}"))
        case .bytes, .function: return false
        }
        return true
    }

    private static func appendInteger(_ value: Int64, to out: inout [UInt8]) {
        if value < 0 { out.append(UInt8(ascii: "-")) }
        var v = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = 0
        withUnsafeMutableBytes(of: &digits) { buf in
            repeat {
                buf[n] = UInt8(ascii: "0") + UInt8(v % 10)
                v /= 10
                n += 1
            } while v > 0
            for i in stride(from: n - 1, through: 0, by: -1) { out.append(buf[i]) }
        }
    }

    private static func appendString(_ s: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        var s = s
        s.withUTF8 { bytes in
            // Copy runs that need no escaping in one go.
            var runStart = 0
            for i in 0..<bytes.count {
                let b = bytes[i]
                let escape: [UInt8]?
                switch b {
                case UInt8(ascii: "\""): escape = Array("\\\"".utf8)
                case UInt8(ascii: "\\"): escape = Array("\\\\".utf8)
                case 0x0A: escape = Array("\\n".utf8)
                case 0x0D: escape = Array("\\r".utf8)
                case 0x09: escape = Array("\\t".utf8)
                case 0..<0x20:
                    let hex = String(b, radix: 16)
                    escape = Array(("\\u" + String(repeating: "0", count: 4 - hex.count) + hex).utf8)
                default: escape = nil
                }
                if let escape {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    out += escape
                    runStart = i + 1
                }
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<bytes.count]))
        }
        out.append(UInt8(ascii: "\""))
    }

    /// Builds `value` through `JSON.parse` when it is plain JSON.
    func makeViaJSON(_ value: HostValue) -> JSValueRef? {
        let text: [UInt8]
        if let memo = jsonMemo, memo.value == value {
            text = memo.text
        } else {
            guard let made = Self.json(value) else { return nil }
            text = made
            // Comparing is cheaper than serialising again only for objects of many keys.
            if case .object(let o) = value, o.count >= 16 { jsonMemo = (value, made) }
        }
        let js = text.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: CChar.self) { JSStringCreateWithUTF8CString($0.baseAddress) }
        }
        defer { JSStringRelease(js) }
        return JSValueMakeFromJSONString(ctx, js)
    }
}
