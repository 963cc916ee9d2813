import Foundation
import MiniCore
import MiniHost
import MiniNet
import MiniStorage
import Synchronization

/// The object `createInnerAudioContext()` returns: an `AudioPlayer` on the session's mixer, its
/// page-visible settings and its events (`onPlay`, … with WeChat's listener semantics).
final class InnerAudioContextObject: NativeObject, @unchecked Sendable {
    override var className: String { "InnerAudioContext" }
    let session: AppSession
    private(set) var player: AudioPlayer!

    private struct Settings {
        var src = ""
        var autoplay = false
        var obeyMuteSwitch = true
        var referrerPolicy = "origin"
    }
    private let settings = Mutex(Settings())

    init(session: AppSession, environment: AudioEnvironment) {
        self.session = session
        super.init()
        let events = session.events
        let target = handle
        let holder = PlayerHolder()
        player = AudioPlayer(mixer: AudioMixer.of(session, environment: environment),
                             pendingWork: { events.pendingWork("InnerAudioContext.src") }) { event in
            var payload: HostValue = .undefined
            if case .error(let code, let message) = event {
                payload = .object(["errCode": .number(Double(code)), "errMsg": .string(message)])
            }
            events.emit(event.name, target: target, payload: payload, unless: { holder.player?.isDestroyed ?? true })
        }
        holder.player = player
    }

    var src: String { settings.withLock { $0.src } }
    var autoplay: Bool {
        get { settings.withLock { $0.autoplay } }
        set { settings.withLock { $0.autoplay = newValue } }
    }
    var obeyMuteSwitch: Bool {
        get { settings.withLock { $0.obeyMuteSwitch } }
        set { settings.withLock { $0.obeyMuteSwitch = newValue } }
    }
    var referrerPolicy: String {
        get { settings.withLock { $0.referrerPolicy } }
        set { settings.withLock { $0.referrerPolicy = newValue } }
    }

    /// Sets the source: an app path (temp, saved, user, package) opened beneath the sandbox, or
    /// an http(s) url checked against the app's network policy, then streamed.
    func setSource(_ src: String) throws {
        if player.isDestroyed { throw AudioErrors.destroyed }
        settings.withLock { $0.src = src }
        let session = self.session
        let autoplay = self.autoplay
        player.load({ Self.open(src, session: session) }, autoplay: autoplay)
    }

    /// Blocking: resolves `src` to what the player reads.
    static func open(_ src: String, session: AppSession) -> PlayerInput {
        if src.isEmpty { return .failed(code: 10003, message: "file error: src is empty") }
        if src.hasPrefix("http://") || src.hasPrefix("https://") {
            do {
                // FFmpeg then opens the url its redirects lead to, following none itself.
                return .url(try session.network.streamLocation(src))
            } catch {
                return .failed(code: 10002, message: "network error: url not allowed or unreachable")
            }
        }
        do {
            let resolved = try session.files.resolve(src)
            let file = try session.files.openFile(resolved)
            guard file.isRegularFile else { return .failed(code: 10003, message: "file error: file not found") }
            return .file(file, name: src)
        } catch let e as MediaError where e.code == .fileNotFound || e.code == .notDirectory || e.code == .isDirectory {
            return .failed(code: 10003, message: "file error: file not found")
        } catch let e as MediaError {
            return .failed(code: 10003, message: "file error: \(e.message)")
        } catch {
            return .failed(code: 10003, message: "file error: \(error)")
        }
    }
}

/// Lets the player's event closure ask whether it was destroyed without a cycle.
private final class PlayerHolder: @unchecked Sendable {
    weak var player: AudioPlayer?
}

enum AudioErrors {
    static let destroyed = MediaError(.internalError, "InnerAudioContext is destroyed")
}
