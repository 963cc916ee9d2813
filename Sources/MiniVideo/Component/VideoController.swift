import Foundation
import MiniCodec
import MiniCore
import MiniHost
import MiniNet
import MiniStorage

/// One mounted `<video>`: its attributes, its `VideoPlayer`, and the state the VideoContext
/// methods change (full screen, status bar, danmu sent). Relays player events to the page with
/// the platform's shapes. The simulator reads `player.screen`, `danmu`, `isFullScreen`, `attributes`.
public final class VideoController: @unchecked Sendable {
    public let session: AppSession
    public let id: String?
    public let player: VideoPlayer
    private let fire: @Sendable (String, HostValue) -> Void
    private let lock = NSLock()
    private var _attributes = VideoAttributes()
    private var sentDanmu: [Danmu] = []
    private var fullScreen = false
    private var fullScreenDirection = 0
    private var statusBarHidden = false
    private var controlsShown = true
    private var hiddenWhilePlaying = false
    /// The open file (or downloaded copy) the player reads.
    private var source: AnyObject?
    /// Largest network video downloaded, and the time allowed for it.
    public static let download = DownloadLimits(maxBytes: 200 << 20, timeout: 60)

    init(session: AppSession, id: String?, fire: @escaping @Sendable (String, HostValue) -> Void) {
        self.session = session
        self.id = id
        self.fire = fire
        let events = session.events
        var hooks = PlayerHooks(emit: { _ in }, busy: { events.pendingWork("video") }, alive: { events.keepAlive("video playing") })
        let relay = EventRelay()
        hooks.emit = { e in relay.target?.relay(e) }
        player = VideoPlayer(clock: session.clock, hooks: hooks)
        relay.target = self
    }

    /// The current attributes.
    public var attributes: VideoAttributes { lock.withLock { _attributes } }
    /// Danmu from `danmu-list` and `sendDanmu`, in media-time order.
    public var danmu: [Danmu] {
        lock.withLock { (_attributes.danmuList + sentDanmu).sorted { $0.time < $1.time } }
    }
    public var isFullScreen: Bool { lock.withLock { fullScreen } }
    public var isStatusBarHidden: Bool { lock.withLock { statusBarHidden } }
    public var areControlsShown: Bool { lock.withLock { controlsShown } }

    // MARK: Attributes

    func apply(_ changed: [String: HostValue], initial: Bool) {
        let (old, new, warnings) = lock.withLock { () -> (VideoAttributes, VideoAttributes, [String]) in
            let old = _attributes
            let w = _attributes.apply(changed)
            if initial || old.controls != _attributes.controls { controlsShown = _attributes.controls }
            return (old, _attributes, w)
        }
        warnings.forEach(session.events.warn)
        player.setLoop(new.loop)
        player.setMuted(new.muted)
        if !initial && old.controls != new.controls { fire("controlstoggle", .object(["show": .bool(new.controls)])) }
        if initial || old.src != new.src { load(new) }
        if !initial && !old.autoplay && new.autoplay && player.currentState == .paused { player.play() }
    }

    private func load(_ a: VideoAttributes) {
        let src = a.src
        lock.withLock { source = nil }
        guard !src.isEmpty else {
            player.close()
            return
        }
        let session = self.session
        let network = VideoURL.isNetworkURL(src, dialect: session.dialect)
        if network { fire("waiting", .object([:])) }
        let fire = self.fire
        player.load(startAt: .nanoseconds(Int64(min(a.initialTime, 1e7) * 1e9))) { [weak self] in
            let (input, holder) = try await Self.open(src, network: network, session: session) { percent in
                fire("progress", .object(["buffered": .number(percent)]))
            }
            self?.lock.withLock { self?.source = holder }
            return input
        }
        if a.autoplay { player.play() }
    }

    /// A temp/saved/user/package path opened in the sandbox, or an http(s) url downloaded through
    /// the app's network policy into a staged file.
    /// `progress` gets the downloaded percent (whole numbers, as they change) of a network source.
    static func open(_ src: String, network: Bool, session: AppSession, progress: @escaping @Sendable (Double) -> Void)
        async throws -> (MediaInput, AnyObject)
    {
        if network {
            guard NetworkURL(src) != nil else { throw MediaError.parameter("src is not a valid url: \(src)") }
            let staged = try session.files.stageFile()
            let last = PercentGate()
            let events = TransferEvents(progress: { p in
                guard p.expectedToReceive > 0 else { return }
                if let percent = last.next(Double(p.received) * 100 / Double(p.expectedToReceive)) { progress(percent) }
            })
            let request = HTTPRequest(url: src, timeout: download.timeout, maxResponseBytes: download.maxBytes)
            switch await session.network.exchange(request, sink: .file(staged.file.fd), events: events) {
            case .success(let r) where (200..<300).contains(r.status): break
            case .success(let r): throw NetworkAccess.mediaError(.httpStatus(r.status), failure: "download video fail")
            case .failure(let why): throw NetworkAccess.mediaError(why, failure: "download video fail")
            }
            return (.descriptor(staged.file.fd, name: src), staged)
        }
        let source = try VideoSource.open(src, session: session)
        return (source.input, source.file)
    }

