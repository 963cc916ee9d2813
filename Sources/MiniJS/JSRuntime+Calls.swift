import CJavaScriptCore
import Dispatch
import MiniCore
import MiniHost

/// Async (callbacks / Promise) and sync calls from JS into the registry's handlers.
extension JSRuntime {
    /// The request for a call; the functions its arguments hold are added to `holds`, which the
    /// caller releases when the call ends.
    func request(
        _ api: String, parameters: [String]?, this: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>,
        keys: JSObjectRef? = nil, holds: inout FunctionHolds
    ) throws -> APIRequest {
        releaseOrphanedFunctions()
        let target = try target(api, this)
        let value: HostValue
        if let parameters {
            var o = HostObjectValue()
            for (i, name) in parameters.enumerated() where i < args.count {
                o[name] = try core.host(args[i] ?? core.undefined, functions: functions, holds: &holds)
            }
            value = .object(o)
        } else {
            value = try core.host(args[safe: 0] ?? core.undefined, functions: functions, keys: keys, holds: &holds)
        }
        return APIRequest(api: api, args: value, session: session, target: target, isUserGesture: inUserGesture)
    }

    /// Releases the functions of native objects JS has collected since the last call.
    func releaseOrphanedFunctions() {
        guard !objects.orphaned.isEmpty else { return }
        let orphaned = objects.orphaned
        objects.orphaned = []
        for holds in orphaned { functions.release(holds) }
    }

    /// The native object a method was called on (nil for globals); a destroyed one throws.
    func target(_ api: String, _ this: JSObjectRef?) throws -> NativeObject? {
        guard let this else { return nil }
        let target = target(of: this)
        if target == nil && core.handle(of: this) != nil {
            throw JSThrow(value: core.error("\(api): the object was destroyed"))
        }
        return target
    }

    /// Starts an async call: `api({…, success, fail, complete})`, or a Promise when no callback
    /// is given and the dialect promisifies. One call to the prelude's `begin` keeps the callbacks
    /// (or the Promise's resolve/reject) in a JS map under the call's id; `deliver` settles the
    /// call with one `settle(id, ok, res)`. Returns `undefined` or the Promise. Functions in the
    /// options (other than the callbacks) are held until the result is delivered.
    func callAsync(
        _ api: String, _ body: APIBody, adapter: JSObjectRef?, okMessage: JSStringRef, usesPromise: JSValueRef,
        this: JSObjectRef?, _ args: UnsafeBufferPointer<JSValueRef?>
    ) throws -> JSValueRef? {
        nextCall += 1
        let id = nextCall
        let idValue = JSValueMakeNumber(core.ctx, Double(id))!
        let keys = try core.call(begin, [idValue, args[safe: 0] ?? core.undefined, usesPromise, beginOut])
        let result = JSValueToBoolean(core.ctx, usesPromise) ? JSObjectGetPropertyAtIndex(core.ctx, beginOut, 0, nil) : nil
        pending[id] = PendingCall(api: api, okMessage: okMessage, adapter: adapter)
        let request: APIRequest
        var holds = FunctionHolds()
        defer { if !holds.isEmpty { pending[id]?.holds = holds } }
        do {
            if JSValueIsBoolean(core.ctx, keys) { throw MediaError.parameter("parameter could not be read;") }
            // An options object with callbacks only (begin saw no other key) needs no conversion.
            request = JSValueIsNull(core.ctx, keys)
                ? APIRequest(api: api, args: .object([:]), session: session, target: try target(api, this), isUserGesture: inUserGesture)
                : try self.request(api, parameters: nil, this: this, args, keys: core.object(keys), holds: &holds)
        } catch let e as JSThrow {
            pending[id] = nil
            functions.release(holds)
            holds = FunctionHolds()
            _ = try? core.call(settle, [idValue, JSValueMakeBoolean(core.ctx, false), core.undefined])
            throw e
        } catch {
            let e = MediaError.wrap(error)
            loop.postLocal { [weak self] in self?.deliver(id, .failure(e)) }
            return result
        }
        switch body {
        case .immediate(let f):
            // Runs now; callbacks still arrive asynchronously, from the loop's local queue.
            let r = Result { try f(request) }.mapError(MediaError.wrap)
            loop.postLocal { [weak self] in self?.deliver(id, r) }
        case .blocking(let f):
            loop.beginCall()
            // The work holds the loop, not the runtime: a runtime stopped meanwhile is simply gone.
            let loop = self.loop
            DispatchQueue.global().async { [weak self] in
                let r = Result { try f(request) }.mapError(MediaError.wrap)
                loop.finishCall { [weak self] in self?.deliver(id, r) }
            }
        case .async(let f):
            finish(id) { try await f(request) }
        case .ordered(let f):
            // Queued now, on the JS thread, so its work starts in call order.
            do {
                let task = try f(request)
                finish(id) { try await task.value }
            } catch {
                let e = MediaError.wrap(error)
                loop.postLocal { [weak self] in self?.deliver(id, .failure(e)) }
            }
        }
        return result
    }

