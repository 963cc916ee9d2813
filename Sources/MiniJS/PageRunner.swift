import CJavaScriptCore
import Foundation
import MiniCore
import MiniHost
import MiniStorage
import MiniWXML

/// Loads an app and its pages into a `JSRuntime` and drives it as a user would: launch, the
/// page stack (navigateTo, redirectTo, navigateBack, switchTab, reLaunch, each page a
/// `PageInstance` with its own components), lifecycle, taps and component events on the page
/// on top, and unload at the end. `MiniApp` is its one user; hosts embed `MiniApp`.
public final class PageRunner {
    public let runtime: JSRuntime
    /// The first page.
    public let location: PageLocation
    /// The pages and tab bar of `app.json`.
    public let manifest: AppManifest
    private var deadline: Double = 0
    /// The page stack, bottom first; the last page shows.
    private(set) var stack: [PageInstance] = []
    /// Tab pages switched away from: alive (hidden), not on the stack.
    private var parkedTabs: [PageInstance] = []
    /// The page being made (its first render runs component lifetimes before it is stacked).
    private var loading: PageInstance?
    /// Each route's custom components, read and compiled once per run (a package that changes is
    /// a new app: the simulator reloads it), as the platforms load a component's files once.
    private var componentLibraries: [String: (ComponentLibrary, [String: ComponentManifest.Entry])] = [:]
    /// Every page that may receive setData, events or selectComponent calls.
    private var livePages: [PageInstance] { stack + parkedTabs + (loading.map { [$0] } ?? []) }
    private var locations: [String: PageLocation] = [:]
    private var navigator: AppNavigator!
    /// Receives setData, component and navigation events (JS thread).
    public var observer: ((AppEvent) -> Void)?

    public init(runtime: JSRuntime, location: PageLocation) {
        self.runtime = runtime
        self.location = location
        manifest = AppManifest.of(location)
        locations[location.route] = location
        navigator = AppNavigator(runner: self, manifest: manifest, loop: runtime.loop)
        runtime.session.attach(navigator: navigator)
    }

    private var core: JSCore { runtime.core }

    /// The page stack, bottom first (what `getCurrentPages()` lists).
    public var pages: [PageEntry] { stack.map(\.entry) }

    /// Loads `app.js` (onLaunch, onShow) and the first page (onLoad(query), onShow, onReady),
    /// then runs until that work settles. Returns false if an uncaught error stopped it.
    public func load(query: [String: String] = [:], timeout: Double) -> Bool {
        deadline = EventLoop.now() + timeout
        runtime.deadline = deadline
        installSetData()
        navigator.launch(location.route)
        let items = query.sorted { $0.key < $1.key }.map { NavigationURL.QueryItem($0.key, $0.value) }
        let queryValue = HostValue.object(HostObjectValue(pairs: items.map { ($0.key, .string($0.value)) }))
        if let appScript = location.appScript {
            guard runtime.callInternal("loadFile", [core.string(appScript.path)]) != nil else { return false }
            let launch = HostValue.object(["path": .string(location.route), "query": queryValue, "scene": 1001])
            for hook in ["onLaunch", "onShow"] {
                runtime.callInternal("appHook", [core.string(hook), core.make(launch, functions: runtime.functions)])
                if runtime.uncaughtError != nil { return false }
            }
        }
        guard let first = makeInstance(location, query: items) else { return false }
        stack = [first]
        publish("appLaunch", from: nil)
        guard enter(first) else { return false }
        return settle()
    }

    /// Where the page of `route` lives (nil: no script for it).
    func location(for route: String) -> PageLocation? {
        if let known = locations[route] { return known }
        guard let found = try? PageLocation.locate(location.root.path, page: route), found.route == route else { return nil }
        locations[route] = found
        return found
    }

    // MARK: Pages

