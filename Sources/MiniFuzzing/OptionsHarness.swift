import MiniCore
import MiniHost

/// API options as a page passes them: JSON text → `HostValue` (the shape JS values convert to)
/// → `Options`, then every typed accessor on every key present and a few absent ones.
enum OptionsHarness {
    enum Choice: String, CaseIterable { case front, back, auto }

    static func run(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let value = HostValue(json: text) else { return "not JSON" }
        _ = value.typeName
        guard let options = try? Options(value) else { return "not an object" }
        var ok = 0
        for key in options.object.keys + ["src", "quality", "missing"] {
            func attempt<T>(_ body: () throws -> T) { if (try? body()) != nil { ok += 1 } }
            attempt { try options.string(key) }
            attempt { try options.nonEmptyString(key) }
            attempt { try options.optionalString(key) }
            attempt { try options.number(key) }
            attempt { try options.number(key, in: 0 ... 100) }
            attempt { try options.optionalNumber(key, in: -1 ... 1) }
            attempt { try options.int(key) }
            attempt { try options.int(key, in: -5 ... 5) }
            attempt { try options.optionalInt(key) }
            attempt { try options.bool(key, default: false) }
            attempt { try options.stringArray(key) }
            attempt { try options.optionalFunction(key) }
            attempt { () throws -> Choice in try options.enumeration(key, default: .auto) }
            attempt { () throws -> [Choice] in try options.enumList(key, default: []) }
            if let n = options[key]?.numberValue { _ = JSNumber.format(n) }
            if let s = options[key]?.stringValue { _ = JSNumber.parse(s) }
        }
        return "\(ok) accessors succeeded"
    }
}