    /// Awaits `work` off the JS thread and delivers its result to call `id`.
    private func finish(_ id: Int, _ work: @escaping @Sendable () async throws -> HostValue) {
        loop.beginCall()
        let loop = self.loop
        Task { [weak self] in
            let r: Result<HostValue, MediaError>
            do { r = .success(try await work()) } catch { r = .failure(MediaError.wrap(error)) }
            loop.finishCall { [weak self] in self?.deliver(id, r) }
        }
    }

    /// Runs on the JS thread: shapes the result for the dialect and settles the call in JS
    /// (success or fail, then complete).
    func deliver(_ id: Int, _ result: Result<HostValue, MediaError>) {
        guard let call = pending.removeValue(forKey: id) else { return }
        defer { functions.release(call.holds) }
        guard uncaughtError == nil else { return }
        let dialect = session.dialect
        let ok: Bool
        var res: JSValueRef
        switch result {
        case .success(let value):
            // The dialect's success shape, built without copying the result to add errMsg.
            res = core.make(value.objectValue != nil ? value : .object([:]), functions: functions)
            if dialect.successCarriesErrMsg, let o = core.object(res) {
                JSObjectSetProperty(core.ctx, o, core.errMsgKey, JSValueMakeString(core.ctx, call.okMessage), 0, nil)
            }
            if let adapter = call.adapter, let adapted = guarded({ try core.call(adapter, [res]) }) { res = adapted }
            ok = true
            if reportsAPICalls { observer?(.apiCall(name: call.api, ok: true, result: dialect.success(api: call.api, result: value))) }
        case .failure(let error):
            let shaped = session.failure(api: call.api, error: error)
            res = core.make(shaped, functions: functions)
            ok = false
            if reportsAPICalls { observer?(.apiCall(name: call.api, ok: false, result: shaped)) }
        }
        _ = guarded { try core.call(settle, [JSValueMakeNumber(core.ctx, Double(id)), JSValueMakeBoolean(core.ctx, ok), res]) }
    }

    /// A sync call: returns the value directly or throws an `Error` whose message is
    /// `<api>:fail <reason>`, carrying the dialect's error fields.
    func callSync(
        _ api: String, parameters: [String]?, returns: SyncForm.Returns?, adapter: JSObjectRef?, this: JSObjectRef?,
        _ args: UnsafeBufferPointer<JSValueRef?>, _ body: (APIRequest) throws -> HostValue
    ) throws -> JSValueRef? {
        let value: HostValue
        var holds = FunctionHolds()
        defer { functions.release(holds) }
        do {
            value = try body(try request(api, parameters: parameters, this: this, args, holds: &holds))
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
        if let o = core.object(e), case .object(let fields) = session.failure(api: api, error: error) {
            for (k, v) in fields { core.set(o, k, core.make(v, functions: functions)) }
        }
        return e
    }
}