    /// A new EventChannel (the prelude's): the opener's getter, held for the call's result
    /// (released by the step, after the result is delivered), and the opened page's end.
    /// `events` functions listen on the opener's end. Nil if JS failed.
    func makeChannel(_ events: [String: FunctionRef]) -> (ChannelEnds, FunctionRef)? {
        let listeners = HostValue.object(HostObjectValue(pairs: events.sorted { $0.key < $1.key }.map { ($0.key, .function($0.value)) }))
        guard let made = runtime.callInternal("makeChannel", [core.make(listeners, functions: runtime.functions)]),
            let pair = core.object(made), let opener = core.object(JSObjectGetPropertyAtIndex(core.ctx, pair, 0, nil)),
            let opened = core.object(JSObjectGetPropertyAtIndex(core.ctx, pair, 1, nil))
        else { return nil }
        var holds = FunctionHolds()
        let ref = runtime.functions.hold(opener, into: &holds)
        JSValueProtect(core.ctx, opened)
        return (ChannelEnds(openerHold: holds, opened: JSHandle(object: opened)), ref)
    }

    /// Loads a page's script and template; nil (and the error reported) if either fails.
    private func makeInstance(
        _ location: PageLocation, query: [NavigationURL.QueryItem], channel: ChannelEnds? = nil
    ) -> PageInstance? {
        guard let made = runtime.callInternal("loadPage", [core.string(location.route), core.string(location.script.path)]),
            let pair = core.object(made), let page = core.object(JSObjectGetPropertyAtIndex(core.ctx, pair, 0, nil)),
            let dataID = runtime.integer(JSObjectGetPropertyAtIndex(core.ctx, pair, 1, nil))
        else { return nil }
        JSValueProtect(core.ctx, page)
        let instance = PageInstance(location: location, query: query, page: page, dataID: dataID)
        core.set(page, "options", core.make(instance.queryValue, functions: runtime.functions))
        // A page opened otherwise gets a channel no one listens to, as on WeChat.
        if let opened = channel?.opened.object ?? makeChannel([:]).map({ ends, ref in
            runtime.functions.release(ends.openerHold)
            return ends.opened.object
        }) {
            instance.openerChannel = opened
            core.set(page, "getOpenerEventChannel", opened)
        }
        guard prepareComponents(instance) else {
            release(instance)
            return nil
        }
        return instance
    }

    /// Routes each page's `setData` to its own components.
    private func installSetData() {
        runtime.hooks.currentPage = { [unowned self] in stack.last.map { $0.released ? nil : $0.page } ?? nil }
        runtime.hooks.setData = { [unowned self] id, changes in
            if let instance = livePages.first(where: { $0.dataID == id }) {
                observer?(.setData(route: instance.route, changes: changes))
                do { try instance.components?.apply(changes) { [unowned self] in observer?($0) } } catch {
                    runtime.reportUncaught(core.error("setData: \(error)"))
                }
                return
            }
            guard let (page, component) = component(dataID: id) else { return }
            do { try page.components?.applyComponent(component, changes) { [unowned self] in observer?($0) } } catch {
                runtime.reportUncaught(core.error("setData (component \(component.path)): \(error)"))
            }
        }
        runtime.hooks.triggerEvent = { [unowned self] id, name, detail, options in
            guard let (page, component) = component(dataID: id), let components = page.components,
                let chain = components.tree.chain(to: component.identity)
            else { return }
            deliver(page, names: [name], chain: chain, detail: detail, bubbles: options.bubbles, composed: options.composed)
        }
        runtime.hooks.componentObject = { [unowned self] key in
            stack.last?.components?.custom?.all.first { $0.identity.description == key }?.object
        }
        runtime.hooks.selectComponent = { [unowned self] id, selector, all in
            try selectComponents(from: id, selector, all: all)
        }
    }

    /// The page and component instance whose `setData` id is `dataID`.
    func component(dataID: Int) -> (PageInstance, ComponentInstance)? {
        for page in livePages {
            if let c = page.components?.custom?.byDataID[dataID] { return (page, c) }
        }
        return nil
    }

    /// `selectComponent` / `selectAllComponents` from the page or instance `dataID`: the
    /// instances whose host elements match, in the caller's own template (not inside other
    /// components), document order.
    private func selectComponents(from dataID: Int, _ selector: String, all: Bool) throws -> JSValueRef {
        let none: JSValueRef = all ? JSObjectMakeArray(core.ctx, 0, nil, nil) : JSValueMakeNull(core.ctx)
        var scope: (PageInstance, NodeIdentity?)?
        if let page = livePages.first(where: { $0.dataID == dataID }) {
            scope = (page, nil)
        } else if let (page, c) = component(dataID: dataID) {
            scope = (page, c.identity)
        }
        guard let (page, owner) = scope, let components = page.components, let custom = components.custom else { return none }
        let parsed: Selector
        do { parsed = try Selector(selector) } catch {
            throw JSThrow(value: core.error("selectComponent: \(error.message)"))
        }
        let found = parsed.matches(in: components.tree).filter { $0.component != nil && $0.owner == owner }
            .compactMap { custom.byIdentity[$0.identity]?.object }
        if !all { return found.first ?? JSValueMakeNull(core.ctx) }
        let values: [JSValueRef?] = found
        return values.withUnsafeBufferPointer { JSObjectMakeArray(core.ctx, $0.count, $0.baseAddress, nil) }
    }

