import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost

/// The Swift bodies of the native functions of one context, by function object.
///
/// Native functions are real JS functions (`JSObjectMakeFunctionWithCallback`): they inherit
/// from `Function.prototype`, so `call`/`apply`/`bind` work, `typeof` is `'function'` and they
/// print as `function name() { [native code] }`. Such functions carry no private data, so one C
/// trampoline finds the body here, through the global object's private pointer. Page code can
/// reach neither the table nor the bodies.
final class NativeFunctionTable {
    typealias Body = (_ this: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>) throws -> JSValueRef?
    private var bodies: [Body] = []
    /// Open addressing by the function object's address (identity hash, linear probing): the
    /// lookup runs on every call from JS, and hashing a pointer with SipHash showed in profiles.
    private var keys: [UInt] = Array(repeating: 0, count: 64)
    private var slots: [Int32] = Array(repeating: -1, count: 64)

    func add(_ function: JSObjectRef, _ body: @escaping Body) {
        bodies.append(body)
        if bodies.count * 2 > keys.count { grow() }
        insert(UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(function))), Int32(bodies.count - 1))
    }

    func body(of function: JSObjectRef) -> Body? {
        let key = UInt(bitPattern: Int(bitPattern: UnsafeRawPointer(function)))
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key >> 4) &* 0x9E37_79B9_7F4A_7C15) & mask
        while true {
            let k = keys[i]
            if k == key { return bodies[Int(slots[i])] }
            if k == 0 { return nil }
            i = (i + 1) & mask
        }
    }

    private func insert(_ key: UInt, _ index: Int32) {
        let mask = keys.count - 1
        var i = Int(truncatingIfNeeded: (key >> 4) &* 0x9E37_79B9_7F4A_7C15) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        keys[i] = key
        slots[i] = index
    }

    private func grow() {
        let old = zip(keys, slots).filter { $0.0 != 0 }
        keys = Array(repeating: 0, count: keys.count * 2)
        slots = Array(repeating: -1, count: keys.count)
        for (k, v) in old { insert(k, v) }
    }
}

/// Holds the handle of a native object inside its JS object.
final class NativeInstanceBox {
    let handle: UInt64
    weak var table: ObjectTable?
    init(handle: UInt64, table: ObjectTable) {
        self.handle = handle
        self.table = table
    }
}

/// Native objects JS holds, by handle; an entry goes when JS collects the object.
final class ObjectTable {
    var objects: [UInt64: NativeObject] = [:]
    var wrappers: [UInt64: JSObjectRef] = [:]
    /// Functions held for as long as an object lives (the callback of the listener a factory
    /// made), by handle.
    var owned: [UInt64: FunctionHolds] = [:]
    /// Holds of collected objects, released on the JS thread's next call (not inside the GC's
    /// finalizer, where JSC API calls are not allowed).
    var orphaned: [FunctionHolds] = []

    func own(_ holds: FunctionHolds, handle: UInt64) {
        guard !holds.isEmpty else { return }
        owned[handle, default: FunctionHolds()].refs += holds.refs
    }

    func finalized(_ handle: UInt64) {
        objects.removeValue(forKey: handle)
        wrappers.removeValue(forKey: handle)
        if let holds = owned.removeValue(forKey: handle) { orphaned.append(holds) }
    }
}

/// The JS classes the runtime needs: the global object (whose private data is the native
/// function table) and native object wrappers.
enum NativeClasses {
    nonisolated(unsafe) static let global: JSClassRef = {
        var def = kJSClassDefinitionEmpty
        def.className = UnsafePointer(strdup("global"))
        return JSClassCreate(&def)
    }()

    nonisolated(unsafe) static let instance: JSClassRef = {
        var def = kJSClassDefinitionEmpty
        def.className = UnsafePointer(strdup("NativeObject"))
        def.finalize = { object in
            guard let p = JSObjectGetPrivate(object) else { return }
            let box = Unmanaged<NativeInstanceBox>.fromOpaque(p).takeRetainedValue()
            box.table?.finalized(box.handle)
        }
        return JSClassCreate(&def)
    }()

    /// Runs the body of the native function being called. Swift errors become JS exceptions:
    /// `JSThrow` as is, anything else as an `Error` with the error's description.
    static let trampoline: JSObjectCallAsFunctionCallback = { ctx, function, this, argc, argv, exception in
        guard let ctx, let function, let p = JSObjectGetPrivate(JSContextGetGlobalObject(ctx)),
            let body = Unmanaged<NativeFunctionTable>.fromOpaque(p).takeUnretainedValue().body(of: function)
        else { return JSValueMakeUndefined(ctx) }
        do {
            return try body(this, UnsafeBufferPointer(start: argv, count: argc)) ?? JSValueMakeUndefined(ctx)
        } catch let thrown as JSThrow {
            exception?.pointee = thrown.value
        } catch {
            let message = JSStringCreateWithUTF8CString("\(error)")
            var arg: JSValueRef? = JSValueMakeString(ctx, message)
            JSStringRelease(message)
            exception?.pointee = JSObjectMakeError(ctx, 1, &arg, nil)
        }
        return nil
    }
}

extension JSCore {
    /// A real JS function named `name` that runs `body`. Functions live as long as the context.
    func function(_ name: String, _ body: @escaping NativeFunctionTable.Body) -> JSObjectRef {
        let js = JSStringCreateWithUTF8CString(name)
        defer { JSStringRelease(js) }
        let fn = JSObjectMakeFunctionWithCallback(ctx, js, NativeClasses.trampoline)!
        natives.add(fn, body)
        return fn
    }

    /// The handle stored in a native object's wrapper.
    func handle(of object: JSObjectRef?) -> UInt64? {
        guard let object, JSValueIsObjectOfClass(ctx, object, NativeClasses.instance),
            let p = JSObjectGetPrivate(object)
        else { return nil }
        return Unmanaged<NativeInstanceBox>.fromOpaque(p).takeUnretainedValue().handle
    }
}

/// Reading arguments of native functions defensively: a missing argument is `undefined`.
extension UnsafeBufferPointer where Element == JSValueRef? {
    subscript(safe index: Int) -> JSValueRef? { index < count ? self[index] : nil }
}
