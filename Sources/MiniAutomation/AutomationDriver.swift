import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniWXML

/// Runs the automation protocol's methods against one running `MiniApp`.
///
/// Ordering: every method that touches the app starts with a job on the app's JS thread, and
/// `start` returns once that job ran, so methods take effect in the order the client sent them;
/// their results (a promise that settles later, a prompt the client answers next) arrive when
/// they are ready. Between calls the driver runs the app's event loop in short slices, as a
/// device would (timers fire, camera frames and API results arrive).
public final class AutomationDriver: @unchecked Sendable {
    /// The app the requests go to (`attach` replaces it: the simulator's reload).
    public var app: MiniApp { lock.withLock { _app } }
    private var _app: MiniApp
    /// Who takes `Tool.native` answers: the headless `AutomationUser`, or the simulator's
    /// browser dialogs.
    public let user: any AutomationAnswering
    /// Renders the view the user sees as an image (base64 PNG/JPEG) for `App.captureScreenshot`;
    /// nil when there is none (headless). Errors are `AutomationError`s.
    public var screenshot: (@Sendable () async throws -> String)? {
        get { lock.withLock { _screenshot } }
        set { lock.withLock { _screenshot = newValue } }
    }
    private var _screenshot: (@Sendable () async throws -> String)?
    /// How long a call may wait for its result (a promise, a callback) before it fails with `timeout`.
    public var callTimeout: Double = 60
    /// What `Tool.getInfo` reports.
    public static let sdkVersion = "3.3.4"
    public static let toolVersion = "1.06.2401020"

    private let lock = NSLock()
    /// Built-in controls' user state (`Element.callFunction`).
    let controls = ControlStates()
    private var sinks: [UUID: @Sendable (String) -> Void] = [:]
    private var logEnabled = false
    private var pump: Task<Void, Never>?
    private var closed = false
    /// Called when a client sent `Tool.close` or `App.exit` (the server stops).
    public var onClose: (@Sendable () -> Void)?

    public init(app: MiniApp, user: any AutomationAnswering) {
        self._app = app
        self.user = user
        app.observe { [weak self] event in self?.observed(event) }
    }

    /// Sends later requests to `app` (a host that replaced its app: the simulator's reload) and
    /// reports its events. Call it off the app's JS thread.
    public func attach(_ app: MiniApp) {
        lock.withLock { _app = app }
        app.observe { [weak self] event in self?.observed(event) }
    }

    /// Opens the app's page (if not yet open) and starts running its event loop.
    public func start() async -> Bool {
        let ok = await app.open()
        lock.withLock {
            guard pump == nil else { return }
            pump = Task.detached { [weak self] in
                while let self, !self.isClosed {
                    guard await self.app.withRuntime({ $0.automationPump(for: 0.02) }) == true else { break }
                    try? await Task.sleep(for: .milliseconds(5))
                }
            }
        }
        return ok
    }

    var isClosed: Bool { lock.withLock { closed } }

    /// Stops the loop and the app.
    public func stop() async {
        let task: Task<Void, Never>? = lock.withLock {
            closed = true
            defer { pump = nil }
            return pump
        }
        task?.cancel()
        await task?.value
        _ = await app.stop()
    }

    // MARK: Events

    /// Adds a connection's writer; events go to every connection.
    func addSink(_ id: UUID, _ sink: @escaping @Sendable (String) -> Void) { lock.withLock { sinks[id] = sink } }
    func removeSink(_ id: UUID) { lock.withLock { _ = sinks.removeValue(forKey: id) } }

    func emit(_ method: String, _ params: [String: Any]) {
        let text = AutomationMessage.event(method, params)
        for sink in lock.withLock({ Array(sinks.values) }) { sink(text) }
    }

