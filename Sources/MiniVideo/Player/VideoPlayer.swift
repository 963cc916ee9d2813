import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost

/// How a player reaches its host: where events go, and the event loop's tokens (a player with
/// work due holds `busy`, so a test's `settle` waits for it; a playing one holds `alive`, so a
/// run does not end mid-video).
public struct PlayerHooks: Sendable {
    public var emit: @Sendable (PlayerEvent) -> Void
    public var busy: @Sendable () -> KeepAlive
    public var alive: @Sendable () -> KeepAlive

    public init(
        emit: @escaping @Sendable (PlayerEvent) -> Void,
        busy: @escaping @Sendable () -> KeepAlive = { KeepAlive {} },
        alive: @escaping @Sendable () -> KeepAlive = { KeepAlive {} }
    ) {
        self.emit = emit
        self.busy = busy
        self.alive = alive
    }
}

/// A headless media player on MiniCodec, driven by the session's `MediaClock`: decodes video and
/// audio in step with the clock (at most `aheadFrames` pictures and half a second of sound ahead),
/// shows pictures on `screen`, plays sound through `audio` (an `AudioSource`), and reports
/// `PlayerEvent`s in media-timeline order. With a `ManualClock`, nothing happens until the clock
/// moves, and a long move reports exactly what small ones would.
///
/// Controls may be called from any thread; they and the decoding share one lock. Events and
/// screen observers are called with that lock held: they must not call back into the player.
public final class VideoPlayer: @unchecked Sendable {
    /// Where the pictures go.
    public let screen = VideoScreen()
    /// The sound: hand it to the mixer (see `PlayerAudio`).
    public let audio: PlayerAudio
    /// Pictures decoded ahead of the position, at most.
    public static let aheadFrames = 8
    /// Clock time between two `timeupdate`s while playing.
    public static let tickInterval: Duration = .milliseconds(250)
    /// Rates `setRate` accepts.
    public static let rates: ClosedRange<Double> = 0.25...4

    let clock: any MediaClock
    let hooks: PlayerHooks
    let lock = NSLock()

    // Guarded by `lock`.
    var media: PlayerMedia?
    var state: PlayerState = .idle
    var anchorClock: Duration = .zero
    var anchorPosition: Duration = .zero
    var pausedPosition: Duration = .zero
    var rate: Double = 1
    var looping = false
    var muted = false
    var queue: [VideoFrame] = []
    var videoEnded = false
    var audioEnded = false
    var audioSkipUntil: Duration?
    var stretch: TimeStretch?
    var nextTick: Duration = .zero
    var pendingSeek: Duration?
    var wantsPlay = false
    var generation = 0
    var loadGeneration = 0
    var nextWake: Duration?
    var driver: Task<Void, Never>?
    var workToken: KeepAlive?
    var aliveToken: KeepAlive?
    /// The picture shown last (its number).
    var lastShown: Int?

    public init(clock: any MediaClock, audioFormat: AudioFormat = AudioFormat(sampleRate: 44_100, channels: 2), hooks: PlayerHooks) {
        self.clock = clock
        self.hooks = hooks
        audio = PlayerAudio(format: audioFormat)
        clock.onAdvance { [weak self] in self?.clockMoved() }
    }

    deinit { driver?.cancel() }

    // MARK: Reading

    /// Where the player is.
    public var currentState: PlayerState { lock.withLock { state } }

    /// The media position now (seconds since the stream start).
    public var position: Duration { lock.withLock { positionAt(clock.now()) } }

    /// The source's duration (zero before it is open).
    public var duration: Duration { lock.withLock { endPosition } }

    /// The playback rate.
    public var playbackRate: Double { lock.withLock { rate } }

    /// The picture size (nil before the source is open).
    public var size: (width: Int, height: Int)? { lock.withLock { media.map { ($0.width, $0.height) } } }

    // MARK: Controls

