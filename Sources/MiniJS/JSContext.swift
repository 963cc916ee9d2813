import CJavaScriptCore
import MiniCore

/// A thrown JS value, carried through Swift.
/// Only created and caught on the JS thread.
struct JSThrow: Error, @unchecked Sendable {
    let value: JSValueRef
}

/// Thin helpers over the JavaScriptCore C API for one global context. Not thread-safe:
/// used only on the event loop's thread.
final class JSCore {
    let ctx: JSGlobalContextRef
    private var keyCache: [String: JSStringRef] = [:]
    /// The JSON text of the last large result made (`makeViaJSON`): APIs such as
    /// `getSystemInfo` answer the same 30-odd fields call after call.
    var jsonMemo: (value: HostValue, text: [UInt8])?
    /// A key set on every async result, made once.
    let errMsgKey = JSStringCreateWithUTF8CString("errMsg")!

    /// The bodies of native functions, found by the trampoline through the global object's
    /// private data (page code cannot reach it).
    let natives = NativeFunctionTable()
    /// `Object.keys`, captured before any page code runs.
    private(set) var objectKeys: JSObjectRef!
    /// `Object.defineProperty`, captured before any page code runs.
    private(set) var defineProperty: JSObjectRef!
    /// `TypeError`, captured before any page code runs.
    private(set) var typeErrorConstructor: JSObjectRef!
    private(set) var syntaxErrorConstructor: JSObjectRef!

    init() {
        ctx = JSGlobalContextCreate(NativeClasses.global)
        JSObjectSetPrivate(JSContextGetGlobalObject(ctx), Unmanaged.passUnretained(natives).toOpaque())
        let object = JSValueToObject(ctx, JSObjectGetProperty(ctx, global, key("Object"), nil), nil)!
        objectKeys = JSValueToObject(ctx, JSObjectGetProperty(ctx, object, key("keys"), nil), nil)!
        JSValueProtect(ctx, objectKeys)
        defineProperty = JSValueToObject(ctx, JSObjectGetProperty(ctx, object, key("defineProperty"), nil), nil)!
        JSValueProtect(ctx, defineProperty)
        typeErrorConstructor = JSValueToObject(ctx, JSObjectGetProperty(ctx, global, key("TypeError"), nil), nil)!
        JSValueProtect(ctx, typeErrorConstructor)
        syntaxErrorConstructor = JSValueToObject(ctx, JSObjectGetProperty(ctx, global, key("SyntaxError"), nil), nil)!
        JSValueProtect(ctx, syntaxErrorConstructor)
    }

    deinit {
        JSObjectSetPrivate(JSContextGetGlobalObject(ctx), nil)
        for (_, s) in keyCache { JSStringRelease(s) }
        JSStringRelease(errMsgKey)
        JSGlobalContextRelease(ctx)
    }

    var global: JSObjectRef { JSContextGetGlobalObject(ctx) }

    /// A JSStringRef for a property name, cached (names repeat: `errMsg`, `width`…).
    func key(_ s: String) -> JSStringRef {
        if let k = keyCache[s] { return k }
        let k = JSStringCreateWithUTF8CString(s)!
        if keyCache.count < 4096 { keyCache[s] = k } else { return k }  // caller never releases: bounded cache
        return k
    }

    func string(_ s: String) -> JSValueRef {
        let js = JSStringCreateWithUTF8CString(s)
        defer { JSStringRelease(js) }
        return JSValueMakeString(ctx, js)
    }