    private func observed(_ event: AppEvent) {
        switch event {
        case .console(let level, let text):
            if lock.withLock({ logEnabled }) { emit("App.logAdded", ["type": level == .log ? "log" : "error", "args": [text]]) }
        case .uncaughtError(let text):
            emit("App.exceptionThrown", ["exceptionDetails": ["text": text, "exception": ["description": text]]])
        case .navigated(let kind, _, let stack):
            if kind == "appLaunch" { emit("App.initialized", ["path": stack.last?.route ?? ""]) }
            let options = (try? JSONValue.text(["openType": kind])) ?? "{}"
            // After the step that published it (the new page's onLoad/onShow/onReady) ends.
            Task { [app] in _ = await app.withRuntime { $0.automationRouteDone(options) } }
        default: break
        }
    }

    // MARK: Calls

    /// A call's result to come.
    public struct Pending: Sendable {
        let body: @Sendable () async throws -> JSONValue
        public func value() async throws -> JSONValue { try await body() }
        static func now(_ v: [String: Any]) -> Pending {
            let box = JSONValue(v)
            return Pending { box }
        }
    }

    /// Evaluates `source` applied to `args` on the JS thread; returns once the call started.
    func startJS(
        _ source: String, _ args: [Any], gesture: Bool = false, prepare: (@Sendable (JSRuntime) throws -> Void)? = nil
    ) async throws -> Pending {
        let argsJSON = try JSONValue.text(args)
        let once = Once<AutomationOutcome>()
        let started: String?? = await app.withRuntime { runtime in
            do { try prepare?(runtime) } catch { return "\(error)" }
            runtime.automationCall(source, argumentsJSON: argsJSON, userGesture: gesture) { once.fire($0) }
            return nil
        }
        switch started {
        case .none: throw AutomationError("the app has stopped")
        case .some(.some(let message)): throw AutomationError(message)
        case .some(.none): break
        }
        let timeout = callTimeout
        return Pending {
            let timer = Task {
                try? await Task.sleep(for: .seconds(timeout))
                once.fire(.error("timeout"))
            }
            defer { timer.cancel() }
            let outcome: AutomationOutcome = await withCheckedContinuation { c in once.set { c.resume(returning: $0) } }
            switch outcome {
            case .value(let json): return JSONValue(json: json) ?? .null
            case .error(let message): throw AutomationError(message)
            }
        }
    }

    /// `startJS` whose value goes back as `{result: value}`.
    func resultJS(_ source: String, _ args: [Any], gesture: Bool = false) async throws -> Pending {
        let p = try await startJS(source, args, gesture: gesture)
        return Pending { JSONValue(["result": try await p.value().value]) }
    }

    /// The page on screen's rendered tree, read on the JS thread (after the calls before it).
    func tree() async throws -> ElementTree {
        let session = app.session
        guard let read = await app.withRuntime({ _ in session.renderedPage?.renderedTree() }) else {
            throw AutomationError("the app has stopped")
        }
        guard let tree = read else { throw AutomationError("the page on screen has no rendered template") }
        return ElementTree(tree: tree)
    }

    func element(_ params: [String: Any], _ method: String) async throws -> (ElementTree, RenderedElement) {
        let id = try params.string("elementId", method)
        let tree = try await tree()
        guard let found = tree.find(id) else { throw AutomationError("\(method): element \(id) is not on the page on screen") }
        return (tree, found)
    }

