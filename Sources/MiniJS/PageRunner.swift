import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost
import MiniStorage
import MiniWXML

/// Loads an app and one page into a `JSRuntime` and drives it as a user would: launch,
/// lifecycle, taps and component events, and unload at the end. `MiniApp` is its one user; hosts
/// embed `MiniApp`.
public final class PageRunner {
    public let runtime: JSRuntime
    public let location: PageLocation
    private var page: JSObjectRef?
    private var deadline: Double = 0
    private var components: PageComponents?
    /// Receives setData and component events (JS thread).
    public var observer: ((AppEvent) -> Void)?

    public init(runtime: JSRuntime, location: PageLocation) {
        self.runtime = runtime
        self.location = location
    }

    private var core: JSCore { runtime.core }

    /// Loads `app.js` (onLaunch, onShow) and the page (onLoad(query), onShow, onReady), then runs
    /// until that work settles. Returns false if an uncaught error stopped it.
    public func load(query: [String: String] = [:], timeout: Double) -> Bool {
        deadline = EventLoop.now() + timeout
        runtime.deadline = deadline
        let queryValue = HostValue.object(HostObjectValue(pairs: query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        if let appScript = location.appScript {
            guard runtime.callInternal("loadFile", [core.string(appScript.path)]) != nil else { return false }
            let launch = HostValue.object(["path": .string(location.route), "query": queryValue, "scene": 1001])
            for hook in ["onLaunch", "onShow"] {
                runtime.callInternal("appHook", [core.string(hook), core.make(launch, functions: runtime.functions)])
                if runtime.uncaughtError != nil { return false }
            }
        }
        guard let pageValue = runtime.callInternal("loadPage", [core.string(location.route), core.string(location.script.path)]),
            let page = core.object(pageValue)
        else { return false }
        JSValueProtect(core.ctx, page)
        self.page = page
        guard prepareComponents(page) else { return false }
        for (hook, arg) in [("onLoad", queryValue), ("onShow", HostValue.undefined)] {
            lifecycle(hook, arg)
            if runtime.uncaughtError != nil { return false }
        }
        guard mountComponents() else { return false }
        lifecycle("onReady", .undefined)
        return settle()
    }

    /// Reads the page's WXML and mirrors its data, so `setData` re-binds component attributes.
    private func prepareComponents(_ page: JSObjectRef) -> Bool {
        let route = location.route
        runtime.hooks.setData = { [unowned self] _, changes in
            observer?(.setData(route: route, changes: changes))
            do { try components?.apply(changes) { [unowned self] in observer?($0) } } catch {
                runtime.reportUncaught(core.error("setData: \(error)"))
            }
        }
        guard let templateURL = location.template else { return true }
        do {
            let template = try TemplateFiles(root: location.root).pageTemplate(templateURL)
            template.warnings.forEach(runtime.session.events.warn)
            var holds = FunctionHolds()
            defer { runtime.functions.release(holds) }
            let data = try core.host(core.get(page, "data"), functions: runtime.functions, limits: .setData, holds: &holds)
            let components = try PageComponents(template: template, data: data)
            self.components = components
            runtime.session.show(page: components.snapshot)
        } catch {
            runtime.reportUncaught(core.error("\(runtime.displayPath(templateURL.path)): \(error)"))
            return false
        }
        return true
    }

    private func mountComponents() -> Bool {
        guard let components else { return true }
        let loop = runtime.loop
        do {
            try components.mount(
                session: runtime.session,
                relay: { identity in ComponentRelay(runner: self, identity: identity, loop: loop) },
                observe: { [unowned self] in observer?($0) })
        } catch {
            runtime.reportUncaught(core.error("\(error)"))
            return false
        }
        return true
    }

    /// The `timeStamp` of an event: milliseconds on the session's clock.
    private var timeStamp: HostValue { .number((runtime.session.clock.now().seconds * 1000).rounded(.down)) }

    /// Runs a component event's bound page method (JS thread).
    func fireComponentEvent(_ identity: NodeIdentity, _ event: String, _ detail: HostValue) {
        guard let page, let components, let r = components.element(identity) else { return }
        observer?(.componentEvent(tag: r.tag, id: r.id, event: event, detail: detail))
        // The name the page binds in its syntax (Alipay's `onReady` for the camera's `initdone`).
        let bound = components.template.syntax.boundName(ofNativeEvent: event)
        guard let binding = r.handler(for: bound) ?? r.handler(for: event) else { return }
        let target = HostValue.object([
            "id": .string(r.id ?? ""), "dataset": .object(HostObjectValue(pairs: r.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ])
        let e = HostValue.object([
            "type": .string(event), "timeStamp": timeStamp, "target": target, "currentTarget": target, "detail": detail,
        ])
        runtime.callInternal("pageMethod", [page, core.string(binding.handler), core.make(e, functions: runtime.functions)])
    }

    /// Calls a page method as a user event would (a tap, or an event whose `detail` is given,
    /// e.g. a switch's `{value: true}`), then runs until its work settles. False (and nothing
    /// runs) once an uncaught error stopped the page or the run's deadline passed.
    public func tap(_ method: String, detail: HostValue? = nil) -> Bool {
        guard let page, runtime.uncaughtError == nil, EventLoop.now() < deadline else { return false }
        let event = HostValue.object([
            "type": detail == nil ? "tap" : "change", "timeStamp": timeStamp,
            "target": ["id": "", "dataset": [:]], "currentTarget": ["id": "", "dataset": [:]],
            "detail": detail ?? ["x": 0, "y": 0],
        ])
        runtime.inUserGesture = true
        _ = runtime.callInternal("pageMethod", [page, core.string(method), core.make(event, functions: runtime.functions)])
        runtime.inUserGesture = false
        return settle()
    }

    /// Runs until the work started so far settles (no call in flight, no one-shot timer due).
    public func settle() -> Bool {
        runtime.runLoop(deadline: deadline, untilSettled: true) != .uncaughtError
    }

    /// Runs until nothing is pending or the deadline; then hides and unloads the page.
    public func finish() -> JSRuntime.RunResult {
        var result = runtime.runLoop(deadline: deadline, untilSettled: false)
        if result != .uncaughtError, page != nil {
            lifecycle("onHide", .undefined)
            components?.pageHidden()
            lifecycle("onUnload", .undefined)
            components?.unmount(session: runtime.session)
            if let components, runtime.session.renderedPage === components.snapshot { runtime.session.show(page: nil) }
            if let page { runtime.callInternal("unloadPage", [page]) }
            // Events the components fired while stopping (`stop`) still reach the page.
            let after = runtime.runLoop(deadline: min(deadline, EventLoop.now() + 2), untilSettled: true)
            if after == .uncaughtError { result = .uncaughtError }
            if let page { JSValueUnprotect(core.ctx, page) }
            page = nil
        }
        runtime.hooks.setData = nil
        return result
    }

    private func lifecycle(_ hook: String, _ arg: HostValue) {
        guard let page else { return }
        runtime.callInternal("lifecycle", [page, core.string(hook), core.make(arg, functions: runtime.functions)])
    }
}

/// Carries a component's events from any thread to the page, on the JS thread.
final class ComponentRelay: ComponentEventSink, @unchecked Sendable {
    private weak var runner: PageRunner?
    private let identity: NodeIdentity
    private let loop: EventLoop

    init(runner: PageRunner, identity: NodeIdentity, loop: EventLoop) {
        self.runner = runner
        self.identity = identity
        self.loop = loop
    }

    func fire(_ event: String, detail: HostValue) {
        loop.post { [self] in runner?.fireComponentEvent(identity, event, detail) }
    }
}
