import CJavaScriptCore
import MiniCore

/// Converts between `HostValue` and JS values.
extension JSCore {
    /// `HostValue` → JS. Byte buffers become ArrayBuffers over the same memory (no copy);
    /// the buffer stays alive until JS collects the ArrayBuffer.
    func make(_ value: HostValue, functions: FunctionTable) -> JSValueRef {
        switch value {
        case .undefined: return JSValueMakeUndefined(ctx)
        case .null: return JSValueMakeNull(ctx)
        case .bool(let b): return JSValueMakeBoolean(ctx, b)
        case .number(let n): return JSValueMakeNumber(ctx, n)
        case .string(let s): return string(s)
        case .array(let items):
            let values: [JSValueRef?] = items.map { make($0, functions: functions) }
            return values.withUnsafeBufferPointer { JSObjectMakeArray(ctx, $0.count, $0.baseAddress, nil) }
        case .object(let o):
            if o.count > 2, let fast = makeViaJSON(value) { return fast }
            let obj = JSObjectMake(ctx, nil, nil)!
            for (k, v) in o { JSObjectSetProperty(ctx, obj, key(k), make(v, functions: functions), 0, nil) }
            return obj
        case .bytes(let buffer): return makeArrayBuffer(buffer)
        case .function(let ref): return functions.value(ref) ?? JSValueMakeUndefined(ctx)
        }
    }

    func makeArrayBuffer(_ buffer: ByteBuffer) -> JSValueRef {
        let context = Unmanaged.passRetained(buffer).toOpaque()
        return JSObjectMakeArrayBufferWithBytesNoCopy(
            ctx, buffer.baseAddress, buffer.count,
            { _, context in Unmanaged<ByteBuffer>.fromOpaque(context!).release() }, context, nil)
    }

    /// JS → `HostValue`, total: whatever page code passes (throwing getters, Proxies whose
    /// traps throw, cycles, huge sparse arrays, shared subtrees, giant strings) becomes either a
    /// value or a `parameter error` naming the path, never a crash. ArrayBuffers and typed arrays
    /// are copied (JS owns that memory); functions are held in `functions`, each hold listed in
    /// `holds` (also when the conversion throws) for the caller to release. Only own enumerable
    /// string keys are read, as `Object.keys` (captured before page code runs) lists them; `keys`,
    /// when given, is that list for the top-level object, already made (by the prelude's `begin`).
    func host(
        _ v: JSValueRef, functions: FunctionTable, keys: JSObjectRef? = nil, limits: ConversionLimits = .options,
        root: String = "parameter", holds: inout FunctionHolds
    ) throws -> HostValue {
        var budget = limits
        defer { holds.refs += budget.holds.refs }
        return try host(v, functions: functions, keys: keys, path: root, depth: 0, budget: &budget)
    }

    private func host(
        _ v: JSValueRef, functions: FunctionTable, keys: JSObjectRef?, path: @autoclosure () -> String, depth: Int,
        budget: inout ConversionLimits
    ) throws -> HostValue {
        budget.nodes -= 1
        guard budget.nodes >= 0 else {
            throw MediaError.parameter("\(path()) has too many values (more than \(budget.maxNodes));")
        }
        switch JSValueGetType(ctx, v) {
        case kJSTypeUndefined: return .undefined
        case kJSTypeNull: return .null
        case kJSTypeBoolean: return .bool(JSValueToBoolean(ctx, v))
        case kJSTypeNumber: return .number(JSValueToNumber(ctx, v, nil))
        case kJSTypeString:
            guard let js = JSValueToStringCopy(ctx, v, nil) else { return .string("") }
            defer { JSStringRelease(js) }
            let length = JSStringGetLength(js)
            budget.stringUnits -= length
            guard budget.stringUnits >= 0 else {
                throw MediaError.parameter("\(path()) is too long (strings over \(budget.maxStringUnits) characters in all);")
            }
            return .string(Self.swiftString(js))
        case kJSTypeSymbol: return .undefined
        default: break
        }
        guard depth < budget.maxDepth else { throw MediaError.parameter("\(path()) is nested too deeply (or cyclic);") }
        var exception: JSValueRef?
        guard let o = JSValueToObject(ctx, v, &exception), exception == nil else {
            throw MediaError.parameter("\(path()) could not be read;")
        }
        // An object reached again: a cycle fails at once; a shared subtree is charged its size
        // without walking it again (a DAG of shared objects cannot blow up exponentially).
        if let visit = budget.visited[o] {
            guard case .done(let value, let size) = visit else {
                throw MediaError.parameter("\(path()) refers back to itself (cyclic);")
            }
            budget.nodes -= size - 1
            guard budget.nodes >= 0 else {
                throw MediaError.parameter("\(path()) has too many values (more than \(budget.maxNodes));")
            }
            return value
        }
        budget.visited[o] = .inProgress
        let nodesBefore = budget.nodes
        let value = try object(o, v, functions: functions, keys: keys, path: path(), depth: depth, budget: &budget)
        budget.visited[o] = .done(value, size: nodesBefore - budget.nodes + 1)
        return value
    }

