import Foundation
import MiniApp
import MiniAudio
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniJS
import MiniNet
import MiniPhotos
import MiniStandard
import MiniWXML
import Synchronization

/// What `minimedia serve` runs: the package, dialect, devices and data, and the phone's width.
public struct SimulatorOptions: Sendable {
    public var path: String
    public var page: String?
    public var dialect: Dialect = .wx
    public var devices = StandardModules.Devices()
    public var dataDirectory: URL?
    public var appID: String?
    /// The phone's width in CSS px (`rpx` = width / 750).
    public var deviceWidth: Int = 375
    public var deviceHeight: Int = 667
    /// The first page's `onLoad` query.
    public var query: [String: String] = [:]
    /// Where page code may connect (the CLI's `--allow-domain` & co.); the default allows nothing.
    public var network = NetworkAccess()
    /// The component views by tag (the camera's preview; players add theirs).
    public var views: ComponentViewRegistry = .standard()
    /// An automation client drives the app too (`--auto-port`): the keep-alive loop leaves the
    /// runtime with no deadline between slices, as `AutomationDriver`'s own loop does, so the
    /// client's scripts are not cut short.
    public var automation = false
    /// Where the session's sound goes: `browser` (streamed to the browsers, heard in the tab; the
    /// default), `muted` (the null speaker: paced, heard nowhere) or `hostSpeaker`.
    public var speaker: String = SimulatorOptions.browserSpeaker
    /// The host's own speaker given with `--speaker` (`alsa:DEVICE`, `file:PATH`), offered in the
    /// side panel beside the browser and muted.
    public var hostSpeaker: String?

    /// The speaker choice that streams the sound to the browsers.
    public static let browserSpeaker = "browser"
    /// The speaker choice that plays to the null speaker.
    public static let mutedSpeaker = "muted"

    /// The speakers the side panel offers (the only ones a browser may choose).
    public var speakerChoices: [String] { [Self.browserSpeaker, Self.mutedSpeaker] + (hostSpeaker.map { [$0] } ?? []) }

    public init(path: String) { self.path = path }
}

/// The running app behind the browser: one `MiniApp` session kept live (its timers, results and
/// frames run between user events), the browsers connected to it, and the translation between
/// the two — renders pushed after each change, taps and inputs dispatched to the page's
/// handlers with the platform's event shape, the user's dialogs answered, the camera's frames
/// streamed. The host stays the one source of truth; the browser only shows and sends input.
public final class Simulator: Sendable {
    private let current: Mutex<(app: MiniApp, options: SimulatorOptions)>
    /// The app running now (a reload replaces it).
    public var app: MiniApp { current.withLock { $0.app } }
    /// The options of the app running now (a reload may change dialect and devices).
    public var options: SimulatorOptions { current.withLock { $0.options } }
    /// The browser's dialogs (the app's simulated user).
    public let user: BrowserUser
    /// The browser's webcam (`--camera browser`): frames the page sends while the camera is open.
    public let webcam = WebcamFeed()
    private let webcamOpen = Mutex(0)
    private let clients = Mutex<[Int: SimulatorClient]>([:])
    private let nextClient = Atomic<Int>(1)
    /// Taps, inputs and navigations run one at a time in arrival order.
    private let input = OperationChain()
    private struct Shown {
        var route: String?
        var tree: RenderTree?
        var stack: [PageEntry] = []
        var renderMessage: String?
        var css: [String: String] = [:]
        var viewsRunning: Set<String> = []
        var framesSent = 0
        var audioChunksSent = 0
        /// The last `componentState` message sent per tag (state views).
        var states: [String: String] = [:]
    }
    private let shown = Mutex(Shown())
    private let running = Atomic<Bool>(false)
    /// A reload is stopping the old app and opening the new one: neither running is an uncaught error.
    private let replacing = Atomic<Bool>(false)
    /// The console and API-call backlog (`logBacklog` newest), kept across reloads like the panel.
    private let log = Mutex<[String]>([])
    /// Reloads asked for and not yet done (events wait for the app they bring).
    private let pendingReloads = Atomic<Int>(0)
    private let tasks = Mutex<[Task<Void, Never>]>([])
    private let startedAt = Date()
    private let screenshots = ScreenshotRequests()
    private let replacedHooks = Mutex<[@Sendable (MiniApp) -> Void]>([])

