import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniStorage

/// What a player plays: a file already opened beneath the sandbox, or an http(s) URL the
/// caller checked against the app's network policy (streamed by FFmpeg, never downloaded whole).
public enum PlayerInput: Sendable {
    case file(OpenFile, name: String)
    case url(String)
    /// The source could not be opened (`errCode`, message): the player reports it as its error.
    case failed(code: Int, message: String)
}

/// What a player tells its owner, in order (API.md §5; errCode 10001 system, 10002 network,
/// 10003 file, 10004 format, -1 unknown).
public enum PlayerEvent: Sendable, Equatable {
    case canplay, play, pause, stop, ended, timeUpdate, waiting, seeking, seeked
    case error(code: Int, message: String)

    /// The InnerAudioContext event name (`Canplay`, `TimeUpdate`, …).
    public var name: String {
        switch self {
        case .canplay: "Canplay"
        case .play: "Play"
        case .pause: "Pause"
        case .stop: "Stop"
        case .ended: "Ended"
        case .timeUpdate: "TimeUpdate"
        case .waiting: "Waiting"
        case .seeking: "Seeking"
        case .seeked: "Seeked"
        case .error: "Error"
        }
    }
}

/// The player engine behind InnerAudioContext (and the voice APIs, `<audio>`, background audio):
/// an `AudioSource` of the session's `AudioMixer`. Files decode inline as the mixer pulls (a few
/// milliseconds ahead); URLs are read by a feeder thread up to `AudioPlayer.readAhead` ahead, and
/// an empty buffer is `waiting`. `timeUpdate` fires every 250 ms of played time.
/// Thread-safe; events go to `onEvent` (never after `destroy()`), called with the player's lock
/// held and in order: it must not call back into the player (post the event on, as the APIs do).
public final class AudioPlayer: AudioSource, @unchecked Sendable {
    /// How far a URL is read ahead of what plays.
    public static let readAhead = 2.0
    /// The `timeUpdate` cadence (MiniMedia choice, as `<video>`).
    public static let timeUpdateInterval = 0.25

    private enum Phase { case idle, loading, ready, failed, destroyed }

    private let lock = NSLock()
    private let format = AudioMixer.format
    private var handle: AudioMixer.Handle!
    private let onEvent: @Sendable (PlayerEvent) -> Void
    private var phase = Phase.idle
    private var generation = 0
    private var pipeline: PlayerPipeline?
    private var input: PlayerInput?
    private var streamed = false
    private var chunks: [PlayerPipeline.Chunk] = []
    private var chunkOffset = 0
    private var sourceEnded = false
    private var wantsPlay = false
    private var startPending = true
    private var playAnnounced = false
    private var waiting = false
    private var pendingSeek: Double?
    private var seekAnnounce = false
    private var position: Double = 0
    private var sinceUpdate = 0
    private var durationSeconds: Double = 0
    private var settingsRate: Double = 1
    private let feederWake = NSCondition()

    /// Start position of the first play after a source is set (s).
    public var startTime: Double {
        get { lock.withLock { _startTime } }
        set { lock.withLock { _startTime = max(0, newValue) } }
    }
    private var _startTime: Double = 0
    /// Play again from the start at the end.
    public var loop: Bool {
        get { lock.withLock { _loop } }
        set { lock.withLock { _loop = newValue } }
    }
    private var _loop = false

    /// A player attached to `mixer`; `pendingWork` (e.g. the session's) is held while a source opens.
    public init(mixer: AudioMixer, volume: Double = 1, pendingWork: (@Sendable () -> KeepAlive)? = nil,
                onEvent: @escaping @Sendable (PlayerEvent) -> Void) {
        self.onEvent = onEvent
        self.pendingWork = pendingWork
        handle = mixer.add(self, volume: volume) { [weak self] in self?.preempted() }
    }

    deinit { handle?.remove() }

    // MARK: - Properties