    /// Reads the page's template (with what it imports and includes) and mirrors its data, so
    /// `setData` re-renders it and re-binds component attributes.
    private func prepareComponents(_ instance: PageInstance) -> Bool {
        guard let templateURL = instance.location.template else { return true }
        do {
            let template = try TemplateFiles(root: instance.location.root).pageTemplate(templateURL)
            template.warnings.forEach(runtime.session.events.warn)
            var holds = FunctionHolds()
            defer { runtime.functions.release(holds) }
            let data = try core.host(core.get(instance.page, "data"), functions: runtime.functions, limits: .setData, holds: &holds)
            let (library, entries): (ComponentLibrary, [String: ComponentManifest.Entry])
            if let known = componentLibraries[instance.route] {
                (library, entries) = known
            } else {
                var manifest = ComponentManifest(root: instance.location.root, dialect: runtime.session.dialect)
                (library, entries) = try manifest.load(route: instance.route)
                componentLibraries[instance.route] = (library, entries)
            }
            var custom: CustomComponents?
            if !entries.isEmpty {
                for (path, entry) in entries.sorted(by: { $0.key < $1.key }) {
                    guard runtime.callInternal("loadComponent", [core.string(path), core.string(entry.script)]) != nil else { return false }
                }
                custom = CustomComponents(runtime: runtime, library: library, page: instance.page)
            }
            let components = try PageComponents(template: template, data: data, custom: custom, render: false)
            instance.components = components
            loading = instance
            defer { loading = nil }
            try components.rerender { [unowned self] in observer?($0) }
            if runtime.uncaughtError != nil { return false }
        } catch let error as ComponentManifest.LoadError {
            runtime.reportUncaught(core.error("page \(instance.route) cannot load its custom components: \(error)"))
            return false
        } catch {
            runtime.reportUncaught(core.error("\(runtime.displayPath(templateURL.path)): \(error)"))
            return false
        }
        return true
    }

    private func mountComponents(_ instance: PageInstance) -> Bool {
        guard let components = instance.components else { return true }
        let loop = runtime.loop
        do {
            try components.mount(
                session: runtime.session,
                relay: { identity in ComponentRelay(runner: self, instance: instance, identity: identity, loop: loop) },
                observe: { [unowned self] in observer?($0) })
        } catch {
            runtime.reportUncaught(core.error("\(error)"))
            return false
        }
        return true
    }

    /// A new page: onLoad(query), onShow, components mounted, onReady.
    private func enter(_ instance: PageInstance) -> Bool {
        // Selector queries from onLoad on read this page.
        runtime.session.show(page: instance.components?.snapshot)
        for (hook, arg) in [("onLoad", instance.queryValue), ("onShow", HostValue.undefined)] {
            lifecycle(instance, hook, arg)
            if runtime.uncaughtError != nil { return false }
        }
        guard mountComponents(instance) else { return false }
        instance.components?.componentsReady()
        if runtime.uncaughtError != nil { return false }
        lifecycle(instance, "onReady", .undefined)
        return runtime.uncaughtError == nil
    }

    /// The page goes under another (or its tab is left): onHide, then its native components
    /// stop (the camera fires `stop` and releases the device) and leave the session's list of
    /// the current page's components.
    private func hide(_ instance: PageInstance) {
        guard instance.state == .shown else { return }
        instance.state = .hidden
        lifecycle(instance, "onHide", .undefined)
        instance.components?.pageLifetime("hide")
        instance.components?.pageHidden()
    }

    /// The page shows again: its components come back (the camera re-opens), then onShow.
    private func show(_ instance: PageInstance) {
        guard instance.state == .hidden else { return }
        instance.state = .shown
        do { try instance.components?.pageShown { [unowned self] in observer?($0) } } catch {
            runtime.reportUncaught(core.error("\(error)"))
        }
        runtime.session.show(page: instance.components?.snapshot)
        lifecycle(instance, "onShow", .undefined)
        instance.components?.pageLifetime("show")
    }