    /// Starts `method`; the returned value delivers its result.
    public func start(_ method: String, _ params: [String: Any]) async throws -> Pending {
        switch method {
        case "Tool.getInfo":
            return .now(["SDKVersion": Self.sdkVersion, "version": Self.toolVersion, "name": "minimedia"])
        case "Tool.close", "App.exit":
            lock.withLock { closed = true }
            onClose?()
            return .now([:])
        case "Tool.native": return .now(try native(params))
        case "Tool.clearAuth":
            try await app.session.permissions.clearAll()
            return .now([:])
        case "App.captureScreenshot":
            guard let screenshot else {
                throw AutomationError("App.captureScreenshot needs the browser view (minimedia serve); minimedia auto is headless")
            }
            return Pending { JSONValue(["data": try await screenshot()]) }
        case "App.enableLog":
            lock.withLock { logEnabled = true }
            return .now([:])
        case "App.addBinding":
            let name = try params.string("name", method)
            let added: Bool? = await app.withRuntime { [weak self] runtime in
                runtime.automationAddBinding(name) { name, argsJSON in
                    let args = JSONValue(json: argsJSON)?.value ?? []
                    self?.emit("App.bindingCalled", ["name": name, "args": args])
                }
            }
            guard added == true else { throw AutomationError("App.addBinding: \"\(name)\" is not a valid binding name") }
            return .now([:])
        case "App.callFunction":
            return try await resultJS(try params.string("functionDeclaration", method), try params.array("args", method))
        case "App.callWxMethod":
            let name = try params.string("method", method)
            // miniprogram-automator's first call on DevTools: the runtime side it would start
            // is built in here.
            if name == "$$initRuntimeAutomator" { return .now(["result": NSNull()]) }
            return try await resultJS(Scripts.callWx, [name, try params.array("args", method)])
        case "App.mockWxMethod":
            let name = try params.string("method", method)
            let fn = try params.optionalString("functionDeclaration", method)
            let hasResult = params["result"] != nil
            let p = try await startJS(
                Scripts.mockWx, [name, fn != nil ? "function" : hasResult ? "result" : "restore", params["result"] ?? NSNull(), fn ?? "", try params.array("args", method)])
            return Pending { _ = try await p.value(); return JSONValue([String: Any]()) }
        case "App.getCurrentPage":
            let p = try await startJS(Scripts.currentPage, [])
            return Pending { try await p.value() }
        case "App.getPageStack":
            let p = try await startJS(Scripts.pageStack, [])
            return Pending { JSONValue(["pageStack": try await p.value().value]) }
        case "Page.getData":
            let p = try await startJS(Scripts.pageData, [params["pageId"] ?? NSNull(), try params.optionalString("path", method) ?? ""])
            return Pending { JSONValue(["data": try await p.value().value]) }
        case "Page.setData":
            let p = try await startJS(Scripts.pageSetData, [params["pageId"] ?? NSNull(), try params.object("data", method)])
            return Pending { _ = try await p.value(); return JSONValue([String: Any]()) }
        case "Page.callMethod":
            return try await resultJS(Scripts.pageCallMethod, [params["pageId"] ?? NSNull(), try params.string("method", method), try params.array("args", method)])
        case "Page.callFunction":
            return try await resultJS(
                Scripts.pageCallFunction, [params["pageId"] ?? NSNull(), try params.string("functionDeclaration", method), try params.array("args", method)])
        case "Page.navigate":
            let openType = try params.optionalString("openType", method) ?? "navigateTo"
            guard ["navigateTo", "redirectTo", "switchTab", "reLaunch", "navigateBack"].contains(openType) else {
                throw AutomationError("Page.navigate: openType must be navigateTo, redirectTo, switchTab, reLaunch or navigateBack")
            }
            let options: [String: Any] = openType == "navigateBack" ? ["delta": params["delta"] ?? 1] : ["url": try params.string("url", method)]
            return try await resultJS(Scripts.callWx, [openType, [options]])
        case "Page.getWindowProperties":
            let names = try params.array("names", method)
            guard names.allSatisfy({ $0 is String }) else { throw AutomationError("Page.getWindowProperties: names must be strings") }
            return try await resultJS(Scripts.windowProperties, [names]).mapResult("properties")
        case "Page.getElement", "Page.getElements":
            let selector = try params.string("selector", method)
            let matches = try await tree().select(selector)
            return try Self.elements(matches, method: method, single: method == "Page.getElement", query: selector)
        case "Page.getElementByXpath", "Page.getElementsByXpath":
            let xpath = try XPath(try params.string("selector", method))
            let matches = xpath.evaluate(try await tree().tree)
            return try Self.elements(matches, method: method, single: method == "Page.getElementByXpath", query: try params.string("selector", method))
        default:
            if method.hasPrefix("Element.") { return try await elementMethod(method, params) }
            throw AutomationError("\(method) unimplemented")
        }
    }