    public var volume: Double {
        get { handle.volume }
        set { handle.volume = newValue }
    }
    public var muted: Bool {
        get { handle.muted }
        set { handle.muted = newValue }
    }
    /// 0.5…2.0, pitch kept (atempo). Takes effect at once while playing.
    public var playbackRate: Double {
        get { lock.withLock { settingsRate } }
        set {
            lock.withLock {
                guard newValue != settingsRate else { return }
                settingsRate = newValue
                if phase == .ready { pendingSeek = pendingSeek ?? position }
            }
            feederWake.broadcast()
        }
    }
    /// Seconds, 0 until known.
    public var duration: Double { lock.withLock { durationSeconds } }
    /// The media time playing now (s).
    public var currentTime: Double { lock.withLock { pendingSeek ?? position } }
    /// Not playing (also before the source is ready).
    public var paused: Bool { lock.withLock { !(wantsPlay && phase == .ready) } }
    /// How far the media is ready to play (s): what is decoded ahead, or the whole file.
    public var buffered: Double {
        lock.withLock {
            guard phase == .ready else { return 0 }
            if !streamed { return durationSeconds }
            let ahead = chunks.reduce(0) { $0 + $1.samples.count } - chunkOffset
            return min(durationSeconds > 0 ? durationSeconds : .infinity, position + Double(ahead / format.channels) / Double(format.sampleRate))
        }
    }
    public var isDestroyed: Bool { lock.withLock { phase == .destroyed } }

    // MARK: - Control

    /// Sets the source: decoding opens off the calling thread; `canplay` follows, or `error`.
    public func load(_ input: PlayerInput, autoplay: Bool) { load({ input }, autoplay: autoplay) }

    /// Sets the source `make` opens off the calling thread (a URL's policy check may block).
    public func load(_ make: @escaping @Sendable () -> PlayerInput, autoplay: Bool) {
        let gen: Int? = lock.withLock {
            guard phase != .destroyed else { return nil }
            generation += 1
            phase = .loading
            pipeline = nil
            chunks = []
            chunkOffset = 0
            sourceEnded = false
            position = 0
            durationSeconds = 0
            pendingSeek = nil
            startPending = true
            playAnnounced = false
            wantsPlay = autoplay || wantsPlay
            return generation
        }
        guard let gen else { return }
        handle.isPlaying = false
        feederWake.broadcast()
        let work = pendingWork?()
        DispatchQueue.global().async { [self] in
            defer { work?.end() }
            let input = make()
            lock.withLock {
                guard generation == gen else { return }
                self.input = input
                streamed = { if case .url = input { return true } else { return false } }()
            }
            open(input, generation: gen)
        }
    }

    /// Work the host waits for while a source opens (the session's `pendingWork`).
    private let pendingWork: (@Sendable () -> KeepAlive)?

    private func open(_ input: PlayerInput, generation gen: Int) {
        let mediaInput: MediaInput
        switch input {
        case .failed(let code, let message):
            fail(code: code, message: message, generation: gen)
            return
        case .file(let file, let name): mediaInput = .descriptor(file.fd, name: name)
        case .url(let url): mediaInput = .url(url)
        }
        let out = AudioResampler.Format(sampleRate: format.sampleRate, channels: format.channels)
        let decoder: AudioDecoder
        do {
            decoder = try AudioDecoder(mediaInput, output: out)
        } catch {
            let code = Self.code(error, streamed: streamed)
            fail(code: code, message: Self.message(error, code: code), generation: gen)
            return
        }
        let pipeline = PlayerPipeline(decoder: decoder)
        let play: Bool? = lock.withLock {
            guard generation == gen, phase == .loading else { return nil }
            self.pipeline = pipeline
            durationSeconds = decoder.duration?.seconds ?? 0
            phase = .ready
            // A rate set before the source opened: the pipeline starts over with its tempo.
            if settingsRate != 1 { pendingSeek = pendingSeek ?? 0 }
            emit(.canplay)
            return wantsPlay
        }
        guard let play else { return }
        if streamed { startFeeder(pipeline, generation: gen) }
        if play { self.play() }
    }

    /// Starts or resumes (`play` fires when the first block is heard).
    public func play() {
        let start: Bool = lock.withLock {
            guard phase != .destroyed else { return false }
            wantsPlay = true
            guard phase == .ready else { return false }
            if startPending {
                startPending = false
                if _startTime > 0 || position != 0 { pendingSeek = _startTime }
            }
            playAnnounced = false
            return true
        }
        if start {
            feederWake.broadcast()
            handle.isPlaying = true
        }
    }

