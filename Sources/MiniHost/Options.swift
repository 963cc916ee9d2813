import MiniCore

/// Reads an API's options object into typed values, failing WeChat-style:
/// `parameter error: parameter.count should be Number instead of String;`.
///
/// A missing required field is reported as `… instead of Undefined;`, as WeChat does.
/// Nothing falls back to a default silently: a present but wrong value always fails.
public struct Options: Sendable {
    public let object: HostObjectValue

    public init(_ args: HostValue) throws {
        switch args {
        case .undefined, .null: object = HostObjectValue()
        case .object(let o): object = o
        default: throw MediaError.parameter("parameter should be Object instead of \(args.typeName);")
        }
    }

    public subscript(key: String) -> HostValue? {
        guard let v = object[key], v != .undefined else { return nil }
        return v
    }

    public func has(_ key: String) -> Bool { self[key] != nil }

    static func typeError(_ key: String, _ expected: String, _ got: HostValue?) -> MediaError {
        .parameter("parameter.\(key) should be \(expected) instead of \((got ?? .undefined).typeName);")
    }

    // MARK: Strings

    public func string(_ key: String) throws -> String {
        guard case .string(let s)? = self[key] else { throw Self.typeError(key, "String", self[key]) }
        return s
    }

    public func string(_ key: String, default value: String) throws -> String {
        has(key) ? try string(key) : value
    }

    public func optionalString(_ key: String) throws -> String? {
        has(key) ? try string(key) : nil
    }

    /// A required, non-empty string.
    public func nonEmptyString(_ key: String) throws -> String {
        let s = try string(key)
        guard !s.isEmpty else { throw MediaError.parameter("parameter.\(key) should not be empty;") }
        return s
    }

    // MARK: Numbers

    public func number(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double {
        guard case .number(let n)? = self[key] else { throw Self.typeError(key, "Number", self[key]) }
        guard n.isFinite else { throw MediaError.parameter("parameter.\(key) should be a finite Number instead of \(JSNumber.format(n));") }
        if let range, !range.contains(n) {
            throw MediaError.parameter(
                "parameter.\(key) should be in range [\(JSNumber.format(range.lowerBound)), \(JSNumber.format(range.upperBound))] instead of \(JSNumber.format(n));")
        }
        return n
    }

    public func number(_ key: String, default value: Double, in range: ClosedRange<Double>? = nil) throws -> Double {
        has(key) ? try number(key, in: range) : value
    }

    public func optionalNumber(_ key: String, in range: ClosedRange<Double>? = nil) throws -> Double? {
        has(key) ? try number(key, in: range) : nil
    }

    public func int(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int {
        let n = try number(key, in: range.map { Double($0.lowerBound)...Double($0.upperBound) })
        guard n == n.rounded(), abs(n) < 9e15 else {
            throw MediaError.parameter("parameter.\(key) should be an integer instead of \(JSNumber.format(n));")
        }
        return Int(n)
    }

    public func int(_ key: String, default value: Int, in range: ClosedRange<Int>? = nil) throws -> Int {
        has(key) ? try int(key, in: range) : value
    }

    public func optionalInt(_ key: String, in range: ClosedRange<Int>? = nil) throws -> Int? {
        has(key) ? try int(key, in: range) : nil
    }

    // MARK: Booleans

    public func bool(_ key: String, default value: Bool) throws -> Bool {
        guard let v = self[key] else { return value }
        guard case .bool(let b) = v else { throw Self.typeError(key, "Boolean", v) }
        return b
    }

    // MARK: Enumerations

    public func enumeration<E: RawRepresentable & CaseIterable>(_ key: String, default value: E? = nil) throws -> E
    where E.RawValue == String {
        guard has(key) else {
            if let value { return value }
            throw Self.typeError(key, "String", nil)
        }
        return try Self.enumCase(try string(key), key: key)
    }

    public func enumList<E: RawRepresentable & CaseIterable>(_ key: String, default value: [E]) throws -> [E]
    where E.RawValue == String {
        guard let v = self[key] else { return value }
        guard case .array(let items) = v else { throw Self.typeError(key, "Array", v) }
        return try items.enumerated().map { i, item in
            guard case .string(let s) = item else { throw Self.typeError("\(key)[\(i)]", "String", item) }
            return try Self.enumCase(s, key: "\(key)[\(i)]")
        }
    }

    static func enumCase<E: RawRepresentable & CaseIterable>(_ raw: String, key: String) throws -> E
    where E.RawValue == String {
        if let e = E(rawValue: raw) { return e }
        let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        throw MediaError.parameter("parameter.\(key) should be one of \(allowed) instead of \"\(raw)\";")
    }

    // MARK: Other

    public func stringArray(_ key: String) throws -> [String] {
        guard case .array(let items)? = self[key] else { throw Self.typeError(key, "Array", self[key]) }
        return try items.enumerated().map { i, item in
            guard case .string(let s) = item else { throw Self.typeError("\(key)[\(i)]", "String", item) }
            return s
        }
    }

    public func optionalFunction(_ key: String) throws -> FunctionRef? {
        guard let v = self[key] else { return nil }
        guard case .function(let f) = v else { throw Self.typeError(key, "Function", v) }
        return f
    }
}