    // MARK: Events

    fileprivate func relay(_ e: PlayerEvent) {
        let shownDuration = attributes.duration
        func d(_ media: Double) -> HostValue { .number(shownDuration > 0 ? shownDuration : media) }
        switch e {
        case .loadedMetadata(let w, let h, let duration):
            fire("loadedmetadata", .object(["width": .number(Double(w)), "height": .number(Double(h)), "duration": d(duration)]))
        case .progress(let buffered): fire("progress", .object(["buffered": .number(buffered)]))
        case .waiting: fire("waiting", .object([:]))
        case .play: fire("play", .object([:]))
        case .pause: fire("pause", .object([:]))
        case .ended: fire("ended", .object([:]))
        case .timeUpdate(let t, let duration):
            fire("timeupdate", .object(["currentTime": .number((t * 1000).rounded() / 1000), "duration": d(duration)]))
        case .seekComplete(let p): fire("seekcomplete", .object(["position": .number((p * 1000).rounded() / 1000)]))
        case .error(let reason): fire("error", .object(["errMsg": .string("MEDIA_ERR_SRC_NOT_SUPPORTED: \(reason)")]))
        }
    }

    // MARK: Context methods and page lifecycle

    func sendDanmu(text: String, color: String) {
        let t = player.position.seconds
        lock.withLock { sentDanmu.append(Danmu(text: text, color: color, time: t)) }
    }

    func setFullScreen(_ on: Bool, direction: Int?) {
        let size = player.size
        let changed = lock.withLock { () -> Bool in
            guard fullScreen != on else { return false }
            fullScreen = on
            if on {
                let auto = size.map { $0.width > $0.height ? 90 : 0 } ?? 0
                fullScreenDirection = direction ?? _attributes.direction ?? auto
            }
            return true
        }
        guard changed else { return }
        let dir = lock.withLock { on ? (fullScreenDirection == 0 ? "vertical" : "horizontal") : "vertical" }
        fire("fullscreenchange", .object(["fullScreen": .bool(on), "direction": .string(dir)]))
    }

    func setStatusBarHidden(_ hidden: Bool) { lock.withLock { statusBarHidden = hidden } }

    /// The user tapped the picture: the controls show or hide (`controlstoggle`). For the simulator.
    public func toggleControls() {
        let show = lock.withLock { () -> Bool? in
            guard _attributes.controls else { return nil }
            controlsShown.toggle()
            return controlsShown
        }
        if let show { fire("controlstoggle", .object(["show": .bool(show)])) }
    }

    func pageHidden() {
        let playing = player.currentState == .playing
        lock.withLock { hiddenWhilePlaying = playing }
        if playing { player.pause() }
    }

    func pageShown() {
        // WeChat leaves a video paused by a page hide paused; the page resumes it if it wants.
        lock.withLock { hiddenWhilePlaying = false }
    }

    func unmount() {
        player.close()
        lock.withLock { source = nil }
    }
}

/// Lets a download's percent through when its whole number changes (never 100: the player
/// reports that once the file is open).
private final class PercentGate: @unchecked Sendable {
    private let lock = NSLock()
    private var last = -1.0
    func next(_ percent: Double) -> Double? {
        let p = min(99, percent.rounded(.down))
        return lock.withLock {
            guard p > last else { return nil }
            last = p
            return p
        }
    }
}

/// Breaks the cycle controller → player → hooks → controller.
private final class EventRelay: @unchecked Sendable {
    weak var target: VideoController?
}

/// The dialect's rule for which `http(s)` strings are network urls (Alipay's local files are `https://resource/…`).
enum VideoURL {
    static func isNetworkURL(_ path: String, dialect: Dialect) -> Bool {
        let lower = path.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        if dialect == .my, path.hasPrefix("https://resource/") || path.hasPrefix("https://usr/") || path == "https://usr" { return false }
        return true
    }
}