    /// onUnload, then the components are unmounted and (unless the caller keeps it for the
    /// events still on their way) the page object released.
    private func unload(_ instance: PageInstance, release: Bool = true) {
        guard instance.state != .unloaded else { return }
        lifecycle(instance, "onUnload", .undefined)
        instance.state = .unloaded
        instance.components?.detachAll()
        instance.components?.unmount(session: runtime.session)
        runtime.callInternal("unloadPage", [instance.page])
        if release { self.release(instance) }
    }

    /// Lets JS collect the page object; its components' later events are dropped.
    private func release(_ instance: PageInstance) {
        guard !instance.released else { return }
        instance.released = true
        JSValueUnprotect(core.ctx, instance.page)
        if let channel = instance.openerChannel { JSValueUnprotect(core.ctx, channel) }
    }

    /// Tells the prelude (getCurrentPages) and observers what the stack is now.
    private func publish(_ kind: String, from: String?) {
        let list: [JSValueRef?] = stack.map { $0.page }
        let array = list.withUnsafeBufferPointer { JSObjectMakeArray(core.ctx, $0.count, $0.baseAddress, nil) }
        runtime.callInternal("setStack", [array])
        observer?(.navigated(kind: kind, from: from, stack: pages))
    }

    // MARK: Navigation

    /// Performs a step `AppNavigator` queued (JS thread, one at a time), in WeChat's order:
    /// navigateTo: A.onHide, B.onLoad, B.onShow, B.onReady; navigateBack: B.onUnload (each
    /// page, top first), A.onShow; redirectTo: A.onUnload, B.onLoad…; switchTab: pages that
    /// are not tabs unloaded top first, the tab left hidden, the target tab shown (or loaded);
    /// reLaunch: every page unloaded top first, then the new one.
    func perform(_ step: NavigationStep, kind: NavigationKind) {
        guard runtime.uncaughtError == nil, let top = stack.last else { return }
        let from = top.route
        switch step {
        case .push(let location, let query, let channel):
            // The call's result (with the opener's channel) is delivered after this step.
            if let holds = channel?.openerHold { runtime.loop.postLocal { [runtime] in runtime.functions.release(holds) } }
            hide(top)
            guard runtime.uncaughtError == nil, let page = makeInstance(location, query: query, channel: channel) else { return }
            stack.append(page)
            publish(kind.rawValue, from: from)
            _ = enter(page)
        case .redirect(let location, let query):
            unload(top)
            stack.removeLast()
            if manifest.isTab(top.route) { parkedTabs.removeAll { $0 === top } }
            guard runtime.uncaughtError == nil, let page = makeInstance(location, query: query) else { return }
            stack.append(page)
            publish(kind.rawValue, from: from)
            _ = enter(page)
        case .back(let count):
            for _ in 0..<min(count, stack.count - 1) {
                unload(stack.removeLast())
                if runtime.uncaughtError != nil { return }
            }
            publish(kind.rawValue, from: from)
            show(stack[stack.count - 1])
        case .switchTab(let location):
            if stack.count == 1 && top.route == location.route { return }
            let old = stack
            stack = []
            for page in old.reversed() {
                if manifest.isTab(page.route) {
                    hide(page)
                    if !parkedTabs.contains(where: { $0 === page }) { parkedTabs.append(page) }
                } else {
                    unload(page)
                }
                if runtime.uncaughtError != nil { return }
            }
            if let kept = parkedTabs.firstIndex(where: { $0.route == location.route }) {
                let page = parkedTabs.remove(at: kept)
                stack = [page]
                publish(kind.rawValue, from: from)
                show(page)
            } else {
                guard let page = makeInstance(location, query: []) else { return }
                stack = [page]
                publish(kind.rawValue, from: from)
                _ = enter(page)
            }
        case .reLaunch(let location, let query):
            for page in stack.reversed() + parkedTabs {
                unload(page)
                if runtime.uncaughtError != nil { return }
            }
            stack = []
            parkedTabs = []
            guard let page = makeInstance(location, query: query) else { return }
            stack = [page]
            publish(kind.rawValue, from: from)
            _ = enter(page)
        }
    }