    public func pause() {
        let was: Bool = lock.withLock {
            guard phase != .destroyed else { return false }
            defer { wantsPlay = false }
            return wantsPlay
        }
        handle.isPlaying = false
        if was { lock.withLock { emit(.pause) } }
    }

    /// Stops; the next `play()` starts at 0.
    public func stop() {
        let emitStop: Bool = lock.withLock {
            guard phase != .destroyed else { return false }
            wantsPlay = false
            if phase == .ready {
                pendingSeek = 0
                startPending = false
            }
            return true
        }
        handle.isPlaying = false
        if emitStop { lock.withLock { emit(.stop) } }
        feederWake.broadcast()
    }

    /// Seeks to `seconds` (clamped to the duration): `seeking`, then `seeked` once applied.
    public func seek(_ seconds: Double) {
        let applyNow: Bool = lock.withLock {
            guard phase != .destroyed else { return false }
            var t = max(0, seconds)
            if durationSeconds > 0 { t = min(t, durationSeconds) }
            emit(.seeking)
            if phase != .ready {
                _startTime = t
                startPending = true
                return false
            }
            pendingSeek = t
            startPending = false
            seekAnnounce = true
            return !streamed
        }
        if applyNow {
            // A file seeks at once (paused or not), so currentTime reads the new place.
            lock.withLock { applyPendingLocked() }
        }
        feederWake.broadcast()
    }

    /// Stops for good: no event fires after this returns.
    public func destroy() {
        lock.withLock {
            phase = .destroyed
            pipeline = nil
            chunks = []
            input = nil
        }
        handle.remove()
        feederWake.broadcast()
    }

    private func preempted() {
        let was: Bool = lock.withLock {
            defer { wantsPlay = false }
            return wantsPlay && phase == .ready
        }
        if was { lock.withLock { emit(.pause) } }
    }

    // MARK: - Mixer side

    public func render(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int, format: AudioFormat) -> Int {
        lock.lock()
        defer { lock.unlock() }
        guard phase == .ready, wantsPlay, format == self.format else { return 0 }
        let channels = format.channels
        if !streamed {
            if pendingSeek != nil { applyPendingLocked() }
            while bufferedSamplesLocked < frames * channels && !sourceEnded && phase == .ready {
                pumpLocked()
            }
        } else if pendingSeek != nil {
            // The feeder applies it; nothing plays until then.
            return 0
        }
        guard phase == .ready else { return 0 }
        if !playAnnounced {
            playAnnounced = true
            emit(.play)
        }
        var written = 0
        while written < frames, let first = chunks.first {
            let available = (first.samples.count - chunkOffset) / channels
            let n = min(available, frames - written)
            for i in 0..<(n * channels) { buffer[written * channels + i] = first.samples[chunkOffset + i] }
            position = first.start + Double(chunkOffset / channels + n) * settingsRate / Double(format.sampleRate)
            chunkOffset += n * channels
            written += n
            if chunkOffset >= first.samples.count {
                chunks.removeFirst()
                chunkOffset = 0
            }
        }
        if streamed { feederWake.signal() }
        sinceUpdate += written
        let interval = Int(Self.timeUpdateInterval * Double(format.sampleRate))
        while sinceUpdate >= interval {
            sinceUpdate -= interval
            emit(.timeUpdate)
        }
        if written < frames {
            if sourceEnded && chunks.isEmpty {
                wantsPlay = false
                startPending = false
                pendingSeek = nil
                handle.isPlaying = false
                if durationSeconds > 0 { position = durationSeconds }
                emit(.ended)
                // The next play starts over.
                startPending = true
                _startTime = 0
            } else if !waiting {
                waiting = true
                emit(.waiting)
            }
        } else {
            waiting = false
        }
        return written
    }

    private var bufferedSamplesLocked: Int { chunks.reduce(0) { $0 + $1.samples.count } - chunkOffset }

    /// Files: decodes one chunk into the buffer (lock held).
    private func pumpLocked() {
        guard let pipeline else { return }
        do {
            if let chunk = try pipeline.next(loop: _loop) { chunks.append(chunk) } else { sourceEnded = true }
        } catch {
            failLocked(code: 10004, message: Self.message(error, code: 10004))
        }
    }

