import MiniCore
import MiniHost
import Synchronization

/// The app's one BackgroundAudioManager (`getBackgroundAudioManager()` returns it every time,
/// API.md §5): an `AudioPlayer` on the session's mixer that belongs to the app, not a page, so
/// it plays on across navigateTo / redirectTo / navigateBack. Setting `src` starts playback and
/// needs a `title` first (else `onError` with errCode -1, **MiniMedia choice**). The legacy
/// `playBackgroundAudio` family drives the same manager and hears the same player; its
/// `onBackgroundAudioPlay/Pause/Stop` are session-wide events (Stop also fires at the end).
/// The host presses the player's prev/next buttons with `press(_:)` (→ `onPrev` / `onNext`).
public final class BackgroundAudioManager: NativeObject, @unchecked Sendable {
    override public var className: String { "BackgroundAudioManager" }
    public let session: AppSession
    private(set) var player: AudioPlayer!

    /// What the page set: the metadata the system's player shows, and the source.
    struct Settings: Sendable {
        var src = ""
        /// title, epname, singer, coverImgUrl, webUrl, protocol.
        var text: [String: String] = ["protocol": "http"]
        var loaded = false
        /// `playBackgroundAudio` calls waiting for canplay (success) or an error (fail).
        var waiters: [CheckedContinuation<Void, any Error>] = []
    }
    private let box = SettingsBox()

    /// A button of the system's background player.
    public enum Button: String, Sendable { case prev, next }

    init(session: AppSession, mixer: AudioMixer) {
        self.session = session
        super.init()
        let events = session.events
        let target = handle
        let box = self.box
        player = AudioPlayer(mixer: mixer,
                             pendingWork: { events.pendingWork("BackgroundAudioManager.src") }) { event in
            var payload: HostValue = .undefined
            var waiters: [CheckedContinuation<Void, any Error>] = []
            var failure: MediaError?
            switch event {
            case .error(let code, let message):
                payload = .object(["errCode": .number(Double(code)), "errMsg": .string(message)])
                failure = MediaError(.internalError, message)
                waiters = box.mutex.withLock { s in defer { s.waiters = [] }; return s.waiters }
            case .canplay:
                waiters = box.mutex.withLock { s in defer { s.waiters = [] }; return s.waiters }
            default: break
            }
            events.emit(event.name, target: target, payload: payload)
            switch event {
            case .play: events.emit("backgroundAudioPlay", target: nil, payload: .object([:]))
            case .pause: events.emit("backgroundAudioPause", target: nil, payload: .object([:]))
            case .stop, .ended: events.emit("backgroundAudioStop", target: nil, payload: .object([:]))
            default: break
            }
            for w in waiters {
                if let failure { w.resume(throwing: failure) } else { w.resume() }
            }
        }
    }

    /// The manager of `session`.
    public static func of(_ session: AppSession, environment: AudioEnvironment) -> BackgroundAudioManager {
        // The mixer first: a service is never made while another is being made.
        let mixer = AudioMixer.of(session, environment: environment)
        let slot = session.service(Slot.self) { Slot() }
        let manager = session.service(BackgroundAudioManager.self) { BackgroundAudioManager(session: session, mixer: mixer) }
        slot.manager.withLock { $0 = manager }
        return manager
    }

    /// The manager of `session` if a page asked for it (nil before `getBackgroundAudioManager()`
    /// or `playBackgroundAudio`).
    public static func existing(in session: AppSession) -> BackgroundAudioManager? {
        session.service(Slot.self) { Slot() }.manager.withLock { $0 }
    }

    /// Where `existing(in:)` finds the manager without making one.
    private final class Slot: Sendable {
        let manager = Mutex<BackgroundAudioManager?>(nil)
    }

    /// Not playing (as the page's `paused` reads it).
    public var paused: Bool { player.paused }

    var src: String { box.mutex.withLock { $0.src } }
    /// Whether a source was set (the legacy state's status 2 is "no music").
    var hasSource: Bool { box.mutex.withLock { $0.loaded } }

    func set(_ key: String, _ value: String) { box.mutex.withLock { $0.text[key] = value } }
    func get(_ key: String) -> String { box.mutex.withLock { $0.text[key] ?? "" } }

    /// Sets the source and starts playing it: an app file, an http(s) URL, or with
    /// `protocol = "hls"` an http(s) HLS playlist (FFmpeg's hls demuxer reads it).
    func setSource(_ src: String, waiter: CheckedContinuation<Void, any Error>? = nil) {
        let (title, proto) = box.mutex.withLock { s -> (String, String) in
            s.src = src
            if let waiter { s.waiters.append(waiter) }
            return (s.text["title"] ?? "", s.text["protocol"] ?? "http")
        }
        let session = self.session
        if title.isEmpty {
            // Not played: the system player cannot show a nameless item.
            player.load(.failed(code: -1, message: "title is required: set title before src"), autoplay: false)
            return
        }
        box.mutex.withLock { $0.loaded = true }
        player.load({
            if proto == "hls" && !(src.hasPrefix("http://") || src.hasPrefix("https://")) {
                return .failed(code: 10002, message: "network error: protocol 'hls' needs an http(s) src")
            }
            return InnerAudioContextObject.open(src, session: session)
        }, autoplay: true)
    }

    /// `playBackgroundAudio`: sets the metadata and the source; returns once it can play.
    func playLegacy(dataUrl: String, title: String, coverImgUrl: String) async throws {
        box.mutex.withLock { s in
            s.text["title"] = title
            s.text["coverImgUrl"] = coverImgUrl
        }
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            setSource(dataUrl, waiter: c)
        }
    }

    /// Presses a button of the system's background player: `onPrev` / `onNext` on the manager.
    public func press(_ button: Button) {
        session.events.emit(button == .prev ? "Prev" : "Next", target: handle, payload: .object([:]))
    }

    /// The legacy `getBackgroundAudioPlayerState` result.
    func legacyState() -> HostValue {
        let loaded = hasSource
        let duration = player.duration, buffered = player.buffered
        let status: Double = !loaded ? 2 : (player.paused ? 0 : 1)
        let percent = duration > 0 ? min(100, (buffered / duration * 100).rounded()) : 0
        return .object([
            "duration": .number(duration.rounded()), "currentPosition": .number(player.currentTime.rounded()),
            "status": .number(status), "downloadPercent": .number(percent), "dataUrl": .string(src),
        ])
    }
}

/// The manager's settings, shared with its player's event closure.
private final class SettingsBox: Sendable {
    let mutex = Mutex(BackgroundAudioManager.Settings())
}