    /// Opens a source: `open` yields the input (a download may run inside it; `waiting` is the
    /// caller's to report). Replaces any previous source. `play()` before it is open plays once it is.
    public func load(startAt initial: Duration = .zero, _ open: @escaping @Sendable () async throws -> MediaInput) {
        lock.withLock {
            resetLocked()
            state = .loading
            loadGeneration += 1
            let gen = loadGeneration
            let token = hooks.busy()
            Task { [weak self] in
                defer { token.end() }
                let outcome: Result<PlayerMedia, any Error>
                do {
                    let input = try await open()
                    outcome = .success(try PlayerMedia(input, audioFormat: .init(sampleRate: self?.audio.format.sampleRate ?? 44_100,
                                                                                  channels: self?.audio.format.channels ?? 2)))
                } catch {
                    outcome = .failure(error)
                }
                self?.opened(outcome, generation: gen, initial: initial)
            }
        }
    }

    private func opened(_ outcome: Result<PlayerMedia, any Error>, generation gen: Int, initial: Duration) {
        lock.withLock {
            guard gen == loadGeneration, state == .loading else { return }
            switch outcome {
            case .failure(let error):
                failLocked(Self.reason(error))
            case .success(let m):
                media = m
                state = .paused
                hooks.emit(.loadedMetadata(width: m.width, height: m.height, duration: endPosition.seconds))
                hooks.emit(.progress(buffered: 100))
                let start = min(max(.zero, initial), endPosition)
                do { try seekLocked(start, now: clock.now(), report: false) } catch { failLocked(Self.reason(error)); return }
                if wantsPlay { startLocked() } else if pendingSeek != nil { kickLocked(force: true) }
            }
        }
    }

    /// Starts or resumes playing (from the start after `ended`). False without a source.
    @discardableResult
    public func play() -> Bool {
        lock.withLock {
            switch state {
            case .idle, .failed: return false
            case .loading: wantsPlay = true
            case .playing: break
            case .ended:
                do { try seekLocked(.zero, now: clock.now(), report: false) } catch { failLocked(Self.reason(error)); return false }
                startLocked()
            case .paused: startLocked()
            }
            return true
        }
    }

    /// Pauses (reporting what was due until now first).
    public func pause() {
        lock.withLock {
            wantsPlay = false
            guard state == .playing else { return }
            stepLocked(now: clock.now())
            guard state == .playing else { return }
            pausedPosition = positionAt(clock.now())
            state = .paused
            audio.setActive(false)
            aliveToken?.end()
            aliveToken = nil
            hooks.emit(.pause)
            kickLocked()
        }
    }

    /// Stops: pauses, goes back to the start and clears the screen.
    public func stop() {
        pause()
        lock.withLock {
            guard media != nil, state != .loading else { return }
            try? seekLocked(.zero, now: clock.now(), report: false)
            if case .ended = state { state = .paused }
            screen.clear()
            lastShown = nil
        }
    }

    /// Seeks to `position` (clamped to the media); reports `seekComplete` once the picture there
    /// is shown. Before the source is open, the position is where it will start.
    public func seek(to position: Duration) {
        lock.withLock {
            let target = max(.zero, position)
            if media == nil {
                pendingSeek = target
                return
            }
            pendingSeek = min(target, endPosition)
            if state == .ended { state = .paused }
            kickLocked(force: true)
        }
    }

    /// Changes the rate (sound keeps its pitch). Throws nothing; the caller validates the value.
    public func setRate(_ newRate: Double) {
        lock.withLock {
            let r = min(max(newRate, Self.rates.lowerBound), Self.rates.upperBound)
            guard r != rate else { return }
            let now = clock.now()
            if state == .playing { stepLocked(now: now) }
            let pos = positionAt(now)
            rate = r
            anchorClock = now
            anchorPosition = pos
            pausedPosition = pos
            restartAudioLocked(at: pos)
            kickLocked()
        }
    }

    public func setLoop(_ on: Bool) { lock.withLock { looping = on } }