    // MARK: Events

    /// The `timeStamp` of an event: milliseconds on the session's clock.
    private var timeStamp: HostValue { .number((runtime.session.clock.now().seconds * 1000).rounded(.down)) }

    /// Runs the handler a native component's event is bound to (JS thread), on the element's
    /// owner (the page, or the custom component whose template holds the component).
    func fireComponentEvent(_ instance: PageInstance, _ identity: NodeIdentity, _ event: String, _ detail: HostValue) {
        guard !instance.released, let components = instance.components, let r = components.element(identity) else { return }
        observer?(.componentEvent(tag: r.tag, id: r.id, event: event, detail: detail))
        // The name the page binds in its syntax (Alipay's `onReady` for the camera's `initdone`).
        let bound = components.template.syntax.boundName(ofNativeEvent: event)
        let chain = components.tree.chain(to: identity) ?? [r]
        deliver(instance, names: [bound, event], type: event, chain: chain.last?.identity == identity ? chain : [r], detail: detail, bubbles: false, composed: false)
    }

    /// Runs each handler `EventRoute` finds for the event on its owner (the page object or the
    /// component instance), with the platform's event shape. No settling here.
    func deliver(
        _ instance: PageInstance, names: [String], type: String? = nil, chain: [RenderedElement], detail: HostValue, bubbles: Bool, composed: Bool,
        touches: HostValue? = nil, changedTouches: HostValue? = nil
    ) {
        guard !instance.released else { return }
        let calls = EventRoute.calls(names: names, chain: chain, bubbles: bubbles, composed: composed)
        for call in calls {
            guard runtime.uncaughtError == nil else { return }
            let receiver: JSObjectRef
            if let owner = call.owner {
                guard let object = instance.components?.custom?.byIdentity[owner]?.object else { continue }
                receiver = object
            } else {
                receiver = instance.page
            }
            var pairs: [(String, HostValue)] = [
                ("type", .string(type ?? names[0])), ("timeStamp", timeStamp), ("target", EventRoute.describe(call.target)),
                ("currentTarget", EventRoute.describe(call.currentTarget)), ("detail", detail),
            ]
            if let touches { pairs.append(("touches", touches)) }
            if let changedTouches { pairs.append(("changedTouches", changedTouches)) }
            let e = HostValue.object(HostObjectValue(pairs: pairs))
            runtime.callInternal("pageMethod", [receiver, core.string(call.handler), core.make(e, functions: runtime.functions)])
        }
    }

    /// A user event of `type` on the rendered element `identity` of the page on top (a tap in
    /// the simulator, automation's `Element.tap`): the handlers `EventRoute` finds run as a
    /// user gesture, then the run settles. Touch events bubble across components; other types
    /// run on the target only. False (nothing runs) once an uncaught error stopped the page,
    /// the run's deadline passed, or the element is not on the page.
    public func fire(
        _ type: String, at identity: NodeIdentity, detail: HostValue, touches: HostValue? = nil, changedTouches: HostValue? = nil,
        settling: Bool = true
    ) -> Bool {
        // Without settling (automation runs the loop itself, with no deadline) the run's
        // deadline does not apply.
        guard let page = stack.last, runtime.uncaughtError == nil, !settling || EventLoop.now() < deadline, let components = page.components,
            let chain = components.tree.chain(to: identity)
        else { return false }
        let bubbles = EventRoute.bubblingTypes.contains(type)
        runtime.inUserGesture = true
        deliver(page, names: [type], chain: chain, detail: detail, bubbles: bubbles, composed: bubbles, touches: touches, changedTouches: changedTouches)
        runtime.inUserGesture = false
        return settling ? settle() : runtime.uncaughtError == nil
    }

    /// The rendered tree of the page on top (custom components expanded).
    public var topPageTree: RenderTree? { stack.last?.components?.tree }

