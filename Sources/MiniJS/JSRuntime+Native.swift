import CJavaScriptCore
import Foundation
import MiniCore
import MiniStorage

/// The private `native` object the prelude talks to. It is passed to the prelude as an argument
/// and never stored on the global object, so page code cannot reach it; its functions still
/// check every argument, as if it could.
extension JSRuntime {
    func makeNative() -> JSObjectRef {
        let native = JSObjectMake(core.ctx, nil, nil)!
        let ctx = core.ctx
        // The page framework's per-dialect conventions (Baidu's getData / setData(key, value)).
        core.set(native, "dialect", core.string(session.dialect.rawValue))
        core.set(native, "print", core.function("print") { [unowned self] _, args in
            let level = JSValueToNumber(ctx, args[safe: 0] ?? core.undefined, nil)
            let text = core.toString(args[safe: 1])
            level == 0 ? output.log(text) : output.error(text)
            return nil
        })
        core.set(native, "setTimer", core.function("setTimer") { [unowned self] _, args in
            guard let id = integer(args[safe: 0]) else { throw JSThrow(value: core.typeError("setTimer: bad timer id")) }
            let delay = JSValueToNumber(ctx, args[safe: 1] ?? core.undefined, nil)
            let repeats = args[safe: 2].map { JSValueToBoolean(ctx, $0) } ?? false
            loop.addTimer(id: id, delay: delay.isFinite && delay > 0 && delay <= 2_147_483_647 ? delay : 0, repeats: repeats)
            return nil
        })
        core.set(native, "clearTimer", core.function("clearTimer") { [unowned self] _, args in
            if let id = integer(args[safe: 0]) { loop.cancelTimer(id: id) }
            return nil
        })
        core.set(native, "loadModule", core.function("loadModule") { [unowned self] _, args in
            guard let fromValue = args[safe: 0], let requestValue = args[safe: 1], JSValueIsString(ctx, fromValue),
                JSValueIsString(ctx, requestValue)
            else { throw JSThrow(value: core.typeError("require: module name should be String")) }
            let request = core.toString(requestValue)
            guard let (path, data) = readModule(from: core.toString(fromValue), request: request) else {
                throw JSThrow(value: core.error("module \"\(request)\" is not defined"))
            }
            let source = try moduleSource(data, path: path)
            let wrapped = "(function (module, exports, require, __filename) {" + source + "\n})"
            let fn = try core.evaluate(wrapped, url: displayPath(path))
            let parts: [JSValueRef?] = [core.string(path), fn]
            return parts.withUnsafeBufferPointer { JSObjectMakeArray(ctx, 2, $0.baseAddress, nil) }
        })
        core.set(native, "unhandledRejection", core.function("unhandledRejection") { [unowned self] _, args in
            reportUncaught(args[safe: 0] ?? core.undefined, inPromise: true)
            return nil
        })
        core.set(native, "setData", core.function("setData") { [unowned self] _, args in
            guard let pageId = integer(args[safe: 0]), let changes = args[safe: 1] else { return nil }
            let value: HostValue
            var holds = FunctionHolds()
            defer { functions.release(holds) }  // functions in data are not kept
            do { value = try core.host(changes, functions: functions, limits: .setData, root: "data", holds: &holds) } catch let e as MediaError {
                throw JSThrow(value: core.typeError("setData: " + e.message))
            }
            hooks.setData?(pageId, value)
            return nil
        })
        core.set(native, "triggerEvent", core.function("triggerEvent") { [unowned self] _, args in
            guard let id = integer(args[safe: 0]), let nameValue = args[safe: 1], JSValueIsString(ctx, nameValue) else {
                throw JSThrow(value: core.typeError("triggerEvent: name should be a non-empty String"))
            }
            let name = core.toString(nameValue)
            guard name.utf8.count <= 256 else { throw JSThrow(value: core.typeError("triggerEvent: name is longer than 256 bytes")) }
            var holds = FunctionHolds()
            defer { functions.release(holds) }
            let detail: HostValue
            do { detail = try core.host(args[safe: 2] ?? core.undefined, functions: functions, limits: .setData, root: "detail", holds: &holds) } catch let e as MediaError {
                throw JSThrow(value: core.typeError("triggerEvent: " + e.message))
            }
            let flags = CustomEventOptions(
                bubbles: args[safe: 3].map { JSValueToBoolean(ctx, $0) } ?? false, composed: args[safe: 4].map { JSValueToBoolean(ctx, $0) } ?? false,
                capturePhase: args[safe: 5].map { JSValueToBoolean(ctx, $0) } ?? false)
            try hooks.triggerEvent?(id, name, detail, flags)
            return nil
        })
        core.set(native, "selectComponent", core.function("selectComponent") { [unowned self] _, args in
            guard let id = integer(args[safe: 0]), let selector = args[safe: 1], JSValueIsString(ctx, selector) else { return JSValueMakeNull(ctx) }
            let all = args[safe: 2].map { JSValueToBoolean(ctx, $0) } ?? false
            guard let select = hooks.selectComponent else { return all ? JSObjectMakeArray(ctx, 0, nil, nil) : JSValueMakeNull(ctx) }
            return try select(id, core.toString(selector), all)
        })
        return native
    }

