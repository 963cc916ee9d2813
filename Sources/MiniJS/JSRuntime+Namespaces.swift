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
        switch decl.kind {
        case .async(let body, let sync, let promise):
            // "<api>:ok" made once per API, not per call (released with the runtime's context).
            let ok = JSStringCreateWithUTF8CString("\(decl.name):ok")!
            // Called by the prelude's wrapper as start(receiver, options).
            let start = core.function { [unowned self] _, args in
                let receiver = isMethod && !args.isEmpty ? args[0].flatMap { core.object($0) } : nil
                return try callAsync(
                    decl.name, body, adapter: adapter, okMessage: ok, this: receiver, UnsafeBufferPointer(rebasing: args.dropFirst()))
            }
            guard let wrapAsync = core.object(core.get(core.global, "__mm_wrapAsync")) else { return }
            let usesPromise: JSValueRef = JSValueMakeBoolean(core.ctx, promise && session.dialect.promisifies)!
            core.set(target, decl.name, try core.call(wrapAsync, [start, usesPromise, core.string(decl.name)]))
            if let sync {
                core.set(target, sync.name, core.function { [unowned self] this, args in
                    try callSync(sync.name, parameters: sync.parameters, returns: sync.returns, adapter: adapter,
                        this: isMethod ? this : nil, args) { request in try body.runInline(request) }
                })
            }
        case .direct(let fn):
            core.set(target, decl.name, core.function { [unowned self] this, args in
                try callSync(decl.name, parameters: decl.parameters, returns: nil, adapter: adapter,
                    this: isMethod ? this : nil, args, fn)
            })
        case .factory(let make):
            core.set(target, decl.name, core.function { [unowned self] this, args in
                let request = try request(decl.name, parameters: decl.parameters, this: isMethod ? this : nil, args, skipping: [])
                do {
                    return wrap(try make(request))
                } catch {
                    throw JSThrow(value: syncError(decl.name, MediaError.wrap(error)))
                }
            })
        case .event(let event):
            let handleOf = core.function { [unowned self] _, args in
                let handle = args.isEmpty ? nil : core.handle(of: core.object(args[0]!))
                return JSValueMakeNumber(core.ctx, Double(handle ?? 0))
            }
            guard let define = core.object(core.get(core.global, "__mm_defineEvent")) else { return }
            try core.call(define, [target, core.string(decl.name), core.string(event), handleOf])
        case .constant(let value):
            core.set(target, decl.name, core.make(value(session.dialect), functions: functions))
        }
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
        case .async: throw MediaError(.notSupported, "has no sync form")
        }
    }
}