    /// Files: applies a pending seek or rate change (lock held).
    private func applyPendingLocked() {
        guard let target = pendingSeek, let pipeline else { return }
        pendingSeek = nil
        chunks = []
        chunkOffset = 0
        sourceEnded = false
        do {
            try pipeline.seek(to: target, rate: settingsRate)
            position = target
        } catch {
            failLocked(code: 10004, message: Self.message(error, code: 10004))
            return
        }
        if seekAnnounce {
            seekAnnounce = false
            emit(.seeked)
        }
    }

    // MARK: - URL feeder

    private func startFeeder(_ pipeline: PlayerPipeline, generation gen: Int) {
        let thread = Thread { [weak self] in
            while let self, self.feed(pipeline, generation: gen) {}
        }
        thread.name = "minimedia.audio-feeder"
        thread.start()
    }

    /// One step of the feeder: false when it should end.
    private func feed(_ pipeline: PlayerPipeline, generation gen: Int) -> Bool {
        feederWake.lock()
        var seek: (Double, Double, Bool)?
        var shouldDecode = false
        let alive: Bool = lock.withLock {
            guard generation == gen, phase == .ready else { return false }
            if let t = pendingSeek {
                seek = (t, settingsRate, seekAnnounce)
                return true
            }
            let ahead = Double(bufferedSamplesLocked / format.channels) / Double(format.sampleRate)
            shouldDecode = !sourceEnded && ahead < Self.readAhead
            return true
        }
        guard alive else {
            feederWake.unlock()
            return false
        }
        if seek == nil && !shouldDecode {
            _ = feederWake.wait(until: Date().addingTimeInterval(0.05))
            feederWake.unlock()
            return true
        }
        feederWake.unlock()
        do {
            if let (t, rate, announce) = seek {
                try pipeline.seek(to: t, rate: rate)
                return lock.withLock {
                    guard generation == gen, phase == .ready else { return false }
                    if pendingSeek == t { pendingSeek = nil }
                    chunks = []
                    chunkOffset = 0
                    sourceEnded = false
                    position = t
                    if announce {
                        seekAnnounce = false
                        emit(.seeked)
                    }
                    return true
                }
            }
            let loop = lock.withLock { _loop }
            let chunk = try pipeline.next(loop: loop)
            return lock.withLock {
                guard generation == gen, phase == .ready else { return false }
                guard pendingSeek == nil else { return true }
                if let chunk { chunks.append(chunk) } else { sourceEnded = true }
                return true
            }
        } catch {
            lock.withLock { if generation == gen { failLocked(code: 10002, message: Self.message(error, code: 10002)) } }
            return false
        }
    }

    // MARK: - Errors and events

    private func fail(code: Int, message: String, generation gen: Int) {
        lock.withLock {
            guard generation == gen, phase != .destroyed else { return }
            failLocked(code: code, message: message)
        }
    }

    private func failLocked(code: Int, message: String) {
        guard phase != .destroyed else { return }
        phase = .failed
        wantsPlay = false
        pipeline = nil
        chunks = []
        handle.isPlaying = false
        emit(.error(code: code, message: message))
    }

    /// Lock held: events leave in the order they happen.
    private func emit(_ event: PlayerEvent) {
        guard phase != .destroyed else { return }
        onEvent(event)
    }

    static func code(_ error: any Error, streamed: Bool) -> Int {
        guard let e = error as? CodecError else { return -1 }
        switch e {
        case .fileNotFound: return 10003
        case .unreadable(_, let reason) where streamed && reason.hasPrefix("cannot open container"): return 10002
        case .unreadable, .noStream: return 10004
        case .invalidArgument: return streamed ? 10002 : 10004
        default: return -1
        }
    }

    /// The errMsg for `code`: `network error: …`, `file error: file not found`, `format error: …`.
    static func message(_ error: any Error, code: Int) -> String {
        let reason = (error as? CodecError)?.reason ?? "\(error)"
        switch code {
        case 10001: return "system error: \(reason)"
        case 10002: return "network error: \(reason)"
        case 10003: return "file error: \(reason)"
        case 10004: return "format error: \(reason)"
        default: return "unknown error: \(reason)"
        }
    }
}
