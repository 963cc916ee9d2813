import CJavaScriptCore
import Foundation
import MiniCore

/// The hidden `__mm_native` object the prelude talks to.
extension JSRuntime {
    func installNative() throws {
        let native = JSObjectMake(core.ctx, nil, nil)!
        let ctx = core.ctx
        core.set(native, "print", core.function { [unowned self] _, args in
            let level = args.count > 0 ? JSValueToNumber(ctx, args[0], nil) : 0
            let text = args.count > 1 ? core.toString(args[1]) : ""
            level == 0 ? output.log(text) : output.error(text)
            return nil
        })
        core.set(native, "setTimer", core.function { [unowned self] _, args in
            let id = Int(JSValueToNumber(ctx, args[0], nil))
            let delay = JSValueToNumber(ctx, args[1], nil)
            loop.addTimer(id: id, delay: delay.isFinite ? delay : 0, repeats: JSValueToBoolean(ctx, args[2]))
            return nil
        })
        core.set(native, "clearTimer", core.function { [unowned self] _, args in
            loop.cancelTimer(id: Int(JSValueToNumber(ctx, args[0], nil)))
            return nil
        })
        core.set(native, "resolveModule", core.function { [unowned self] _, args in
            let from = core.toString(args[0])
            let request = core.toString(args[1])
            guard let path = resolveModule(from: from, request: request) else {
                throw JSThrow(value: core.error("module \"\(request)\" is not defined"))
            }
            return core.string(path)
        })
        core.set(native, "readModule", core.function { [unowned self] _, args in
            let path = core.toString(args[0])
            guard let data = FileManager.default.contents(atPath: path) else {
                throw JSThrow(value: core.error("module \"\(path)\" is not defined"))
            }
            return core.string(String(decoding: data, as: UTF8.self))
        })
        core.set(native, "compile", core.function { [unowned self] _, args in
            let source = core.toString(args[0])
            let path = core.toString(args[1])
            let wrapped = "(function (module, exports, require, __filename) {" + source + "\n})"
            return try core.evaluate(wrapped, url: displayPath(path))
        })
        core.set(native, "unhandledRejection", core.function { [unowned self] _, args in
            reportUncaught(args.first.flatMap { $0 } ?? core.undefined, inPromise: true)
            return nil
        })
        core.set(native, "setData", core.function { [unowned self] _, args in
            let pageId = Int(JSValueToNumber(ctx, args[0], nil))
            let changes = try core.host(args[1]!, functions: functions)
            hooks.setData?(pageId, changes)
            return nil
        })
        core.set(core.global, "__mm_native", native, attributes: JSPropertyAttributes(kJSPropertyAttributeDontEnum))
    }

    /// Resolves `require(request)` from the module at `from`, inside the package root only.
    func resolveModule(from: String, request: String) -> String? {
        guard !request.isEmpty, !request.contains("\0") else { return nil }
        let root = packageRoot ?? URL(fileURLWithPath: (from as NSString).deletingLastPathComponent)
        let base = request.hasPrefix("/") ? root : URL(fileURLWithPath: (from as NSString).deletingLastPathComponent)
        let target = base.appendingPathComponent(request.hasPrefix("/") ? String(request.dropFirst()) : request).standardizedFileURL
        let rootPath = root.path
        for candidate in [target.path, target.path + ".js", target.path + "/index.js"] {
            guard candidate == rootPath || candidate.hasPrefix(rootPath + "/") else { return nil }
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDir), !isDir.boolValue {
                guard let real = realPathOf(candidate), real.hasPrefix((realPathOf(rootPath) ?? rootPath) + "/") else {
                    return nil
                }
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