    static func swiftString(_ js: JSStringRef) -> String {
        let len = JSStringGetLength(js)
        guard len > 0, let chars = JSStringGetCharactersPtr(js) else { return "" }
        let units = UnsafeBufferPointer(start: chars, count: len)
        // Most strings crossing the bridge are ASCII: narrow them without the UTF-16 decoder.
        if len <= 256, units.allSatisfy({ $0 < 0x80 }) {
            return String(unsafeUninitializedCapacity: len) { buffer in
                for i in 0..<len { buffer[i] = UInt8(truncatingIfNeeded: units[i]) }
                return len
            }
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// `String(value)` as JS would print it.
    func toString(_ v: JSValueRef?) -> String {
        guard let v else { return "undefined" }
        guard let js = JSValueToStringCopy(ctx, v, nil) else { return "<unprintable>" }
        defer { JSStringRelease(js) }
        return Self.swiftString(js)
    }

    /// `object[name]`; a getter or Proxy trap that throws reads as `undefined`.
    func get(_ object: JSObjectRef, _ name: String) -> JSValueRef {
        JSObjectGetProperty(ctx, object, key(name), nil) ?? JSValueMakeUndefined(ctx)
    }

    func set(_ object: JSObjectRef, _ name: String, _ value: JSValueRef, attributes: JSPropertyAttributes = 0) {
        JSObjectSetProperty(ctx, object, key(name), value, attributes, nil)
    }

    func object(_ v: JSValueRef) -> JSObjectRef? {
        JSValueIsObject(ctx, v) ? JSValueToObject(ctx, v, nil) : nil
    }

    var undefined: JSValueRef { JSValueMakeUndefined(ctx) }

    /// Evaluates a script; a thrown exception is rethrown as `JSThrow`.
    @discardableResult
    func evaluate(_ source: String, url: String) throws -> JSValueRef {
        let src = JSStringCreateWithUTF8CString(source)
        let u = JSStringCreateWithUTF8CString(url)
        defer {
            JSStringRelease(src)
            JSStringRelease(u)
        }
        var exc: JSValueRef?
        let result = JSEvaluateScript(ctx, src, nil, u, 1, &exc)
        if let exc { throw JSThrow(value: exc) }
        return result ?? undefined
    }

    /// Calls a function; a thrown exception is rethrown as `JSThrow`.
    @discardableResult
    func call(_ fn: JSObjectRef, this: JSObjectRef? = nil, _ args: [JSValueRef?]) throws -> JSValueRef {
        var exc: JSValueRef?
        let result = args.withUnsafeBufferPointer { buf in
            JSObjectCallAsFunction(ctx, fn, this, buf.count, buf.baseAddress, &exc)
        }
        if let exc { throw JSThrow(value: exc) }
        return result ?? undefined
    }

    /// A JS `Error` with `message`.
    func error(_ message: String) -> JSValueRef {
        var arg: JSValueRef? = string(message)
        return JSObjectMakeError(ctx, 1, &arg, nil)
    }

    /// Defines an enumerable accessor property (a live property of a native object's class).
    func defineAccessor(_ target: JSObjectRef, _ name: String, getter: JSObjectRef, setter: JSObjectRef?) {
        let descriptor = JSObjectMake(ctx, nil, nil)!
        set(descriptor, "get", getter)
        if let setter { set(descriptor, "set", setter) }
        set(descriptor, "enumerable", JSValueMakeBoolean(ctx, true))
        set(descriptor, "configurable", JSValueMakeBoolean(ctx, true))
        _ = try? call(defineProperty, [target, string(name), descriptor])
    }

    /// A JS `TypeError` with `message`.
    func typeError(_ message: String) -> JSValueRef {
        var arg: JSValueRef? = string(message)
        return JSObjectCallAsConstructor(ctx, typeErrorConstructor, 1, &arg, nil) ?? error(message)
    }

    /// A JS `SyntaxError` with `message`.
    func syntaxError(_ message: String) -> JSValueRef {
        var arg: JSValueRef? = string(message)
        return JSObjectCallAsConstructor(ctx, syntaxErrorConstructor, 1, &arg, nil) ?? error(message)
    }

    /// `"Name: message\n    at …"` for an exception value.
    func describe(_ exception: JSValueRef) -> String {
        var text = toString(exception)
        // An Error made natively (outside running JS) has no stack: its text says it all.
        if let o = object(exception), !JSValueIsString(ctx, get(o, "stack")), text.hasPrefix("[object "),
            let json = JSValueCreateJSONString(ctx, exception, 0, nil)
        {
            // A thrown or rejected plain object (e.g. a platform error `{errMsg, errno}`).
            defer { JSStringRelease(json) }
            return Self.swiftString(json)
        }
        if let o = object(exception) {
            let stack = get(o, "stack")
            if JSValueIsString(ctx, stack) {
                let s = toString(stack)
                if !s.isEmpty { text += "\n" + s.split(separator: "\n").map { "    at " + $0 }.joined(separator: "\n") }
            }
        }
        return text
    }
}