    private func object(
        _ o: JSObjectRef, _ v: JSValueRef, functions: FunctionTable, keys: JSObjectRef?, path: @autoclosure () -> String,
        depth: Int, budget: inout ConversionLimits
    ) throws -> HostValue {
        var exception: JSValueRef?
        let typed = JSValueGetTypedArrayType(ctx, v, &exception)
        if exception == nil, typed == kJSTypedArrayTypeArrayBuffer || typed != kJSTypedArrayTypeNone {
            let isBuffer = typed == kJSTypedArrayTypeArrayBuffer
            let n = isBuffer ? JSObjectGetArrayBufferByteLength(ctx, o, &exception) : JSObjectGetTypedArrayByteLength(ctx, o, &exception)
            let p = isBuffer ? JSObjectGetArrayBufferBytesPtr(ctx, o, &exception) : JSObjectGetTypedArrayBytesPtr(ctx, o, &exception)
            guard exception == nil, n <= budget.maxBytes else {
                throw MediaError.parameter("\(path()) is a buffer that cannot be read (detached or over \(budget.maxBytes) bytes);")
            }
            budget.maxBytes -= n
            if isBuffer == false, let p {
                let offset = JSObjectGetTypedArrayByteOffset(ctx, o, nil)
                return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: p + offset, count: n)))
            }
            return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: p, count: n)))
        }
        if JSObjectIsFunction(ctx, o) { return .function(functions.hold(o, into: &budget.holds)) }
        if JSValueIsArray(ctx, v) {
            let lengthValue = JSObjectGetProperty(ctx, o, key("length"), &exception)
            let length = exception == nil ? lengthValue.map { JSValueToNumber(ctx, $0, nil) } ?? .nan : .nan
            guard length.isFinite, length >= 0, length <= Double(budget.nodes) else {
                throw MediaError.parameter("\(path()) is an array too long to read (length \(JSNumber.format(length)));")
            }
            var items: [HostValue] = []
            items.reserveCapacity(Int(length))
            for i in 0..<Int(length) {
                let item = JSObjectGetPropertyAtIndex(ctx, o, UInt32(i), &exception)
                guard exception == nil, let item else { throw MediaError.parameter("\(path())[\(i)] could not be read;") }
                items.append(try host(item, functions: functions, keys: nil, path: "\(path())[\(i)]", depth: depth + 1, budget: &budget))
            }
            return .array(items)
        }
        let names = try keys.map { keyNames(in: $0) } ?? ownKeys(o, path: path())
        var out = HostObjectValue()
        for name in names {
            let value = JSObjectGetProperty(ctx, o, key(name), &exception)
            guard exception == nil, let value else { throw MediaError.parameter("\(path()).\(name) could not be read;") }
            out[name] = try host(value, functions: functions, keys: nil, path: "\(path()).\(name)", depth: depth + 1, budget: &budget)
        }
        return .object(out)
    }

    /// `Object.keys(o)`, through the intrinsic captured at start-up; a throwing Proxy trap is a
    /// parameter error.
    func ownKeys(_ o: JSObjectRef, path: String) throws -> [String] {
        var exception: JSValueRef?
        var arg: JSValueRef? = o
        guard let list = JSObjectCallAsFunction(ctx, objectKeys, nil, 1, &arg, &exception), exception == nil,
            let array = JSValueToObject(ctx, list, nil)
        else { throw MediaError.parameter("\(path)'s keys could not be read;") }
        return keyNames(in: array)
    }

    /// The strings in a JS array of keys.
    private func keyNames(in array: JSObjectRef) -> [String] {
        let length = JSValueToNumber(ctx, get(array, "length"), nil)
        let count = length.isFinite && length > 0 ? Int(min(length, 16_777_216)) : 0
        var names: [String] = []
        names.reserveCapacity(count)
        for i in 0..<count {
            let v = JSObjectGetPropertyAtIndex(ctx, array, UInt32(i), nil)
            guard let v, let js = JSValueToStringCopy(ctx, v, nil) else { continue }
            names.append(Self.swiftString(js))
            JSStringRelease(js)
        }
        return names
    }
}

/// Bounds on what one conversion from JS may read, so hostile values fail fast instead of
/// taking seconds and gigabytes.
struct ConversionLimits: @unchecked Sendable {
    var maxDepth: Int
    /// Values in all (shared subtrees count each time they are reached).
    let maxNodes: Int
    var nodes: Int
    /// UTF-16 code units over all strings.
    let maxStringUnits: Int
    var stringUnits: Int
    /// Bytes over all ArrayBuffers and typed arrays.
    var maxBytes: Int
    /// Objects met so far in this conversion (JS thread only; empty in the shared presets).
    var visited: [OpaquePointer: Visit] = [:]
    /// The functions this conversion held.
    var holds = FunctionHolds()

    enum Visit {
        case inProgress
        case done(HostValue, size: Int)
    }

    init(depth: Int, nodes: Int, stringUnits: Int, bytes: Int) {
        maxDepth = depth
        maxNodes = nodes
        self.nodes = nodes
        maxStringUnits = stringUnits
        self.stringUnits = stringUnits
        maxBytes = bytes
    }

    /// An API's options or arguments.
    static let options = ConversionLimits(depth: 64, nodes: 200_000, stringUnits: 64 << 20, bytes: 256 << 20)
    /// A `setData` payload (WeChat caps one at 1 MB of JSON; this is looser but bounded).
    static let setData = ConversionLimits(depth: 64, nodes: 200_000, stringUnits: 16 << 20, bytes: 16 << 20)
}