    /// A module's source as the wrapper runs it: ES module syntax compiled to CommonJS
    /// (`ESModuleCompiler`; compiled on every load, nothing cached), other files as they are.
    /// A syntax error throws a JS `SyntaxError` reading `file:line:column: message`.
    func moduleSource(_ data: [UInt8], path: String) throws -> String {
        do {
            guard let compiled = try ESModuleCompiler.compileIfModule(data) else { return String(decoding: data, as: UTF8.self) }
            return String(decoding: compiled, as: UTF8.self)
        } catch {
            var e = error
            e.file = displayPath(path)
            throw JSThrow(value: core.syntaxError(e.description))
        }
    }

    /// A JS number that is a whole number in Int's range, or nil.
    func integer(_ value: JSValueRef?) -> Int? {
        guard let value, JSValueIsNumber(core.ctx, value) else { return nil }
        let n = JSValueToNumber(core.ctx, value, nil)
        guard n.isFinite, n == n.rounded(), abs(n) < 9_007_199_254_740_992 else { return nil }
        return Int(n)
    }

    /// Largest module source `require` reads.
    static let maxModuleBytes: Int64 = 16 << 20

    /// Resolves and reads `require(request)` from the module at `from` (an empty `from`: a host
    /// path the runtime itself asks for), inside the package only. Paths are split on bytes
    /// (`PathBytes`), `..` may not climb above the package, and the file is opened beneath the
    /// package folder's descriptor (`SandboxDirectory`), so a link or a swapped folder cannot
    /// lead out; nothing is re-opened by name. Returns the module's path and its bytes.
    func readModule(from: String, request: String) -> (path: String, data: [UInt8])? {
        guard !request.isEmpty, !request.utf8.contains(0), let root = packageRoot?.path else { return nil }
        let isAbsolute = PathBytes.hasPrefix(request, "/")
        var base: [String]
        if from.isEmpty {
            guard isAbsolute, PathBytes.hasPrefix(request, root + "/") else { return nil }
            base = []
        } else if isAbsolute {
            base = []
        } else {
            guard PathBytes.hasPrefix(from, root + "/") else { return nil }
            base = Array(PathBytes.components(PathBytes.dropping(root + "/", from: from)).dropLast())
        }
        let relative = from.isEmpty ? PathBytes.dropping(root + "/", from: request) : request
        for name in PathBytes.components(relative) {
            if name.isEmpty || PathBytes.isDot(name) { continue }
            if PathBytes.isDotDot(name) {
                guard !base.isEmpty else { return nil }  // above the package
                base.removeLast()
            } else {
                base.append(name)
            }
        }
        guard let last = base.last,
            let folder = try? SandboxDirectory(path: realPathOf(root) ?? root)
        else { return nil }
        let candidates = [base, Array(base.dropLast()) + [last + ".js"], base + ["index.js"]]
        for components in candidates {
            guard let file = try? folder.open(components, flags: O_RDONLY | O_CLOEXEC),
                let st = try? file.stat(), (st.st_mode & S_IFMT) == S_IFREG,
                let data = try? file.readAll(maxBytes: Self.maxModuleBytes)
            else { continue }
            return (root + "/" + PathBytes.join(components), data)
        }
        return nil
    }

    func realPathOf(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// A path as stack traces show it: relative to the package.
    func displayPath(_ path: String) -> String {
        guard let root = packageRoot?.path, PathBytes.hasPrefix(path, root + "/") else { return path }
        return PathBytes.dropping(root + "/", from: path)
    }
}