    static func elements(_ matches: [RenderedElement], method: String, single: Bool, query: String) throws -> Pending {
        if single {
            guard let first = matches.first else { throw AutomationError("\(method): no element matches \"\(query)\"") }
            return .now(ElementTree.describe(first))
        }
        return .now(["elements": matches.map(ElementTree.describe)])
    }

    // MARK: Tool.native

    /// `Tool.native {method, data}`: the user's side of prompts. Unknown methods answer
    /// `{error: {message: "can not find in protocol: …"}}` as DevTools does.
    func native(_ params: [String: Any]) throws -> [String: Any] {
        let name = try params.string("method", "Tool.native")
        let data = params["data"] as? [String: Any] ?? [:]
        let answer: AutomationUser.Answer
        switch name {
        case "authorizeAllow": answer = .consent(true)
        case "authorizeCancel": answer = .consent(false)
        case "confirmModal": answer = .modal(confirm: true, content: data["content"] as? String)
        case "cancelModal": answer = .modal(confirm: false, content: nil)
        case "pickMediaFile", "chooseAlbum":
            let positions = (data["indexes"] as? [Any] ?? []).compactMap { ($0 as? NSNumber)?.intValue }
            answer = .pick(positions)
        case "selectActionSheet":
            answer = .sheet((data["index"] as? NSNumber)?.intValue)
        case "cancelActionSheet": answer = .sheet(nil)
        default:
            return ["error": ["message": "can not find in protocol: \(name)"]]
        }
        let answeredNow = user.give(answer)
        return ["answered": answeredNow ? "prompt" : "queued"]
    }

    // MARK: Elements

    func elementMethod(_ method: String, _ params: [String: Any]) async throws -> Pending {
        let (tree, element) = try await element(params, method)
        switch method {
        case "Element.tap", "Element.longpress":
            return try await fire(method == "Element.tap" ? "tap" : "longpress", on: element, params: params, detail: ["x": 0, "y": 0])
        case "Element.touchstart", "Element.touchmove", "Element.touchend", "Element.touchcancel":
            let type = String(method.dropFirst("Element.".count))
            return try await fire(type, on: element, params: params, detail: [:])
        case "Element.triggerEvent":
            let type = try params.string("type", method)
            return try await fire(type, on: element, params: params, detail: params["detail"] ?? [String: Any]())
        case "Element.getWXML":
            let type = try params.optionalString("type", method) ?? "outer"
            guard type == "outer" || type == "inner" else { throw AutomationError("Element.getWXML: type must be inner or outer") }
            return .now(["wxml": ElementTree.wxml(element, outer: type == "outer")])
        case "Element.getElement", "Element.getElements":
            let selector = try params.string("selector", method)
            return try Self.elements(try tree.select(selector, in: element), method: method, single: method == "Element.getElement", query: selector)
        case "Element.getOffset", "Element.getSize", "Element.getRect":
            guard let box = BoxLayout().layout(tree.tree)[element.identity] else { throw AutomationError("\(method): the element has no box") }
            switch method {
            case "Element.getOffset": return .now(["left": box.left, "top": box.top])
            case "Element.getSize": return .now(["width": box.width, "height": box.height])
            default: return .now(["left": box.left, "top": box.top, "width": box.width, "height": box.height])
            }
        case "Element.getAttributes":
            let names = try params.array("names", method).compactMap { $0 as? String }
            return .now(["attributes": names.map { XPath.attribute($0, of: element).map { $0 as Any } ?? NSNull() }])
        case "Element.getStyles":
            let names = try params.array("names", method).compactMap { $0 as? String }
            let decls = Self.styles(element.style)
            return .now(["styles": names.map { decls[$0].map { $0 as Any } ?? NSNull() }])
        case "Element.getProperties", "Element.getDOMProperties":
            let names = try params.array("names", method).compactMap { $0 as? String }
            return .now(["properties": names.map { Self.property($0, of: element) }])
        case "Element.callFunction":
            return try await callFunction(params, tree: tree, element: element)
        case "Element.getData", "Element.setData", "Element.callMethod":
            guard element.component != nil else { throw AutomationError("\(method): <\(element.tag)> is not a custom component") }
            let key = ElementTree.elementID(element)
            switch method {
            case "Element.getData":
                let p = try await startJS(Scripts.componentData, [key])
                return Pending { JSONValue(["data": try await p.value().value]) }
            case "Element.setData":
                let p = try await startJS(Scripts.componentSetData, [key, try params.object("data", method)])
                return Pending { _ = try await p.value(); return JSONValue([String: Any]()) }
            default:
                return try await resultJS(Scripts.componentCallMethod, [key, try params.string("method", method), try params.array("args", method)])
            }
        case "Element.callContextMethod":
            let contextMethod = try params.string("method", method)
            let factory: String
            switch element.tag {
            case "video": factory = "createVideoContext"
            case "camera": factory = "createCameraContext"
            case "live-player": factory = "createLivePlayerContext"
            case "live-pusher": factory = "createLivePusherContext"
            default: throw AutomationError("Element.callContextMethod: <\(element.tag)> has no context (video, camera, live-player, live-pusher)")
            }
            if element.tag != "camera", element.id == nil {
                throw AutomationError("Element.callContextMethod: the <\(element.tag)> has no id to create its context with")
            }
            return try await resultJS(Scripts.contextMethod, [factory, element.id ?? "", contextMethod, try params.array("args", method)], gesture: true)
        default:
            throw AutomationError("\(method) unimplemented")
        }
    }

