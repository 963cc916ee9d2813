import Foundation

/// A protocol error: its message goes back as `{id, error: {message}}`.
public struct AutomationError: Error, CustomStringConvertible, Sendable, Equatable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// A JSON value as `JSONSerialization` reads and writes it, carried across tasks. Only values
/// made from JSON (dictionaries, arrays, strings, numbers, booleans, `NSNull`) are put in it.
public struct JSONValue: @unchecked Sendable {
    public let value: Any
    public init(_ value: Any) { self.value = value }

    public static let null = JSONValue(NSNull())

    /// Parses JSON text (fragments allowed); nil when it is not JSON.
    public init?(json: String) {
        guard let v = try? JSONSerialization.jsonObject(with: Data(json.utf8), options: [.fragmentsAllowed]) else { return nil }
        value = v
    }

    /// The JSON text of `value` (fragments allowed).
    public static func text(_ value: Any) throws(AutomationError) -> String {
        guard JSONSerialization.isValidJSONObject([value]),
            let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        else { throw AutomationError("not JSON: \(value)") }
        return String(decoding: data, as: UTF8.self)
    }
}

/// One message from the client: `{id, method, params}`.
struct AutomationRequest {
    let id: Any?
    let method: String
    let params: [String: Any]

    static let maxSize = 16 << 20

    init(text: String) throws(AutomationError) {
        guard let v = JSONValue(json: text)?.value as? [String: Any] else { throw AutomationError("the message is not a JSON object") }
        id = v["id"]
        guard let method = v["method"] as? String, !method.isEmpty else { throw AutomationError("the message has no method") }
        self.method = method
        if let p = v["params"], !(p is NSNull) {
            guard let params = p as? [String: Any] else { throw AutomationError("\(method): params must be an object") }
            self.params = params
        } else {
            params = [:]
        }
    }
}

/// Reading parameters: a missing or mistyped one is an error naming it.
extension Dictionary where Key == String, Value == Any {
    func string(_ key: String, _ method: String) throws(AutomationError) -> String {
        guard let v = self[key] as? String else { throw AutomationError("\(method): params.\(key) must be a string") }
        return v
    }

    func optionalString(_ key: String, _ method: String) throws(AutomationError) -> String? {
        guard let raw = self[key], !(raw is NSNull) else { return nil }
        guard let v = raw as? String else { throw AutomationError("\(method): params.\(key) must be a string") }
        return v
    }

    func array(_ key: String, _ method: String) throws(AutomationError) -> [Any] {
        guard let raw = self[key], !(raw is NSNull) else { return [] }
        guard let v = raw as? [Any] else { throw AutomationError("\(method): params.\(key) must be an array") }
        return v
    }

    func object(_ key: String, _ method: String) throws(AutomationError) -> [String: Any] {
        guard let v = self[key] as? [String: Any] else { throw AutomationError("\(method): params.\(key) must be an object") }
        return v
    }
}

/// What every message out is made of.
enum AutomationMessage {
    static func reply(id: Any?, result: Any) -> String {
        encode(["id": id ?? NSNull(), "result": result])
    }

    static func error(id: Any?, _ message: String) -> String {
        encode(["id": id ?? NSNull(), "error": ["message": message]])
    }

    static func event(_ method: String, _ params: Any) -> String {
        encode(["method": method, "params": params])
    }

    private static func encode(_ object: [String: Any]) -> String {
        (try? JSONValue.text(object)) ?? #"{"error":{"message":"the reply could not be encoded as JSON"}}"#
    }
}