    /// Sets up the app (nothing runs until `start`). Throws `MiniAppError` / `MediaError` for a
    /// bad package, device or data directory.
    public init(_ options: SimulatorOptions) throws {
        let box = SendBox()
        user = BrowserUser(send: { text in box.send?(text) })
        let webcam = self.webcam
        let active: @Sendable (Bool) -> Void = { on in box.webcam?(on) }
        let audio: @Sendable (AudioChunk) -> Void = { chunk in box.audio?(chunk) }
        current = Mutex((try Self.makeApp(options, user: user, webcam: webcam, active: active, audio: audio), options))
        box.audio = { [weak self] chunk in self?.broadcastAudio(chunk) }
        box.send = { [weak self] text in self?.broadcast(text) }
        box.webcam = { [weak self] on in self?.webcamActive(on) }
    }

    /// The camera spec that makes the browser's webcam the app's camera.
    public static let browserCamera = "browser"

    private static func makeApp(
        _ options: SimulatorOptions, user: BrowserUser, webcam: WebcamFeed, active: @escaping @Sendable (Bool) -> Void,
        audio: @escaping @Sendable (AudioChunk) -> Void
    ) throws -> MiniApp {
        var config = MiniAppConfiguration(
            path: options.path, page: options.page, dialect: options.dialect,
            user: user, dataDirectory: options.dataDirectory)
        config.appID = options.appID
        config.query = options.query
        config.network = options.network
        config.timeout = 100 * 365 * 86400
        config.eventHistory = 0
        // The session's mixer plays to a speaker that streams the mix to the browsers (or to the
        // null speaker, or the host's --speaker device).
        guard options.speakerChoices.contains(options.speaker) else {
            throw MediaError(.parameterError, "speaker must be one of \(options.speakerChoices.joined(separator: ", ")) (got \"\(options.speaker)\")")
        }
        if let host = options.hostSpeaker {
            var parsed = AudioEnvironment()
            try parsed.setSpeaker(host)  // a bad --speaker fails at start, not when chosen
        }
        let chosen: @Sendable (inout AudioEnvironment) -> Void
        if options.speaker == SimulatorOptions.browserSpeaker {
            chosen = { $0.speakerFactory = { _, clock in BrowserSpeaker(clock: clock, sink: audio) } }
        } else {
            var parsed = AudioEnvironment()
            try parsed.setSpeaker(options.speaker == SimulatorOptions.mutedSpeaker ? "null" : options.speaker)
            let spec = parsed.speaker
            chosen = { $0.speaker = spec }
        }
        if options.devices.camera == browserCamera {
            // The browser's webcam: the card's spec only sets the environment up; every device is
            // a BrowserCamera over the feed.
            var camera = try CameraEnvironment(cameraSpec: "synthetic:640x480", code: options.devices.cameraCode, microphoneSpec: options.devices.microphone)
            camera.deviceFactory = { _, clock in BrowserCamera(feed: webcam, clock: clock, onActive: active) }
            config.modules = StandardModules.make(camera: camera, audio: chosen)
        } else {
            config.modules = try StandardModules.make(options.devices, audio: chosen)
        }
        return try MiniApp(config)
    }

