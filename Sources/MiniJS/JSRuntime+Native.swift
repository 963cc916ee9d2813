import CJavaScriptCore
import Foundation
import MiniCore

/// The private `native` object the prelude talks to. It is passed to the prelude as an argument
/// and never stored on the global object, so page code cannot reach it; its functions still
/// check every argument, as if it could.
extension JSRuntime {
    func makeNative() -> JSObjectRef {
        let native = JSObjectMake(core.ctx, nil, nil)!
        let ctx = core.ctx
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
            guard let path = resolveModule(from: core.toString(fromValue), request: request),
                let data = FileManager.default.contents(atPath: path)
            else { throw JSThrow(value: core.error("module \"\(request)\" is not defined")) }
            let source = String(decoding: data, as: UTF8.self)
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
        return native
    }

    /// A JS number that is a whole number in Int's range, or nil.
    func integer(_ value: JSValueRef?) -> Int? {
        guard let value, JSValueIsNumber(core.ctx, value) else { return nil }
        let n = JSValueToNumber(core.ctx, value, nil)
        guard n.isFinite, n == n.rounded(), abs(n) < 9_007_199_254_740_992 else { return nil }
        return Int(n)
    }

    /// Resolves `require(request)` from the module at `from` (an empty `from`: a host path the
    /// runtime itself asks for), inside the package root only.
    func resolveModule(from: String, request: String) -> String? {
        guard !request.isEmpty, !request.utf8.contains(0), let root = packageRoot?.path else { return nil }
        let isAbsolute = request.hasPrefix("/")
        let target: URL
        if from.isEmpty {
            guard isAbsolute else { return nil }
            target = URL(fileURLWithPath: request).standardizedFileURL
        } else {
            let base = isAbsolute ? URL(fileURLWithPath: root) : URL(fileURLWithPath: (from as NSString).deletingLastPathComponent)
            target = base.appendingPathComponent(isAbsolute ? String(request.dropFirst()) : request).standardizedFileURL
        }
        let realRoot = realPathOf(root) ?? root
        for candidate in [target.path, target.path + ".js", target.path + "/index.js"] {
            guard candidate.hasPrefix(root + "/") else { return nil }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue {
                guard let real = realPathOf(candidate), real.hasPrefix(realRoot + "/") else { return nil }
                return candidate
            }
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
        guard let root = packageRoot?.path, path.hasPrefix(root + "/") else { return path }
        return String(path.dropFirst(root.count + 1))
    }
}