    /// Calls a method of the page on top as a user event would (a tap, or an event whose
    /// `detail` is given, e.g. a switch's `{value: true}`), then runs until its work settles.
    /// False (and nothing runs) once an uncaught error stopped the page or the run's deadline
    /// passed.
    public func tap(_ method: String, detail: HostValue? = nil) -> Bool {
        guard let page = stack.last?.page, runtime.uncaughtError == nil, EventLoop.now() < deadline else { return false }
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

    /// Runs a handler of the page on top for a user event on one of its rendered elements, with
    /// the platform's event shape: `type`, `timeStamp`, `target` / `currentTarget` (`id`,
    /// `dataset`, as the caller built them from the rendered elements) and `detail`; then runs
    /// until its work settles. False (and nothing runs) once an uncaught error stopped the page
    /// or the run's deadline passed. The browser simulator's taps and inputs come through here.
    public func dispatch(_ handler: String, type: String, target: HostValue, currentTarget: HostValue, detail: HostValue) -> Bool {
        guard let page = stack.last?.page, runtime.uncaughtError == nil, EventLoop.now() < deadline else { return false }
        let event = HostValue.object([
            "type": .string(type), "timeStamp": timeStamp, "target": target, "currentTarget": currentTarget, "detail": detail,
        ])
        runtime.inUserGesture = true
        _ = runtime.callInternal("pageMethod", [page, core.string(handler), core.make(event, functions: runtime.functions)])
        runtime.inUserGesture = false
        return settle()
    }

    /// Brings the run's deadline to at most `seconds` from now, so that `finish()` ends then even
    /// with timers or listeners that never stop (a host stopping a long-lived session).
    public func limitDeadline(to seconds: Double) {
        deadline = min(deadline, EventLoop.now() + max(0, seconds))
        runtime.deadline = deadline
    }

    /// The data of the page on top as mirrored natively (every `setData` applied); nil without
    /// a page or a template.
    public var topPageData: HostValue? { stack.last?.components?.data }

    /// Runs jobs, timers and frame deliveries for up to `seconds` of real time (less when the
    /// loop is idle), for a host that keeps the page live between user events (the simulator).
    /// False once an uncaught error stopped the page or the run's deadline passed.
    public func run(for seconds: Double) -> Bool {
        guard runtime.uncaughtError == nil, EventLoop.now() < deadline else { return false }
        return runtime.runLoop(deadline: min(deadline, EventLoop.now() + seconds), untilSettled: false) != .uncaughtError
    }

    /// Runs until the work started so far settles (no call in flight, no one-shot timer due).
    public func settle() -> Bool {
        runtime.runLoop(deadline: deadline, untilSettled: true) != .uncaughtError
    }

    /// Runs until nothing is pending or the deadline; then the page on top hides (its
    /// components stop), the app hides (`App.onHide`) and every page unloads, top first.
    public func finish() -> JSRuntime.RunResult {
        var result = runtime.runLoop(deadline: deadline, untilSettled: false)
        navigator.closed = true
        if result != .uncaughtError, let top = stack.last {
            hide(top)
            if runtime.uncaughtError == nil { runtime.callInternal("appHook", [core.string("onHide"), core.undefined]) }
            let closing = stack.reversed() + parkedTabs
            for page in closing where runtime.uncaughtError == nil { unload(page, release: false) }
            stack = []
            parkedTabs = []
            runtime.session.show(page: nil)
            // Events the components fired while stopping (`stop`) still reach the page.
            let after = runtime.runLoop(deadline: min(deadline, EventLoop.now() + 2), untilSettled: true)
            if after == .uncaughtError || runtime.uncaughtError != nil { result = .uncaughtError }
            closing.forEach(release)
        }
        runtime.hooks.setData = nil
        runtime.hooks.currentPage = nil
        runtime.hooks.triggerEvent = nil
        runtime.hooks.selectComponent = nil
        runtime.hooks.componentObject = nil
        return result
    }

    private func lifecycle(_ instance: PageInstance, _ hook: String, _ arg: HostValue) {
        runtime.callInternal("lifecycle", [instance.page, core.string(hook), core.make(arg, functions: runtime.functions)])
    }
}

/// Carries a component's events from any thread to its page, on the JS thread.
final class ComponentRelay: ComponentEventSink, @unchecked Sendable {
    private weak var runner: PageRunner?
    private weak var instance: PageInstance?
    private let identity: NodeIdentity
    private let loop: EventLoop

    init(runner: PageRunner, instance: PageInstance, identity: NodeIdentity, loop: EventLoop) {
        self.runner = runner
        self.instance = instance
        self.identity = identity
        self.loop = loop
    }

    func fire(_ event: String, detail: HostValue) {
        loop.post { [self] in
            if let runner, let instance { runner.fireComponentEvent(instance, identity, event, detail) }
        }
    }
}
