import MiniCore

/// JavaScript conversions and operators on `HostValue`, as WXML bindings use them.
///
/// Arrays and objects have value semantics here, so identity comparisons (`===` on two
/// objects) compare structure instead: `{{list === list}}` is true, as in JS.
extension HostValue {
    /// JS truthiness: `undefined`, `null`, `false`, `0`, `-0`, `NaN` and `""` are falsy.
    public var jsTruthy: Bool {
        switch self {
        case .undefined, .null: false
        case .bool(let b): b
        case .number(let n): !(n == 0 || n.isNaN)
        case .string(let s): !s.isEmpty
        case .array, .object, .bytes, .function: true
        }
    }

    /// JS `ToNumber` (objects and arrays go through their string form, as `ToPrimitive` does).
    public var jsNumber: Double {
        switch self {
        case .undefined: .nan
        case .null: 0
        case .bool(let b): b ? 1 : 0
        case .number(let n): n
        case .string(let s): JSNumber.parse(s)
        case .array: JSNumber.parse(jsString)
        case .object, .bytes, .function: .nan
        }
    }

    /// JS `ToString`: `1` → `"1"`, arrays join with `,` (null/undefined elements empty),
    /// objects → `"[object Object]"`.
    public var jsString: String {
        switch self {
        case .undefined: "undefined"
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .number(let n): JSNumber.format(n)
        case .string(let s): s
        case .array(let items):
            items.map { item -> String in
                switch item {
                case .undefined, .null: ""
                default: item.jsString
                }
            }.joined(separator: ",")
        case .object: "[object Object]"
        case .bytes: "[object ArrayBuffer]"
        case .function: "function () { [native code] }"
        }
    }

    /// The text WXML renders for a value inside mixed text: like `jsString`, except
    /// `undefined` renders as the empty string.
    public var wxmlText: String {
        if case .undefined = self { return "" }
        return jsString
    }

    /// Whether the value is an array, object, ArrayBuffer or function (a JS object).
    var isJSObject: Bool {
        switch self {
        case .array, .object, .bytes, .function: true
        default: false
        }
    }

    /// JS `ToPrimitive` with the default hint: objects become their string form.
    var jsPrimitive: HostValue { isJSObject ? .string(jsString) : self }
}

/// JavaScript operator semantics used by the binding evaluator.
enum JS {
    /// `a + b`: string concatenation if either primitive is a string, numeric addition otherwise.
    static func add(_ a: HostValue, _ b: HostValue) -> HostValue {
        let pa = a.jsPrimitive
        let pb = b.jsPrimitive
        if case .string = pa { return .string(pa.jsString + pb.jsString) }
        if case .string = pb { return .string(pa.jsString + pb.jsString) }
        return .number(pa.jsNumber + pb.jsNumber)
    }

    /// `===`: same type and value; `NaN !== NaN`, `0 === -0`.
    static func strictEquals(_ a: HostValue, _ b: HostValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.null, .null): true
        case (.bool(let x), .bool(let y)): x == y
        case (.number(let x), .number(let y)): x == y
        case (.string(let x), .string(let y)): x.utf16.elementsEqual(y.utf16)
        case (.array, .array), (.object, .object), (.bytes, .bytes), (.function, .function): a == b
        default: false
        }
    }

    /// `==`: the abstract equality algorithm (`null == undefined`, `'5' == 5`, `true == 1`).
    static func looseEquals(_ a: HostValue, _ b: HostValue) -> Bool {
        switch (a, b) {
        case (.undefined, .undefined), (.null, .null), (.undefined, .null), (.null, .undefined):
            return true
        case (.undefined, _), (.null, _), (_, .undefined), (_, .null):
            return false
        case (.number(let x), .string):
            return x == b.jsNumber
        case (.string, .number(let y)):
            return a.jsNumber == y
        case (.bool, _):
            if case .bool = b { return strictEquals(a, b) }
            return looseEquals(.number(a.jsNumber), b)
        case (_, .bool):
            return looseEquals(a, .number(b.jsNumber))
        default:
            if a.isJSObject && b.isJSObject { return strictEquals(a, b) }
            if a.isJSObject { return looseEquals(a.jsPrimitive, b) }
            if b.isJSObject { return looseEquals(a, b.jsPrimitive) }
            return strictEquals(a, b)
        }
    }

    /// The abstract relational comparison `a < b`; `nil` means "undefined" (a NaN was involved).
    static func lessThan(_ a: HostValue, _ b: HostValue) -> Bool? {
        let pa = a.jsPrimitive
        let pb = b.jsPrimitive
        if case .string(let x) = pa, case .string(let y) = pb {
            return x.utf16.lexicographicallyPrecedes(y.utf16)
        }
        let x = pa.jsNumber
        let y = pb.jsNumber
        if x.isNaN || y.isNaN { return nil }
        return x < y
    }

    /// Property read `base[key]`; anything missing is `undefined`, never an error.
    static func member(_ base: HostValue, _ key: HostValue) -> HostValue {
        switch base {
        case .object(let object):
            return object[propertyKey(key)] ?? .undefined
        case .array(let items):
            if let index = arrayIndex(key) { return index < items.count ? items[index] : .undefined }
            return propertyKey(key) == "length" ? .number(Double(items.count)) : .undefined
        case .string(let s):
            if let index = arrayIndex(key) {
                let units = s.utf16
                guard index < units.count else { return .undefined }
                let unit = units[units.index(units.startIndex, offsetBy: index)]
                return .string(String(decoding: [unit], as: UTF16.self))
            }
            return propertyKey(key) == "length" ? .number(Double(s.utf16.count)) : .undefined
        case .bytes(let buffer):
            return propertyKey(key) == "byteLength" ? .number(Double(buffer.count)) : .undefined
        case .undefined, .null, .bool, .number, .function:
            return .undefined
        }
    }

    /// JS `ToPropertyKey`.
    static func propertyKey(_ key: HostValue) -> String {
        if case .string(let s) = key { return s }
        return key.jsString
    }

    /// The array index a key denotes (`0`, `"3"`), or nil if it is not a canonical index.
    static func arrayIndex(_ key: HostValue) -> Int? {
        switch key {
        case .number(let n):
            guard n >= 0, n < 4_294_967_295, n == n.rounded(.towardZero) else { return nil }
            return Int(n)
        case .string(let s):
            return canonicalIndex(s)
        default:
            return nil
        }
    }

    /// `"12"` → 12; `"012"`, `"-1"`, `"1.0"` → nil.
    static func canonicalIndex(_ s: String) -> Int? {
        guard !s.isEmpty, s.utf8.count <= 10, s.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        if s.utf8.count > 1 && s.utf8.first == 48 { return nil }
        guard let value = Int(s), value < 4_294_967_295 else { return nil }
        return value
    }
}
