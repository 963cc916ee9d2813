import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniImaging

/// The headless player behind one `<live-player>`: plays RTMP, HTTP-FLV and HLS through
/// MiniCodec (`LiveStreamReader`), keeps the latest frame on its `screen` and the audio in
/// `audio` (an `AudioSource` for the mixer), and fires the component's events. Each `play`
/// starts a `LivePlayback` on a thread of its own; `stop` cancels it (FFmpeg's blocking calls
/// end through the interrupt callback). Thread-safe.
public final class LivePlayer: @unchecked Sendable {
    /// What the player shows.
    public let screen = LiveScreen()
    /// What the player plays: 44.1 kHz stereo PCM, due in real time.
    public let audio: LiveAudioOutput

    public static let audioFormat = AudioFormat(sampleRate: 44_100, channels: 2)

    private let session: AppSession
    private let emit: @Sendable (String, HostValue) -> Void
    private let lock = NSLock()
    private var settingsValue: LivePlayerSettings
    private var playback: LivePlayback?
    private var alive: KeepAlive?
    private var paused = false
    private var pausedByPage = false
    private var fullScreenValue = false
    private var history: [Int] = []
    private var lastStatus: LiveNetStatus?

    /// - Parameter emit: fires a component event (`statechange`, `netstatus`, …) into the page.
    public init(session: AppSession, settings: LivePlayerSettings, emit: @escaping @Sendable (String, HostValue) -> Void) {
        self.session = session
        self.emit = emit
        settingsValue = settings
        audio = LiveAudioOutput(format: Self.audioFormat, capacity: .seconds(Int64(max(1, settings.maxCache.rounded(.up)))))
        audio.muted = settings.muted
    }

    public var settings: LivePlayerSettings { lock.withLock { settingsValue } }
    /// Every statechange code fired so far, in order.
    public var stateHistory: [Int] { lock.withLock { history } }
    /// The last netstatus figures.
    public var lastNetStatus: LiveNetStatus? { lock.withLock { lastStatus } }
    public var isPlaying: Bool { lock.withLock { playback != nil } }
    public var isPaused: Bool { lock.withLock { paused } }
    public var isFullScreen: Bool { lock.withLock { fullScreenValue } }

    // MARK: - Control

    /// Starts playing `src` (again from the live point if already playing).
    public func play() {
        let (old, new) = lock.withLock { () -> (LivePlayback?, LivePlayback) in
            let old = playback
            let s = settingsValue
            let p = LivePlayback(
                config: .init(url: s.src, minCache: s.minCache, maxCache: s.maxCache,
                              audioFormat: .init(sampleRate: Self.audioFormat.sampleRate, channels: Self.audioFormat.channels)),
                player: self)
            playback = p
            paused = false
            pausedByPage = false
            if alive == nil { alive = session.events.keepAlive("live-player playing") }
            return (old, p)
        }
        old?.cancel()
        audio.flush()
        audio.activity.set(true)
        let src = new.config.url, network = session.network
        Thread.detachNewThread { new.run(network: { Result { () throws(LiveURL.Failure) in try LiveURL.check(src, network: network) } }) }
    }

    /// Stops playing and blanks the screen.
    public func stop() {
        let p = lock.withLock { () -> LivePlayback? in
            defer { playback = nil; paused = false }
            return playback
        }
        p?.cancel()
        screen.clear()
        audio.flush()
        endKeepAlive()
    }

    /// Pauses (stays connected; nothing is shown or played until `resume`).
    public func pause() { lock.withLock { paused = true } }

    /// Resumes at the live point (2004 again once min-cache is buffered).
    public func resume() { lock.withLock { paused = false; pausedByPage = false } }

    public func mute(_ muted: Bool) { audio.muted = muted }