    /// Replaces the running app with a fresh one from the package (after a file changed, or with
    /// another dialect or camera), in turn with taps: the old app stops (its prompts fail), the
    /// new one opens. Permissions and the album stay: same data directory, same app id. Returns
    /// an error text (and keeps the old app) when the new one cannot be set up. A new `speaker`
    /// (one of `speakerChoices`) reopens the page the user is on, with its query.
    @discardableResult
    public func reload(
        dialect: Dialect? = nil, camera: String? = nil, microphone: String? = nil, speaker: String? = nil, reason: String
    ) async -> String? {
        pendingReloads.add(1, ordering: .sequentiallyConsistent)
        let task = input.run { [self] () -> String? in
            defer { pendingReloads.subtract(1, ordering: .sequentiallyConsistent) }
            var next = options
            if let dialect { next.dialect = dialect }
            if let camera { next.devices.camera = camera }
            if let microphone { next.devices.microphone = microphone }
            if let speaker {
                next.speaker = speaker
                if let top = shown.withLock({ $0.stack.last }) {
                    next.page = top.route
                    next.query = top.query
                }
            }
            let fresh: MiniApp
            // Setting up an app waits for its new JS thread: not on the cooperative pool.
            let (user, target, webcam) = (self.user, next, self.webcam)
            let active: @Sendable (Bool) -> Void = { [weak self] on in self?.webcamActive(on) }
            let audio: @Sendable (AudioChunk) -> Void = { [weak self] chunk in self?.broadcastAudio(chunk) }
            let made = await withCheckedContinuation { (c: CheckedContinuation<Result<MiniApp, any Error>, Never>) in
                Thread.detachNewThread { c.resume(returning: Result { try Self.makeApp(target, user: user, webcam: webcam, active: active, audio: audio) }) }
            }
            do { fresh = try made.get() } catch {
                let text = "reload: \((error as? MediaError)?.message ?? (error as? MiniAppError)?.description ?? "\(error)")"
                broadcast(JSONText.message([("type", "console"), ("level", "error"), ("text", .string(text))]))
                return text
            }
            let old = app
            for view in shown.withLock({ $0.viewsRunning }) { next.views.view(for: view)?.stop(session: old.session) }
            user.failPending("the app reloaded")
            replacing.store(true, ordering: .sequentiallyConsistent)
            _ = await old.stop(within: 2)
            shown.withLock { s in
                s = Shown()
            }
            current.withLock { $0 = (fresh, next) }
            await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                let hooks = replacedHooks.withLock { $0 }
                Thread.detachNewThread {
                    fresh.observe { [weak self] event in self?.observed(event) }
                    for hook in hooks { hook(fresh) }
                    c.resume()
                }
            }
            broadcast(JSONText.message([
                ("type", "reloaded"), ("reason", .string(reason)), ("dialect", .string(next.dialect.rawValue)), ("camera", .string(next.devices.camera)),
                ("microphone", .string(next.devices.microphone)), ("speaker", .string(next.speaker)),
            ]))
            broadcast(helloMessage())
            broadcast(permissionsMessage())
            _ = await fresh.open()
            // Until the new app is open, its not running is not a crash either.
            replacing.store(false, ordering: .sequentiallyConsistent)
            return nil
        }
        return (try? await task.value) ?? nil
    }

    /// Opens the page and keeps it live until `stop`.
    public func start() {
        guard !running.exchange(true, ordering: .relaxed) else { return }
        app.observe { [weak self] event in self?.observed(event) }
        let app = self.app
        let open = input.enqueue { await app.open() }
        let driver = Task.detached { [weak self] in
            await open.value
            var reported: ObjectIdentifier?
            while let self, self.running.load(ordering: .relaxed) {
                let app = self.app
                let live = self.options.automation
                    ? await app.withRuntime { $0.automationPump(for: 0.05) } == true
                    : await app.run(for: 0.05)
                guard live else {
                    // Stopped by an uncaught error (or being replaced by a reload): said once, then
                    // wait for a reload.
                    if reported != ObjectIdentifier(app), app === self.app, !self.replacing.load(ordering: .sequentiallyConsistent) {
                        reported = ObjectIdentifier(app)
                        self.broadcast(JSONText.message([("type", "console"), ("level", "error"), ("text", "the app stopped (an uncaught error); edit a file to reload")]))
                    }
                    try? await Task.sleep(for: .milliseconds(100))
                    continue
                }
                try? await Task.sleep(for: .milliseconds(8))
            }
        }
        let renderer = Task.detached { [weak self] in
            while let self, self.running.load(ordering: .relaxed) {
                await self.refresh()
                try? await Task.sleep(for: .milliseconds(20))
            }
        }
        let watcher = Task.detached { [weak self] in
            var last = self.map { PackageWatch.fingerprint($0.options.path) }
            while let self, self.running.load(ordering: .relaxed) {
                try? await Task.sleep(for: .milliseconds(400))
                let now = PackageWatch.fingerprint(self.options.path)
                if now != last {
                    last = now
                    await self.reload(reason: "a package file changed")
                }
            }
        }
        tasks.withLock { $0 = [driver, renderer, watcher] }
    }

    /// Stops the page (hidden, unloaded) and fails prompts still waiting.
    public func stop() async {
        guard running.exchange(false, ordering: .relaxed) else { return }
        user.close()
        screenshots.failAll("the simulator has stopped")
        for view in shown.withLock({ $0.viewsRunning }) { options.views.view(for: view)?.stop(session: app.session) }
        for t in tasks.withLock({ $0 }) { await t.value }
        await input.drain()
        _ = await app.stop(within: 2)
        for c in clients.withLock({ Array($0.values) }) { c.close() }
    }

    /// Calls `hook` with the new app each time a reload replaced it (before it opens; off the
    /// JS thread), so another driver of the app (the automation server) follows.
    public func onAppReplaced(_ hook: @escaping @Sendable (MiniApp) -> Void) {
        replacedHooks.withLock { $0.append(hook) }
    }

    /// A PNG of the phone view as the newest connected browser shows it (page, dialogs, live
    /// frames), at the device's size in CSS px. Throws `SimulatorError` when no browser is
    /// connected, or it does not answer within `timeout` seconds or with an image.
    public func captureScreenshot(timeout: Double = 15) async throws -> SimulatorScreenshot {
        guard let client = clients.withLock({ $0.max { $0.key < $1.key }?.value }) else {
            throw SimulatorError("no browser is showing the simulator: open its URL (minimedia serve prints it) first")
        }
        return try await screenshots.request(timeout: timeout) { client.send($0) }
    }

    /// What the app's mixer played, to every browser (each keeps at most a couple of seconds).
    private func broadcastAudio(_ chunk: AudioChunk) {
        shown.withLock { $0.audioChunksSent += 1 }
        for c in clients.withLock({ Array($0.values) }) { c.offerAudio(chunk) }
    }

    /// How many audio chunks the mixer handed to the browsers so far.
    public var audioChunksSent: Int { shown.withLock { $0.audioChunksSent } }

    /// A device over the webcam opened or closed: the browsers stream while one is open.
    private func webcamActive(_ on: Bool) {
        let count = webcamOpen.withLock { n -> Int in
            n = max(0, n + (on ? 1 : -1))
            return n
        }
        broadcast(webcamMessage(count > 0))
    }

    private func webcamMessage(_ on: Bool) -> String {
        JSONText.message([("type", "webcam"), ("on", .bool(on)), ("width", .number(Double(webcam.width))), ("height", .number(Double(webcam.height)))])
    }

    /// A webcam frame from a browser (a binary message); the reason when it was refused.
    func webcamFrame(_ jpeg: [UInt8]) -> String? {
        guard options.devices.camera == Self.browserCamera else { return "webcam frame: the camera is not the browser's (choose \"browser\" in the Device panel)" }
        return webcam.offer(jpeg: jpeg)
    }

    // MARK: Clients

    func connect() -> SimulatorClient {
        let client = SimulatorClient(id: nextClient.add(1, ordering: .relaxed).oldValue)
        // Under the backlog's lock: a line logged meanwhile reaches the client once, in order.
        log.withLock { lines in
            clients.withLock { $0[client.id] = client }
            client.send(helloMessage())
            for line in lines { client.send(line) }
        }
        let (render, stack) = shown.withLock { ($0.renderMessage, $0.stack) }
        if let render { client.send(render) }
        client.send(stackMessage(stack))
        client.send(permissionsMessage())
        client.send(albumMessage())
        for p in user.pendingMessages { client.send(p) }
        if webcamOpen.withLock({ $0 }) > 0 { client.send(webcamMessage(true)) }
        for state in shown.withLock({ $0.states.sorted { $0.key < $1.key }.map(\.value) }) { client.send(state) }
        Task { await self.sendPageData() }
        return client
    }

    private func helloMessage() -> String {
        let (app, options) = current.withLock { ($0.app, $0.options) }
        return JSONText.message([
            ("type", "hello"), ("app", .string(app.session.appID.rawValue)), ("dialect", .string(options.dialect.rawValue)),
            ("deviceWidth", .number(Double(options.deviceWidth))), ("deviceHeight", .number(Double(options.deviceHeight))),
            ("camera", .string(options.devices.camera)), ("microphone", .string(options.devices.microphone)), ("views", .array(options.views.tags.sorted().map(HostValue.string))),
            ("speaker", .string(options.speaker)), ("speakers", .array(options.speakerChoices.map(HostValue.string))),
            ("stateViews", .array(options.views.stateTags.sorted().map(HostValue.string))),
            ("title", .string(PackageWatch.windowTitle(options.path) ?? "")),
        ])
    }

    func disconnect(_ client: SimulatorClient) {
        client.close()
        clients.withLock { _ = $0.removeValue(forKey: client.id) }
    }

    func broadcast(_ text: String) {
        for c in clients.withLock({ Array($0.values) }) { c.send(text) }
    }

    /// The newest console and API-call messages a browser that connects later is shown first
    /// (the page's onLoad lines come before anyone opened the URL).
    static let logBacklog = 200

    /// A console or API-call message: to every browser, and kept for those that connect later.
    private func logged(_ text: String) {
        log.withLock { l in
            l.append(text)
            if l.count > Self.logBacklog { l.removeFirst(l.count - Self.logBacklog) }
            broadcast(text)
        }
    }

    /// How many preview frames went out (all clients).
    public var framesSent: Int { shown.withLock { $0.framesSent } }

    // MARK: From the app

    private func observed(_ event: AppEvent) {
        switch event {
        case .console(let level, let text):
            logged(JSONText.message([("type", "console"), ("level", .string(level == .error ? "error" : "log")), ("text", .string(text))]))
        case .uncaughtError(let text):
            logged(JSONText.message([("type", "console"), ("level", "error"), ("text", .string("uncaught: " + text))]))
        case .apiCall(let name, let ok, let result):
            var json = JSONText.stringify(result, style: .display)
            if json.count > 4000 { json = String(json.prefix(4000)) + "…" }
            logged(JSONText.message([("type", "api"), ("name", .string(name)), ("ok", .bool(ok)), ("result", .string(json))]))
            if name.contains("uthorize") || name.contains("etting") || !ok { broadcast(permissionsMessage()) }
            if name.contains("Album") || name.hasPrefix("choose") { broadcast(albumMessage()) }
        case .setData(let route, let changes):
            broadcast(JSONText.message([("type", "setData"), ("route", .string(route)), ("changes", changes)]))
        case .navigated(_, _, let stack):
            shown.withLock { $0.stack = stack }
            broadcast(stackMessage(stack))
        case .componentEvent(let tag, let id, let name, let detail):
            broadcast(JSONText.message([("type", "componentEvent"), ("tag", .string(tag)), ("id", id.map(HostValue.string) ?? .null), ("event", .string(name)), ("detail", detail)]))
            if tag == "camera", name == "initdone" || name == "error" { broadcast(permissionsMessage()) }
        default: break
        }
    }

    private func stackMessage(_ stack: [PageEntry]) -> String {
        JSONText.message([("type", "stack"), ("stack", .array(stack.map { e in
            .object(["route": .string(e.route), "query": .object(HostObjectValue(pairs: e.query.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))])
        }))])
    }

    func permissionsMessage() -> String {
        let decisions = (try? app.session.permissions.currentDecisions()) ?? [:]
        let list = decisions.sorted { $0.key < $1.key }.map { ($0.key.name(in: options.dialect), HostValue.bool($0.value)) }
        return JSONText.message([("type", "permissions"), ("scopes", .object(HostObjectValue(pairs: list)))])
    }

    /// The album's newest items (the side panel).
    func albumMessage() -> String {
        let items = ((try? app.session.photoLibrary().items(limit: 60)) ?? []).map { item -> HostValue in
            .object(["id": .number(Double(item.id)), "kind": .string("\(item.kind)"), "url": .string("/album/\(item.id)")])
        }
        return JSONText.message([("type", "album"), ("items", .array(items))])
    }

    private func sendPageData() async {
        let data = await app.pageData() ?? .null
        broadcast(JSONText.message([("type", "pageData"), ("route", .string(app.currentRoute ?? "")), ("data", data)]))
    }

    /// Pushes the page again when its tree or route changed; starts and stops component views.
    private func refresh() async {
        let tree = app.session.renderedPage?.renderedTree()
        let route = app.currentRoute
        pushStates(tree)
        let changed = shown.withLock { s -> Bool in
            guard s.tree != tree || s.route != route else { return false }
            s.tree = tree
            s.route = route
            return true
        }
        guard changed else { return }
        let rpx = Double(options.deviceWidth) / 750
        let components = Array(Set((tree?.componentHosts ?? []).compactMap(\.component))).sorted()
        let css = route.map { stylesheet($0, components: components) } ?? ""
        let message = JSONText.message([
            ("type", "render"), ("route", .string(route ?? "")), ("css", .string(css)), ("tree", RenderedJSON.tree(tree, rpx: rpx)),
            ("atMs", .number(Date().timeIntervalSince1970 * 1000)),
        ])
        shown.withLock { $0.renderMessage = message }
        broadcast(message)
        updateViews(tree)
        await sendPageData()
    }

    /// Sends each state view's states when they changed (elements of its tag on the page, or
    /// just gone: an empty list).
    private func pushStates(_ tree: RenderTree?) {
        let tags = options.views.stateTags
        guard !tags.isEmpty else { return }
        let present = Set((tree?.elements(tagged: tags) ?? []).map(\.tag))
        let session = app.session
        for tag in tags.sorted() {
            let onPage = present.contains(tag)
            let shownBefore = shown.withLock { $0.states[tag] != nil }
            guard onPage || shownBefore, let view = options.views.stateView(for: tag) else { continue }
            let states = onPage ? view.states(session: session) : []
            let message = JSONText.message([("type", "componentState"), ("tag", .string(tag)), ("states", .array(states))])
            let changed = shown.withLock { s -> Bool in
                defer { if !onPage { s.states[tag] = nil } }  // the empty list goes out once
                guard s.states[tag] != message else { return false }
                s.states[tag] = message
                return true
            }
            if changed { broadcast(message) }
        }
    }

    /// A control the user worked on a component (`<audio>`'s play/pause): queued now, in turn
    /// with taps. The task's value is the reason when it was refused (also sent to the browsers).
    @discardableResult
    public func control(tag: String, id: String?, index: Int, action: String) -> Task<String?, Never> {
        guard let view = options.views.stateView(for: tag) else { return Task { "control: <\(tag)> has no controls in the simulator" } }
        let app = self.app
        let work = input.run { () -> String? in view.control(session: app.session, id: id, index: index, action: action) }
        return Task { [weak self] in
            let refused: String?
            do { refused = try await work.value } catch { refused = "control: the simulator has stopped" }
            if let refused { self?.broadcast(JSONText.message([("type", "error"), ("text", .string(refused))])) }
            return refused
        }
    }

    /// The page's app + page styles, then each custom component's own, scoped to its elements.
    private func stylesheet(_ route: String, components: [String]) -> String {
        let key = ([route] + components).joined(separator: "|")
        if let cached = shown.withLock({ $0.css[key] }) { return cached }
        guard let root = app.location?.root else { return "" }
        let rpx = Double(options.deviceWidth) / 750
        var css = WXSS.stylesheet(root: root, pageStem: route, dialect: options.dialect, rpx: rpx)
        for path in components { css += WXSS.componentStylesheet(root: root, componentPath: path, dialect: options.dialect, rpx: rpx) }
        shown.withLock { $0.css[key] = css }
        return css
    }

    private func updateViews(_ tree: RenderTree?) {
        let present = Set((tree?.elements(tagged: options.views.tags) ?? []).map(\.tag))
        let (start, stop) = shown.withLock { s -> (Set<String>, Set<String>) in
            let start = present.subtracting(s.viewsRunning)
            let stop = s.viewsRunning.subtracting(present)
            s.viewsRunning = present
            return (start, stop)
        }
        for tag in stop { options.views.view(for: tag)?.stop(session: app.session) }
        for tag in start {
            options.views.view(for: tag)?.start(session: app.session) { [weak self] image in
                guard let self else { return }
                self.shown.withLock { $0.framesSent += 1 }
                for c in self.clients.withLock({ Array($0.values) }) { c.offer(image, view: tag) }
            }
        }
    }

    // MARK: From the browser

    /// One message from a browser. Returns an error text to send back for a message that is not
    /// understood (it is otherwise ignored).
    @discardableResult
    func received(_ text: String) -> String? {
        // A screenshot is the one large message a browser sends.
        if text.utf8.count > 1 << 20, text.utf8.count <= 48 << 20, text.hasPrefix(#"{"type":"captured""#), let message = HostValue(json: text) {
            return screenshots.answer(message)
        }
        guard text.utf8.count <= 1 << 20, let message = HostValue(json: text), let type = message["type"]?.stringValue else {
            return "not a message: expected a JSON object with a \"type\""
        }
        switch type {
        case "event": return event(message)
        case "captured": return screenshots.answer(message)
        case "answer":
            guard let n = message["id"]?.numberValue, n.rounded() == n, let id = Int(exactly: n) else { return "answer: id must be an integer" }
            return user.answer(id: id, message["answer"] ?? .null)
        case "navigate":
            guard let url = message["url"]?.stringValue, url.utf8.count <= 2048 else { return "navigate: url must be a string" }
            let kinds = ["navigate": "navigateTo", "redirect": "redirectTo", "switchTab": "switchTab", "reLaunch": "reLaunch", "navigateBack": "navigateBack"]
            guard let api = kinds[message["openType"]?.stringValue ?? "navigate"] else { return "navigate: unknown openType" }
            navigate(api, url: url)
            return nil
        case "back":
            navigate("navigateBack", url: "")
            return nil
        case "control":
            guard let tag = message["tag"]?.stringValue, options.views.stateTags.contains(tag) else { return "control: tag must name a component with controls" }
            guard let action = message["action"]?.stringValue, !action.isEmpty, action.utf8.count <= 32 else { return "control: action must be a string" }
            let id: String?
            switch message["id"] {
            case nil, .null?, .undefined?: id = nil
            case .string(let s)? where !s.isEmpty && s.utf8.count <= 256: id = s
            default: return "control: id must be a non-empty string"
            }
            guard let n = message["index"]?.numberValue ?? (id == nil ? nil : 0), n.rounded() == n, (0...1023).contains(n) else {
                return "control: index must be an integer 0...1023"
            }
            control(tag: tag, id: id, index: Int(n), action: action)
            return nil
        case "reload":
            var dialect: Dialect?
            if let raw = message["dialect"]?.stringValue {
                guard let d = Dialect(rawValue: raw) else { return "reload: dialect must be one of wx, qq, swan, tt, my" }
                dialect = d
            }
            let camera = message["camera"]?.stringValue
            if let camera, camera.isEmpty || camera.utf8.count > 1024 { return "reload: camera must be a device spec" }
            let microphone = message["microphone"]?.stringValue
            if let microphone, microphone.isEmpty || microphone.utf8.count > 1024 { return "reload: microphone must be a device spec" }
            let speaker = message["speaker"]?.stringValue
            if let speaker, !options.speakerChoices.contains(speaker) {
                return "reload: speaker must be one of \(options.speakerChoices.joined(separator: ", "))"
            }
            Task { await self.reload(dialect: dialect, camera: camera, microphone: microphone, speaker: speaker, reason: "asked from the browser") }
            return nil
        default: return "unknown message type \"\(type)\""
        }
    }

    /// A user event on a rendered element (`target`, its key). Which handlers run, on which
    /// owner (the page or a custom component), is decided host-side by `PageRunner.fire`
    /// (`EventRoute`): a tap bubbles through the rendered tree and out of components, other
    /// events run on the target. `chain` (the browser's element keys) is accepted and ignored.
    private func event(_ m: HostValue) -> String? {
        guard let name = m["event"]?.stringValue, let targetKey = m["target"]?.stringValue, !name.isEmpty, name.utf8.count <= 64
        else { return "event: needs event, target and chain" }
        if let chain = m["chain"], chain.arrayValue == nil || chain.arrayValue!.count > 256 { return "event: chain must be an array of keys" }
        let detail = m["detail"] ?? .object([:])
        // While a reload is on its way the element is looked up in the app it brings (the job
        // runs after it); otherwise a stale element is refused at once.
        if pendingReloads.load(ordering: .sequentiallyConsistent) == 0,
            RenderedJSON.element(targetKey, in: app.session.renderedPage?.renderedTree()) == nil
        {
            return "event: the element is no longer on the page"
        }
        input.enqueue { [weak self] in
            guard let self else { return }
            let app = self.app
            let tree = app.session.renderedPage?.renderedTree()
            guard let target = RenderedJSON.element(targetKey, in: tree) else {
                self.broadcast(JSONText.message([("type", "error"), ("text", "event: the element is no longer on the page")]))
                return
            }
            // A navigator runs its navigation like a tap would.
            let bound = tree?.chain(to: target.identity)?.contains { $0.handler(for: name) != nil } ?? false
            if !bound, name == "tap", target.tag == "navigator", let url = target.attributes["url"]?.stringValue {
                let openType = target.attributes["open-type"]?.stringValue ?? "navigate"
                let api = ["redirect": "redirectTo", "switchTab": "switchTab", "reLaunch": "reLaunch", "navigateBack": "navigateBack"][openType] ?? "navigateTo"
                await app.evaluate(self.navigationScript(api, url: url), url: "simulator.js")
                await app.settle()
                return
            }
            await app.fire(name, at: target.identity, detail: detail)
        }
        return nil
    }

    private func navigate(_ api: String, url: String) {
        let script = navigationScript(api, url: url)
        let app = self.app
        input.enqueue {
            await app.evaluate(script, url: "simulator.js")
            await app.settle()
        }
    }

    /// The page-side call of a navigation the user asked for, failures to the console.
    private func navigationScript(_ api: String, url: String) -> String {
        let ns = options.dialect.namespace
        return api == "navigateBack"
            ? "\(ns).navigateBack({fail: function (e) { console.error('navigateBack: ' + e.errMsg) }})"
            : "\(ns).\(api)({url: \(JSONQuoting.quote(url)), fail: function (e) { console.error('\(api): ' + (e.errMsg || e.errorMessage)) }})"
    }

    // MARK: Files for the browser

    /// The bytes of a page path (`wxfile://…`, `http://tmp/…`, a package path such as
    /// `/images/a.png`) through the sandbox rules, with a content type; nil when it is not readable.
    func file(_ path: String) -> (bytes: [UInt8], type: String)? {
        guard !path.isEmpty, path.utf8.count <= 1024 else { return nil }
        if let buffer = try? app.session.fileSystem.readFile(path), buffer.count <= 64 << 20 {
            return (buffer.array, Self.contentType(path, buffer.array))
        }
        // A package file (an <image src="/images/a.png"> or relative to the page).
        guard let root = app.location?.root, !path.contains("://") else { return nil }
        var rel = path
        if !rel.hasPrefix("/"), let route = app.currentRoute { rel = (route as NSString).deletingLastPathComponent + "/" + rel }
        let url = root.appendingPathComponent(rel.hasPrefix("/") ? String(rel.dropFirst()) : rel).standardizedFileURL
        guard WXSS.beneath(url, root), let data = FileManager.default.contents(atPath: url.path), data.count <= 64 << 20 else { return nil }
        return (Array(data), Self.contentType(path, Array(data)))
    }

    /// Adds an image dropped on the side panel to the album (source app `simulator`). Returns
    /// the reason when it is not an image the album takes.
    func importIntoAlbum(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty else { return "album import: the file is empty" }
        do {
            _ = try app.session.photoLibrary().addImage(bytes: bytes, sourceApp: "simulator")
        } catch {
            return "album import: \((error as? MediaError)?.message ?? "\(error)")"
        }
        broadcast(albumMessage())
        return nil
    }

    /// An album item's file (the picker's thumbnails).
    func albumFile(_ id: Int64) -> (bytes: [UInt8], type: String)? {
        guard let library = try? app.session.photoLibrary(), let item = try? library.item(id),
            let data = FileManager.default.contents(atPath: library.hostPath(of: item)), data.count <= 256 << 20
        else { return nil }
        return (Array(data), Self.contentType(library.hostPath(of: item), Array(data)))
    }

    static func contentType(_ path: String, _ bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        if bytes.starts(with: Array("GIF8".utf8)) { return "image/gif" }
        if bytes.count > 12, bytes[8..<12].elementsEqual(Array("WEBP".utf8)) { return "image/webp" }
        if bytes.count > 8, bytes[4..<8].elementsEqual(Array("ftyp".utf8)) { return "video/mp4" }
        return "application/octet-stream"
    }
}

/// Late binding of the user's send function to the simulator that owns it.
private final class SendBox: @unchecked Sendable {
    private let lock = NSLock()
    private var _send: (@Sendable (String) -> Void)?
    private var _webcam: (@Sendable (Bool) -> Void)?
    private var _audio: (@Sendable (AudioChunk) -> Void)?
    var audio: (@Sendable (AudioChunk) -> Void)? {
        get { lock.withLock { _audio } }
        set { lock.withLock { _audio = newValue } }
    }
    var send: (@Sendable (String) -> Void)? {
        get { lock.withLock { _send } }
        set { lock.withLock { _send = newValue } }
    }
    var webcam: (@Sendable (Bool) -> Void)? {
        get { lock.withLock { _webcam } }
        set { lock.withLock { _webcam = newValue } }
    }
}