    public func setMuted(_ on: Bool) {
        lock.withLock {
            muted = on
            audio.setMuted(on)
        }
    }

    /// Releases the source and stops all work (the component unmounts).
    public func close() {
        lock.withLock {
            resetLocked()
            loadGeneration += 1
            state = .idle
        }
    }

    // MARK: Internals shared with the driver

    /// The end of the media: the container's duration, else the end of the last picture once known.
    var endPosition: Duration {
        guard let media else { return .zero }
        if media.duration > .zero { return media.duration }
        return .seconds(max(1, lastShown ?? 0) + 1) / media.frameRate
    }

    func positionAt(_ now: Duration) -> Duration {
        switch state {
        case .playing: return min(anchorPosition + scaled(now - anchorClock), endPosition)
        case .ended: return endPosition
        default: return pausedPosition
        }
    }

    /// Media time that passes in `clockTime` at the rate (exact at 1×).
    func scaled(_ clockTime: Duration) -> Duration {
        rate == 1 ? clockTime : .nanoseconds(nanoseconds(clockTime.seconds * rate))
    }

    /// The clock time the media reaches `position` at while playing.
    func clockTime(of position: Duration) -> Duration {
        rate == 1 ? anchorClock + (position - anchorPosition)
            : anchorClock + .nanoseconds(nanoseconds((position - anchorPosition).seconds / rate, rounding: .up))
    }

    func startLocked() {
        let now = clock.now()
        anchorClock = now
        anchorPosition = pausedPosition
        state = .playing
        wantsPlay = false
        nextTick = now + Self.tickInterval
        audio.setActive(true)
        if aliveToken == nil { aliveToken = hooks.alive() }
        hooks.emit(.play)
        kickLocked(force: true)
    }

    func failLocked(_ reason: String) {
        resetLocked()
        state = .failed(reason)
        hooks.emit(.error(reason))
    }

    func resetLocked() {
        generation += 1
        driver?.cancel()
        driver = nil
        media = nil
        queue = []
        pendingSeek = nil
        wantsPlay = false
        videoEnded = false
        audioEnded = false
        stretch = nil
        lastShown = nil
        pausedPosition = .zero
        audio.setActive(false)
        audio.reset(at: .zero)
        aliveToken?.end()
        aliveToken = nil
        workToken?.end()
        workToken = nil
        nextWake = nil
        screen.clear()
    }

    /// Restarts the driver after a control: it runs a step at once when `force` or playing.
    func kickLocked(force: Bool = false) {
        generation += 1
        driver?.cancel()
        driver = nil
        nextWake = nil
        guard media != nil, force || state == .playing || pendingSeek != nil else {
            workToken?.end()
            workToken = nil
            return
        }
        if workToken == nil { workToken = hooks.busy() }
        let gen = generation
        nextWake = clock.now()
        driver = Task { [weak self] in await self?.drive(gen) }
    }

    /// A manual clock moved: work that is now due holds the loop until the driver did it.
    private func clockMoved() {
        lock.withLock {
            if let wake = nextWake, wake <= clock.now(), workToken == nil, driver != nil { workToken = hooks.busy() }
        }
    }

    private func drive(_ gen: Int) async {
        while true {
            let deadline: Duration? = lock.withLock {
                guard gen == generation else { return nil }
                let now = clock.now()
                stepLocked(now: now)
                guard gen == generation else { return nil }
                let next = nextDeadlineLocked()
                nextWake = next
                if next == nil || next! > clock.now() {
                    workToken?.end()
                    workToken = nil
                }
                if next == nil { driver = nil }
                return next
            }
            guard let deadline else { return }
            do { try await clock.sleep(until: deadline) } catch { return }
        }
    }

    static func reason(_ error: any Error) -> String {
        if let e = error as? CodecError { return e.reason }
        if let e = error as? MediaError { return e.message }
        return "\(error)"
    }
}
