/// A value that crosses the boundary between mini-program JavaScript and native code.
///
/// It is JSON plus the two things mini-program APIs pass that JSON cannot carry:
/// binary data (`ArrayBuffer`) and JavaScript functions (callbacks such as `timeoutCallback`).
/// Object keys keep their insertion order so results print the way the platforms print them.
public enum HostValue: Sendable, Equatable {
    case undefined
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([HostValue])
    case object(HostObjectValue)
    /// Native bytes handed to JS as an `ArrayBuffer` (without a copy when the memory is ours).
    case bytes(ByteBuffer)
    /// A JS function, held by the runtime; native code invokes it through the runtime.
    case function(FunctionRef)
}

/// An ordered JSON-like object.
///
/// Small objects (API options, results) are a flat array searched linearly, which is faster than
/// hashing; an index is built once an object grows past `indexThreshold` keys.
public struct HostObjectValue: Sendable, Equatable, Sequence {
    private var entries: [(key: String, value: HostValue)] = []
    private var index: [String: Int]?
    private static let indexThreshold = 16

    public init() {}

    public init(_ pairs: KeyValuePairs<String, HostValue>) {
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public init(pairs: [(String, HostValue)]) {
        entries.reserveCapacity(pairs.count)
        for (k, v) in pairs { self[k] = v }
    }

    public var keys: [String] { entries.map(\.key) }

    private func position(_ key: String) -> Int? {
        if let index { return index[key] }
        return entries.firstIndex { $0.key == key }
    }

    public subscript(key: String) -> HostValue? {
        get { position(key).map { entries[$0].value } }
        set {
            if let i = position(key) {
                if let newValue {
                    entries[i].value = newValue
                } else {
                    entries.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                entries.append((key, newValue))
                if index != nil {
                    index![key] = entries.count - 1
                } else if entries.count > Self.indexThreshold {
                    rebuildIndex()
                }
            }
        }
    }

    private mutating func rebuildIndex() {
        guard entries.count > Self.indexThreshold else {
            index = nil
            return
        }
        var idx: [String: Int] = [:]
        idx.reserveCapacity(entries.count)
        for (i, e) in entries.enumerated() { idx[e.key] = i }
        index = idx
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    public func makeIterator() -> IndexingIterator<[(key: String, value: HostValue)]> {
        entries.makeIterator()
    }

    /// Key order does not matter for equality.
    public static func == (a: HostObjectValue, b: HostObjectValue) -> Bool {
        guard a.count == b.count else { return false }
        return a.entries.allSatisfy { b[$0.key] == $0.value }
    }
}

/// Identity of a JS function held by the runtime. Equal refs are the same JS function.
public struct FunctionRef: Sendable, Hashable {
    public let id: UInt64
    public init(id: UInt64) { self.id = id }
}

/// Bytes owned by native code (or copied out of JS) with reference semantics, so a frame
/// buffer can be handed to JS without a copy. The deallocator runs when the last holder,
/// native or JS, lets go.
public final class ByteBuffer: @unchecked Sendable, Equatable {
    public let baseAddress: UnsafeMutableRawPointer
    public let count: Int
    private let deallocate: @Sendable (UnsafeMutableRawPointer) -> Void

    /// Wraps memory the caller allocated; `deallocate` frees it.
    public init(
        baseAddress: UnsafeMutableRawPointer, count: Int,
        deallocate: @escaping @Sendable (UnsafeMutableRawPointer) -> Void
    ) {
        self.baseAddress = baseAddress
        self.count = count
        self.deallocate = deallocate
    }

    /// Copies `bytes` into new native memory.
    public convenience init<C: Collection>(copying bytes: C) where C.Element == UInt8 {
        let n = bytes.count
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(n, 1), alignment: 16)
        let buffer = UnsafeMutableRawBufferPointer(start: p, count: n)
        _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        self.init(baseAddress: p, count: n) { $0.deallocate() }
    }

    /// Allocates `count` zeroed bytes.
    public convenience init(zeroed count: Int) {
        let p = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1), alignment: 16)
        p.initializeMemory(as: UInt8.self, repeating: 0, count: max(count, 1))
        self.init(baseAddress: p, count: count) { $0.deallocate() }
    }

    deinit { deallocate(baseAddress) }

    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: baseAddress, count: count) }

    /// A `[UInt8]` copy, for tests and small payloads.
    public var array: [UInt8] { Array(bytes) }

    public static func == (a: ByteBuffer, b: ByteBuffer) -> Bool {
        a === b || (a.count == b.count && a.bytes.elementsEqual(b.bytes))
    }
}

extension HostValue {
    /// The JS type name used in WeChat's parameter error messages.
    public var typeName: String {
        switch self {
        case .undefined: "Undefined"
        case .null: "Null"
        case .bool: "Boolean"
        case .number: "Number"
        case .string: "String"
        case .array: "Array"
        case .object: "Object"
        case .bytes: "ArrayBuffer"
        case .function: "Function"
        }
    }

    public var objectValue: HostObjectValue? { if case .object(let o) = self { o } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var numberValue: Double? { if case .number(let n) = self { n } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var arrayValue: [HostValue]? { if case .array(let a) = self { a } else { nil } }

    public subscript(key: String) -> HostValue? { objectValue?[key] }

    /// Builds an object from key/value pairs, in order.
    public static func object(_ pairs: KeyValuePairs<String, HostValue>) -> HostValue {
        .object(HostObjectValue(pairs))
    }
}

extension HostValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    public init(floatLiteral value: Double) { self = .number(value) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: HostValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, HostValue)...) { self = .object(HostObjectValue(pairs: elements)) }
    public init(nilLiteral: ()) { self = .null }
}
