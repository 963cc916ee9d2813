import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost

/// A Swift closure callable from JS. Errors it throws become JS exceptions: `JSThrow` as is,
/// anything else as an `Error` with the error's description.
final class NativeFunctionBox {
    typealias Body = (_ this: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>) throws -> JSValueRef?
    let body: Body
    init(_ body: @escaping Body) { self.body = body }
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
}

/// The two JS classes the runtime needs: callable native functions and native object wrappers.
enum NativeClasses {
    nonisolated(unsafe) static let function: JSClassRef = {
        var def = kJSClassDefinitionEmpty
        def.className = UnsafePointer(strdup("NativeFunction"))
        def.callAsFunction = { ctx, function, this, argc, argv, exception in
            let box = Unmanaged<NativeFunctionBox>.fromOpaque(JSObjectGetPrivate(function)!).takeUnretainedValue()
            do {
                return try box.body(this, UnsafeBufferPointer(start: argv, count: argc)) ?? JSValueMakeUndefined(ctx)
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
        def.finalize = { object in
            if let p = JSObjectGetPrivate(object) { Unmanaged<NativeFunctionBox>.fromOpaque(p).release() }
        }
        return JSClassCreate(&def)
    }()

    nonisolated(unsafe) static let instance: JSClassRef = {
        var def = kJSClassDefinitionEmpty
        def.className = UnsafePointer(strdup("NativeObject"))
        def.finalize = { object in
            guard let p = JSObjectGetPrivate(object) else { return }
            let box = Unmanaged<NativeInstanceBox>.fromOpaque(p).takeRetainedValue()
            box.table?.objects.removeValue(forKey: box.handle)
            box.table?.wrappers.removeValue(forKey: box.handle)
        }
        return JSClassCreate(&def)
    }()
}

extension JSCore {
    /// A JS function that runs `body`.
    func function(_ body: @escaping NativeFunctionBox.Body) -> JSObjectRef {
        let box = Unmanaged.passRetained(NativeFunctionBox(body)).toOpaque()
        return JSObjectMake(ctx, NativeClasses.function, box)
    }

    /// The handle stored in a native object's wrapper.
    func handle(of object: JSObjectRef?) -> UInt64? {
        guard let object, JSValueIsObjectOfClass(ctx, object, NativeClasses.instance),
            let p = JSObjectGetPrivate(object)
        else { return nil }
        return Unmanaged<NativeInstanceBox>.fromOpaque(p).takeUnretainedValue().handle
    }
}
