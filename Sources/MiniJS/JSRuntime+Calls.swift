import CJavaScriptCore
import Dispatch
import MiniCore
import MiniHost

/// Async (callbacks / Promise) and sync calls from JS into the registry's handlers.
extension JSRuntime {
    static let callbackKeys: Set<String> = ["success", "fail", "complete"]

    func request(
        _ api: String, parameters: [String]?, this: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>,
        skipping: Set<String>
    ) throws -> APIRequest {
        let target = target(of: this)
        if this != nil && target == nil && core.handle(of: this) != nil {
            throw JSThrow(value: core.error("\(api): the object was destroyed"))
        }
        let value: HostValue
        if let parameters {
            var o = HostObjectValue()
            for (i, name) in parameters.enumerated() where i < args.count {
                o[name] = try core.host(args[i]!, functions: functions)
            }
            value = .object(o)
        } else {
            value = args.isEmpty ? .undefined : try core.host(args[0]!, functions: functions, skipping: skipping)
        }
        return APIRequest(api: api, args: value, session: session, target: target, isUserGesture: inUserGesture)
    }

    func callAsync(
        _ api: String, _ body: APIBody, promise: Bool, adapter: JSObjectRef?, this: JSObjectRef?,
        _ args: UnsafeBufferPointer<JSValueRef?>
    ) throws -> JSValueRef? {
        var success: JSObjectRef?
        var fail: JSObjectRef?
        var complete: JSObjectRef?
        if let first = args.first, let o = first.flatMap({ core.object($0) }), !JSObjectIsFunction(core.ctx, o) {
            success = callback(o, core.successKey)
            fail = callback(o, core.failKey)
            complete = callback(o, core.completeKey)
        }
        var result: JSValueRef?
        if success == nil && fail == nil && complete == nil && promise && session.dialect.promisifies {
            var resolve: JSObjectRef?
            var reject: JSObjectRef?
            result = JSObjectMakeDeferredPromise(core.ctx, &resolve, &reject, nil)
            success = resolve
            fail = reject
        }
        for f in [success, fail, complete] { if let f { JSValueProtect(core.ctx, f) } }
        nextCall += 1
        let id = nextCall
        pending[id] = PendingCall(api: api, success: success, fail: fail, complete: complete, adapter: adapter)
        let request: APIRequest
        do {
            request = try self.request(api, parameters: nil, this: this, args, skipping: Self.callbackKeys)
        } catch let e as JSThrow {
            pending[id] = nil
            for f in [success, fail, complete] { if let f { JSValueUnprotect(core.ctx, f) } }
            throw e
        } catch {
            let e = MediaError.wrap(error)
            loop.postLocal { [unowned self] in deliver(id, .failure(e)) }
            return result
        }
        switch body {
        case .immediate(let f):
            // Runs now; callbacks still arrive asynchronously, from the loop's local queue.
            let r = Result { try f(request) }.mapError(MediaError.wrap)
            loop.postLocal { [unowned self] in deliver(id, r) }
        case .blocking(let f):
            loop.beginCall()
            DispatchQueue.global().async { [unowned self] in
                let r = Result { try f(request) }.mapError(MediaError.wrap)
                loop.finishCall { [unowned self] in deliver(id, r) }
            }
        case .async(let f):
            loop.beginCall()
            Task { [unowned self] in
                let r: Result<HostValue, MediaError>
                do { r = .success(try await f(request)) } catch { r = .failure(MediaError.wrap(error)) }
                loop.finishCall { [unowned self] in deliver(id, r) }
            }
        }
        return result
    }

    private func callback(_ o: JSObjectRef, _ name: JSStringRef) -> JSObjectRef? {
        guard let v = JSObjectGetProperty(core.ctx, o, name, nil), JSValueIsObject(core.ctx, v),
            let f = JSValueToObject(core.ctx, v, nil), JSObjectIsFunction(core.ctx, f)
        else { return nil }
        return f
    }

    /// Runs on the JS thread: success/fail, then complete.
    func deliver(_ id: Int, _ result: Result<HostValue, MediaError>) {
        guard let call = pending.removeValue(forKey: id) else { return }
        defer { for f in [call.success, call.fail, call.complete] { if let f { JSValueUnprotect(core.ctx, f) } } }
        guard uncaughtError == nil else { return }
        let dialect = session.dialect
        switch result {
        case .success(let value):
            var res = core.make(dialect.success(api: call.api, result: value), functions: functions)
            if let adapter = call.adapter, let adapted = guarded({ try core.call(adapter, [res]) }) { res = adapted }
            if let s = call.success { _ = guarded { try core.call(s, [res]) } }
            if let c = call.complete { _ = guarded { try core.call(c, [res]) } }
        case .failure(let error):
            let res = core.make(dialect.failure(api: call.api, error: error), functions: functions)
            if let f = call.fail { _ = guarded { try core.call(f, [res]) } }
            if let c = call.complete { _ = guarded { try core.call(c, [res]) } }
        }
    }

    /// A sync call: returns the value directly or throws an `Error` whose message is
    /// `<api>:fail <reason>`, carrying the dialect's error fields.
    func callSync(
        _ api: String, parameters: [String]?, returns: SyncForm.Returns?, adapter: JSObjectRef?, this: JSObjectRef?,
        _ args: UnsafeBufferPointer<JSValueRef?>, _ body: (APIRequest) throws -> HostValue
    ) throws -> JSValueRef? {
        let value: HostValue
        do {
            value = try body(try request(api, parameters: parameters, this: this, args, skipping: []))
        } catch let t as JSThrow {
            throw t
        } catch {
            throw JSThrow(value: syncError(api, MediaError.wrap(error)))
        }
        guard let returns else { return core.make(value, functions: functions) }
        var res = core.make(value, functions: functions)
        if let adapter { res = try core.call(adapter, [res]) }
        switch returns {
        case .object: return res
        case .field(let name): return core.object(res).map { core.get($0, name) }
        case .nothing: return nil
        }
    }

    func syncError(_ api: String, _ error: MediaError) -> JSValueRef {
        let e = core.error(session.dialect.failureMessage(api: api, error: error))
        if let o = core.object(e), case .object(let fields) = session.dialect.failure(api: api, error: error) {
            for (k, v) in fields { core.set(o, k, core.make(v, functions: functions)) }
        }
        return e
    }
}