    /// Enters or leaves full screen; fires fullscreenchange when it changes.
    public func setFullScreen(_ on: Bool, direction: Int) {
        let changed = lock.withLock { () -> Bool in
            defer { fullScreenValue = on }
            return fullScreenValue != on
        }
        guard changed else { return }
        let dir = on && (direction == 90 || direction == -90) ? "horizontal" : "vertical"
        emit("fullscreenchange", .object(["fullScreen": .bool(on), "direction": .string(dir)]))
    }

    // MARK: - Component lifecycle

    func update(_ changed: [String: HostValue]) {
        let (warnings, srcChanged, playing, autoplay, muted) = lock.withLock { () -> ([String], Bool, Bool, Bool, Bool) in
            let oldSrc = settingsValue.src
            let w = settingsValue.apply(changed)
            return (w, settingsValue.src != oldSrc, playback != nil, settingsValue.autoplay, settingsValue.muted)
        }
        warnings.forEach(session.events.warn)
        if changed["muted"] != nil { audio.muted = muted }
        if srcChanged {
            if playing || autoplay { play() } else { stop() }
        } else if changed["autoplay"] != nil, autoplay, !playing {
            play()
        }
    }

    func pageHidden() {
        lock.withLock {
            if settingsValue.autoPauseIfNavigate, playback != nil, !paused {
                paused = true
                pausedByPage = true
            }
        }
    }

    func pageShown() {
        lock.withLock {
            if pausedByPage { paused = false; pausedByPage = false }
        }
    }

    // MARK: - Snapshot

    /// A JPEG of the frame on the screen: `raw` at the stream's size (quality 92), `compressed`
    /// at half the size (quality 70), written into temp.
    public func snapshot(compressed: Bool) throws -> (path: String, width: Int, height: Int) {
        guard let frame = screen.frame else { throw MediaError.internalError("no video frame to snapshot yet") }
        let (w, h) = compressed ? (max(2, frame.width / 2 & ~1), max(2, frame.height / 2 & ~1)) : (frame.width, frame.height)
        let jpeg: [UInt8] = try frame.i420.withUnsafeBytes { raw in
            let cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2
            let ySize = frame.width * frame.height, cSize = cw * ch
            let yuv = YUVFrame.i420(
                y: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<ySize]), stride: frame.width),
                u: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[ySize..<ySize + cSize]), stride: cw),
                v: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[ySize + cSize..<ySize + 2 * cSize]), stride: cw),
                width: frame.width, height: frame.height)
            var pixels = try PixelBuffer(width: w, height: h)
            try FrameConverter().convert(yuv, into: &pixels)
            return try JPEGEncoder(quality: compressed ? 70 : 92).encode(pixels)
        }
        let path = try session.files.createTempFile(ext: "jpg", bytes: jpeg)
        return (path, w, h)
    }

    // MARK: - From the playback thread

    func report(_ code: LiveStateCode, from p: LivePlayback) {
        guard lock.withLock({ () -> Bool in
            guard playback === p else { return false }
            history.append(code.rawValue)
            return true
        }) else { return }
        emit("statechange", .object(["code": .number(Double(code.rawValue)), "message": .string(code.message)]))
    }

    func fire(_ event: String, _ detail: HostValue, from p: LivePlayback) {
        guard lock.withLock({ playback === p }) else { return }
        emit(event, detail)
    }

    func netStatus(_ status: LiveNetStatus, from p: LivePlayback) {
        guard lock.withLock({ () -> Bool in
            guard playback === p else { return false }
            lastStatus = status
            return true
        }) else { return }
        emit("netstatus", status.hostValue)
    }

    /// The playback ended (fatal error, retries exhausted, the stream ended or it was stopped).
    func finished(_ p: LivePlayback) {
        let current = lock.withLock { () -> Bool in
            guard playback === p else { return false }
            playback = nil
            return true
        }
        if current { endKeepAlive() }
    }

    func trace(_ line: String) { session.network.trace?(line) }

    private func endKeepAlive() {
        let a = lock.withLock { () -> KeepAlive? in
            guard playback == nil else { return nil }
            defer { alive = nil }
            return alive
        }
        guard let a else { return }
        audio.activity.set(false)
        a.end()
    }
}