    /// Runs the handlers `type` reaches from `element` as a user event, through the page
    /// runner's one event path (`PageRunner.fire` / `EventRoute`: bubbling through bind
    /// handlers, stopped by catch, across custom components; each handler on its owner).
    func fire(_ type: String, on element: RenderedElement, params: [String: Any], detail: Any) async throws -> Pending {
        let payload = try JSONValue.text(["detail": detail, "touches": params["touches"] ?? [Any](), "changedTouches": params["changedTouches"] ?? [Any]()])
        guard let values = HostValue(json: payload) else { throw AutomationError("Element event: detail is not JSON") }
        let fired = await app.fire(
            type, at: element.identity, detail: values["detail"] ?? .object([:]), touches: values["touches"], changedTouches: values["changedTouches"],
            settling: false)
        if !fired, let error = app.uncaughtError { throw AutomationError("the app stopped: \(error)") }
        return .now([:])
    }

    static func target(_ e: RenderedElement) -> [String: Any] {
        var dataset: [String: Any] = [:]
        for (k, v) in e.dataset { dataset[k] = jsonObject(v) }
        return ["id": e.id ?? "", "dataset": dataset, "tagName": e.tag]
    }

    static func jsonObject(_ v: HostValue) -> Any {
        switch v {
        case .undefined, .null, .function, .bytes: return NSNull()
        case .bool(let b): return b
        case .number(let n): return n
        case .string(let s): return s
        case .array(let a): return a.map(jsonObject)
        case .object(let o):
            var d: [String: Any] = [:]
            for (k, v) in o { d[k] = jsonObject(v) }
            return d
        }
    }

    static func styles(_ style: String) -> [String: String] {
        var out: [String: String] = [:]
        for decl in style.split(separator: ";") {
            let parts = decl.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            out[parts[0].trimmingCharacters(in: .whitespaces)] = parts[1].trimmingCharacters(in: .whitespaces)
        }
        return out
    }

    static func property(_ name: String, of e: RenderedElement) -> Any {
        switch name {
        case "innerText", "textContent": return ElementTree.text(e)
        case "id": return e.id ?? ""
        case "tagName": return e.tag
        case "className": return e.classes.joined(separator: " ")
        case "dataset": return target(e)["dataset"]!
        default: return e.attributes[name].map(jsonObject) ?? NSNull()
        }
    }
}

extension AutomationDriver.Pending {
    /// `{key: result}` from a `{result: …}` pending.
    func mapResult(_ key: String) -> AutomationDriver.Pending {
        let body = self.body
        return .init { JSONValue([key: ((try await body().value) as? [String: Any])?["result"] ?? NSNull()]) }
    }
}
