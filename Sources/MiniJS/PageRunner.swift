import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost

/// Loads an app and one page into a `JSRuntime` and drives it as a user would:
/// launch, lifecycle, taps (`--call`), and unload at the end.
public final class PageRunner {
    public let runtime: JSRuntime
    public let location: PageLocation
    private var page: JSObjectRef?
    private var deadline: Double = 0

    public init(runtime: JSRuntime, location: PageLocation) {
        self.runtime = runtime
        self.location = location
    }

    private var core: JSCore { runtime.core }

    /// Loads `app.js` (onLaunch, onShow) and the page (onLoad(query), onShow, onReady), then runs
    /// until that work settles. Returns false if an uncaught error stopped it.
    public func load(query: [String: String] = [:], timeout: Double) -> Bool {
        deadline = EventLoop.now() + timeout
        let queryValue = HostValue.object(HostObjectValue(pairs: query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        if let appScript = location.appScript {
            guard runtime.callGlobal("__mm_load", [core.string(appScript.path)]) != nil else { return false }
            if let app = runtime.callGlobal("__mm_app", []).flatMap({ core.object($0) }) {
                let launch = HostValue.object(["path": .string(location.route), "query": queryValue, "scene": 1001])
                for hook in ["onLaunch", "onShow"] { callMethod(app, hook, launch) }
            }
        }
        guard let pageValue = runtime.callGlobal("__mm_loadPage", [core.string(location.route), core.string(location.script.path)]),
            let page = core.object(pageValue)
        else { return false }
        JSValueProtect(core.ctx, page)
        self.page = page
        for (hook, arg) in [("onLoad", queryValue), ("onShow", HostValue.undefined), ("onReady", .undefined)] {
            lifecycle(hook, arg)
            if runtime.uncaughtError != nil { return false }
        }
        return settle()
    }

    /// Calls a page method as a tap would (user gesture), then runs until its work settles.
    public func tap(_ method: String) -> Bool {
        guard let page, runtime.uncaughtError == nil else { return false }
        let event = HostValue.object([
            "type": "tap", "timeStamp": .number(Double(Int(EventLoop.now() * 1000) % 100_000_000)),
            "target": ["id": "", "dataset": [:]], "currentTarget": ["id": "", "dataset": [:]],
            "detail": ["x": 0, "y": 0],
        ])
        runtime.inUserGesture = true
        _ = runtime.callGlobal("__mm_pageMethod", [page, core.string(method), core.make(event, functions: runtime.functions)])
        runtime.inUserGesture = false
        return settle()
    }

    /// Runs until nothing is pending or the deadline; then hides and unloads the page.
    public func finish() -> JSRuntime.RunResult {
        var result = runtime.runLoop(deadline: deadline, untilSettled: false)
        if result != .uncaughtError, page != nil {
            lifecycle("onHide", .undefined)
            lifecycle("onUnload", .undefined)
            if let page { runtime.callGlobal("__mm_unloadPage", [page]) }
            let after = runtime.runLoop(deadline: min(deadline, EventLoop.now() + 2), untilSettled: true)
            if after == .uncaughtError { result = .uncaughtError }
        }
        return result
    }

    private func settle() -> Bool {
        runtime.runLoop(deadline: deadline, untilSettled: true) != .uncaughtError
    }

    private func lifecycle(_ hook: String, _ arg: HostValue) {
        guard let page else { return }
        runtime.callGlobal("__mm_lifecycle", [page, core.string(hook), core.make(arg, functions: runtime.functions)])
    }

    private func callMethod(_ object: JSObjectRef, _ name: String, _ arg: HostValue) {
        let fn = core.get(object, name)
        guard let f = core.object(fn), JSObjectIsFunction(core.ctx, f) else { return }
        _ = runtime.guarded { try core.call(f, this: object, [core.make(arg, functions: runtime.functions)]) }
    }
}
