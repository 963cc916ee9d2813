import MiniCore

/// HostValue ↔ JSON text for the WebSocket protocol (bytes become their length, functions
/// `null`: the browser only shows values).
enum JSONText {
    static func encode(_ value: HostValue) -> String {
        var out = ""
        append(value, to: &out, depth: 0)
        return out
    }

    static func append(_ value: HostValue, to out: inout String, depth: Int) {
        guard depth < 64 else { out += "null"; return }
        switch value {
        case .undefined, .null, .function: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.isFinite ? JSNumber.format(n) : "null"
        case .string(let s): JSONQuoting.append(s, to: &out)
        case .bytes(let b): out += "{\"byteLength\":\(b.count)}"
        case .array(let items):
            out += "["
            for (i, v) in items.enumerated() {
                if i > 0 { out += "," }
                append(v, to: &out, depth: depth + 1)
            }
            out += "]"
        case .object(let o):
            out += "{"
            var first = true
            for (k, v) in o {
                if case .undefined = v { continue }
                if !first { out += "," }
                first = false
                JSONQuoting.append(k, to: &out)
                out += ":"
                append(v, to: &out, depth: depth + 1)
            }
            out += "}"
        }
    }

    /// A JSON object from key/value pairs, for outgoing messages.
    static func message(_ pairs: [(String, HostValue)]) -> String { encode(.object(HostObjectValue(pairs: pairs))) }
}
