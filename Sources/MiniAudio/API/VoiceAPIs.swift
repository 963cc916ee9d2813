import Dispatch
import MiniCore
import MiniHost
import Synchronization

/// The legacy voice player (`playVoice` / `pauseVoice` / `stopVoice`): one `AudioPlayer` per
/// session on the same mixer. `playVoice({filePath, duration = 60})` succeeds when the file has
/// played to its end (or `duration` seconds of it); `pauseVoice` keeps the call waiting and a
/// `playVoice` of the same file resumes it; another file, `stopVoice` or an error end it with
/// `fail` (MiniMedia choice: only a playback that finished is a success).
final class VoicePlayback: Sendable {
    private struct State {
        var player: AudioPlayer?
        var filePath: String?
        var limit: Double = 60
        var waiting: [CheckedContinuation<Void, any Error>] = []
    }
    private let state = Mutex(State())
    /// Player events are handled here, in order: the player calls out with its lock held.
    private let events = DispatchQueue(label: "minimedia.voice-events")

    static func of(_ session: AppSession) -> VoicePlayback { session.service(VoicePlayback.self) { VoicePlayback() } }

    func play(_ filePath: String, duration: Double, session: AppSession, environment: AudioEnvironment) async throws {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
            let (player, resume, interrupted) = state.withLock { s -> (AudioPlayer, Bool, [CheckedContinuation<Void, any Error>]) in
                if let p = s.player, s.filePath == filePath, !p.isDestroyed {
                    s.waiting.append(c)
                    s.limit = duration
                    return (p, true, [])
                }
                let old = s.waiting
                s.player?.destroy()
                let p = AudioPlayer(mixer: AudioMixer.of(session, environment: environment)) { [weak self] event in
                    guard let voice = self else { return }
                    voice.events.async { voice.handle(event) }
                }
                s.player = p
                s.filePath = filePath
                s.limit = duration
                s.waiting = [c]
                return (p, false, old)
            }
            for w in interrupted { w.resume(throwing: MediaError.internalError("interrupted by another playVoice")) }
            if resume {
                player.play()
            } else {
                player.load({ InnerAudioContextObject.open(filePath, session: session) }, autoplay: true)
            }
        }
    }

    func pause() { state.withLock { $0.player }?.pause() }

    func stop() {
        let (player, waiting) = state.withLock { s -> (AudioPlayer?, [CheckedContinuation<Void, any Error>]) in
            defer {
                s.waiting = []
                s.filePath = nil
            }
            return (s.player, s.waiting)
        }
        player?.stop()
        for w in waiting { w.resume(throwing: MediaError.internalError("stopped by stopVoice")) }
    }

    private func handle(_ event: PlayerEvent) {
        switch event {
        case .ended:
            finish(nil)
        case .error(let code, let message):
            finish(MediaError(code == 10003 ? .fileNotFound : .internalError, message))
        case .timeUpdate:
            let (player, limit) = state.withLock { ($0.player, $0.limit) }
            if let player, player.currentTime >= limit {
                player.stop()
                finish(nil)
            }
        default:
            break
        }
    }

    private func finish(_ error: MediaError?) {
        let waiting = state.withLock { s -> [CheckedContinuation<Void, any Error>] in
            defer { s.waiting = [] }
            return s.waiting
        }
        for w in waiting {
            if let error { w.resume(throwing: error) } else { w.resume() }
        }
    }
}

/// `playVoice`, `pauseVoice`, `stopVoice` (WeChat's legacy voice API, still used by demos).
enum VoiceAPIs {
    static func declarations(_ environment: AudioEnvironment) -> [APIDeclaration] {
        [
            .async("playVoice", dialects: [.wx, .qq], .async { req in
                let o = try req.options()
                let path = try o.nonEmptyString("filePath")
                let duration = try o.number("duration", default: 60, in: 0.001...86_400)
                if path.hasPrefix("http://") || path.hasPrefix("https://") {
                    throw MediaError.parameter("filePath should be a local file path;")
                }
                try await VoicePlayback.of(req.session).play(path, duration: duration, session: req.session, environment: environment)
                return .object([:])
            }).reading("filePath", "duration").returning([]),
            .async("pauseVoice", dialects: [.wx, .qq], .immediate { req in
                _ = try req.options()
                VoicePlayback.of(req.session).pause()
                return .object([:])
            }).returning([]),
            .async("stopVoice", dialects: [.wx, .qq], .immediate { req in
                _ = try req.options()
                VoicePlayback.of(req.session).stop()
                return .object([:])
            }).returning([]),
        ]
    }
}
