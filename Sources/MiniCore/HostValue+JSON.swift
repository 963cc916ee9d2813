import Foundation

extension HostValue {
    /// Parses JSON text (an object, array, string, number, boolean or null); nil if it is not
    /// JSON. Object keys come out sorted.
    public init?(json: String) {
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8)) else { return nil }
        self = value.host
    }
}

/// A decoded JSON value.
private struct JSONValue: Decodable {
    let host: HostValue

    init(from decoder: any Decoder) throws {
        let c = try decoder.singleValueContainer()
        if c.decodeNil() {
            host = .null
        } else if let b = try? c.decode(Bool.self) {
            host = .bool(b)
        } else if let n = try? c.decode(Double.self) {
            host = .number(n)
        } else if let s = try? c.decode(String.self) {
            host = .string(s)
        } else if let a = try? c.decode([JSONValue].self) {
            host = .array(a.map(\.host))
        } else {
            let o = try c.decode([String: JSONValue].self)
            host = .object(HostObjectValue(pairs: o.keys.sorted().map { ($0, o[$0]!.host) }))
        }
    }
}
