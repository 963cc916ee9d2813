import CJavaScriptCore
import MiniCore
import MiniHost

/// Builds `wx`, `swan`, `tt`, `my` and the native object prototypes from the API registry.
extension JSRuntime {
    func installNamespaces() throws {
        let registry = session.registry
        for (name, objectClass) in registry.classes {
            let proto = JSObjectMake(core.ctx, nil, nil)!
            JSValueProtect(core.ctx, proto)
            for member in objectClass.members {
                try install(member, on: proto, isMethod: true)
            }
            prototypes[name] = proto
        }
        for dialect in Dialect.allCases {
            let ns = JSObjectMake(core.ctx, nil, nil)!
            for decl in registry.globals where decl.dialects.contains(dialect) {
                try install(decl, on: ns, isMethod: false)
            }
            core.set(core.global, dialect.namespace, ns)
        }
    }

    private func install(_ decl: APIDeclaration, on target: JSObjectRef, isMethod: Bool) throws {
        let adapter = try decl.resultAdapter.map { try adapterFunction($0) }
        let name = decl.name
        switch decl.kind {
        case .async(let body, let sync, let promise):
            // "<api>:ok" made once per API, not per call (released with the runtime's context).
            let ok = JSStringCreateWithUTF8CString("\(name):ok")!
            let usesPromise: JSValueRef = JSValueMakeBoolean(core.ctx, promise && session.dialect.promisifies)
            let arguments = try decl.argumentAdapter.map { try adapterFunction($0) }
            core.set(target, name, core.function(name) { [unowned self] this, args in
                try adapted(arguments, args) { args in
                    try callAsync(name, body, adapter: adapter, okMessage: ok, usesPromise: usesPromise, this: isMethod ? this : nil, args)
                }
            })
            if let sync {
                core.set(target, sync.name, core.function(sync.name) { [unowned self] this, args in
                    try adapted(arguments, args) { args in
                        try callSync(sync.name, parameters: sync.parameters, returns: sync.returns, adapter: adapter,
                            this: isMethod ? this : nil, args) { request in try body.runInline(request) }
                    }
                })
            }
        case .direct(let fn):
            core.set(target, name, core.function(name) { [unowned self] this, args in
                try callSync(name, parameters: decl.parameters, returns: nil, adapter: adapter,
                    this: isMethod ? this : nil, args, fn)
            })
        case .factory(let make):
            core.set(target, name, core.function(name) { [unowned self] this, args in
                // Functions in the arguments (a listener's callback) live as long as the object made.
                var holds = FunctionHolds()
                do {
                    let request = try self.request(name, parameters: decl.parameters, this: isMethod ? this : nil, args, holds: &holds)
                    let object = wrap(try make(request))
                    if let handle = core.handle(of: object) { objects.own(holds, handle: handle) } else { functions.release(holds) }
                    return object
                } catch let t as JSThrow {
                    functions.release(holds)
                    throw t
                } catch {
                    functions.release(holds)
                    throw JSThrow(value: syncError(name, MediaError.wrap(error)))
                }
            })
        case .event(let event):
            let offName = "off" + name.dropFirst(2)
            for (fnName, helper) in [(name, decl.repeatsListeners ? "onEach" : "on"), (offName, "off")] {
                guard let impl = core.object(core.get(helpers, helper)) else { continue }
                core.set(target, fnName, core.function(fnName) { [unowned self] this, args in
                    let handle = isMethod ? core.handle(of: this) ?? 0 : 0
                    return try core.call(impl, [JSValueMakeNumber(core.ctx, Double(handle)), core.string(event), args[safe: 0] ?? core.undefined])
                })
            }
        case .property(let get, let set):
            let getter = core.function("get " + name) { [unowned self] this, args in
                try callSync(name, parameters: [], returns: nil, adapter: nil, this: this, args, get)
            }
            let setter = set.map { set in
                core.function("set " + name) { [unowned self] this, args in
                    try callSync(name, parameters: ["value"], returns: .nothing, adapter: nil, this: this, args) { request in
                        try set(request)
                        return .undefined
                    }
                }
            }
            core.defineAccessor(target, name, getter: getter, setter: setter)
        case .constant(let value):
            core.set(target, name, core.make(value(session.dialect), functions: functions))
        }
    }

    /// Runs `body` with the arguments `adapter` (an argument adapter) returns, or unchanged.
    private func adapted(
        _ adapter: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>,
        _ body: (UnsafeBufferPointer<JSValueRef?>) throws -> JSValueRef?
    ) throws -> JSValueRef? {
        guard let adapter else { return try body(args) }
        let out = try core.call(adapter, Array(args))
        guard let array = core.object(out) else { return try body(args) }
        let length = JSValueToNumber(core.ctx, core.get(array, "length"), nil)
        let count = length.isFinite && length > 0 ? Int(min(length, 16)) : 0
        let values: [JSValueRef?] = (0..<count).map { JSObjectGetPropertyAtIndex(core.ctx, array, UInt32($0), nil) }
        return try values.withUnsafeBufferPointer { try body($0) }
    }

    private func adapterFunction(_ source: String) throws -> JSObjectRef {
        if let f = adapters[source] { return f }
        guard let f = core.object(try core.evaluate(source, url: "minimedia://adapter.js")) else {
            throw MediaError.internalError("result adapter is not a function")
        }
        JSValueProtect(core.ctx, f)
        adapters[source] = f
        return f
    }

    /// The JS object for a native object (the same one each time for the same object).
    func wrap(_ object: NativeObject) -> JSObjectRef {
        if let existing = objects.wrappers[object.handle] { return existing }
        let box = Unmanaged.passRetained(NativeInstanceBox(handle: object.handle, table: objects)).toOpaque()
        let js = JSObjectMake(core.ctx, NativeClasses.instance, box)!
        if let proto = prototypes[object.className] { JSObjectSetPrototype(core.ctx, js, proto) }
        objects.objects[object.handle] = object
        objects.wrappers[object.handle] = js
        return js
    }

    func target(of this: JSObjectRef?) -> NativeObject? {
        core.handle(of: this).flatMap { objects.objects[$0] }
    }
}

extension APIBody {
    /// Runs an `immediate` or `blocking` body on the calling thread (sync forms only).
    func runInline(_ request: APIRequest) throws -> HostValue {
        switch self {
        case .immediate(let f), .blocking(let f): return try f(request)
        case .async, .ordered: throw MediaError(.notSupported, "has no sync form")
        }
    }
}
