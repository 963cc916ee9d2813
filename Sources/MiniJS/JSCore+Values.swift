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

    /// JS → `HostValue`. ArrayBuffers and typed arrays are copied (JS owns that memory);
    /// functions are held in `functions`. Keys in `skipping` are left out of the top-level object.
    func host(_ v: JSValueRef, functions: FunctionTable, skipping: Set<String> = [], depth: Int = 0) throws -> HostValue {
        switch JSValueGetType(ctx, v) {
        case kJSTypeUndefined: return .undefined
        case kJSTypeNull: return .null
        case kJSTypeBoolean: return .bool(JSValueToBoolean(ctx, v))
        case kJSTypeNumber: return .number(JSValueToNumber(ctx, v, nil))
        case kJSTypeString: return .string(toString(v))
        case kJSTypeSymbol: return .undefined
        default: break
        }
        guard depth < 64 else { throw MediaError.parameter("parameter is nested too deeply;") }
        let o = JSValueToObject(ctx, v, nil)!
        let typed = JSValueGetTypedArrayType(ctx, v, nil)
        if typed == kJSTypedArrayTypeArrayBuffer {
            let n = JSObjectGetArrayBufferByteLength(ctx, o, nil)
            let p = JSObjectGetArrayBufferBytesPtr(ctx, o, nil)
            return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: p, count: n)))
        }
        if typed != kJSTypedArrayTypeNone {
            let n = JSObjectGetTypedArrayByteLength(ctx, o, nil)
            let p = JSObjectGetTypedArrayBytesPtr(ctx, o, nil)
            return .bytes(ByteBuffer(copying: UnsafeRawBufferPointer(start: p, count: n)))
        }
        if JSObjectIsFunction(ctx, o) { return .function(functions.hold(o)) }
        if JSValueIsArray(ctx, v) {
            let n = Int(JSValueToNumber(ctx, get(o, "length"), nil))
            return .array(try (0..<n).map { i in
                try host(JSObjectGetPropertyAtIndex(ctx, o, UInt32(i), nil), functions: functions, depth: depth + 1)
            })
        }
        let names = JSObjectCopyPropertyNames(ctx, o)!
        defer { JSPropertyNameArrayRelease(names) }
        var out = HostObjectValue()
        for i in 0..<JSPropertyNameArrayGetCount(names) {
            let name = JSPropertyNameArrayGetNameAtIndex(names, i)!
            let k = Self.swiftString(name)
            if skipping.contains(k) { continue }
            out[k] = try host(JSObjectGetProperty(ctx, o, name, nil), functions: functions, depth: depth + 1)
        }
        return .object(out)
    }
}

/// JS functions handed to native code, kept alive (protected) and named by `FunctionRef`.
/// The same JS function always gets the same ref.
final class FunctionTable {
    private let core: JSCore
    private var refs: [UInt64: JSObjectRef] = [:]
    private var next: UInt64 = 0

    init(core: JSCore) { self.core = core }

    func hold(_ fn: JSObjectRef) -> FunctionRef {
        for (id, f) in refs where JSValueIsStrictEqual(core.ctx, f, fn) { return FunctionRef(id: id) }
        next += 1
        JSValueProtect(core.ctx, fn)
        refs[next] = fn
        return FunctionRef(id: next)
    }

    func value(_ ref: FunctionRef) -> JSObjectRef? { refs[ref.id] }

    func release(_ ref: FunctionRef) {
        if let f = refs.removeValue(forKey: ref.id) { JSValueUnprotect(core.ctx, f) }
    }
}
