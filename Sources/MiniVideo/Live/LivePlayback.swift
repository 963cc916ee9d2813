import Foundation
import MiniCodec
import MiniCore

/// One run of a live player (from `play` to `stop`, a fatal error or the end): a thread of its
/// own that connects, reads, decodes, buffers between min-cache and max-cache, presents frames
/// to the screen and PCM to the audio output when they are due, reports statechange, netstatus
/// and audiovolumenotify, and reconnects after a lost connection (2103 before each of at most
/// three attempts, 0.5 s / 1 s / 1 s apart, then -2301).
///
/// Live streams run on real time (the network cannot be advanced by a manual clock): due times
/// and the once-a-second netstatus use the monotonic clock. Presentation happens as packets
/// arrive (about every 20–40 ms for a normal stream).
final class LivePlayback: @unchecked Sendable {
    struct Config: Sendable {
        var url: String
        var minCache: Double
        var maxCache: Double
        var audioFormat: AudioResampler.Format
    }

    enum Outcome { case ended, dropped(LiveStateCode), cancelled }

    let config: Config
    let interrupt = LiveInterrupt()
    private let wake = DispatchSemaphore(value: 0)
    /// Strong: the thread keeps its player until it ends (the player drops `playback` then).
    private let player: LivePlayer

    init(config: Config, player: LivePlayer) {
        self.config = config
        self.player = player
    }

    func cancel() {
        interrupt.cancel()
        wake.signal()
    }

    private var cancelled: Bool { interrupt.isCancelled }

    private func state(_ code: LiveStateCode) {
        guard !cancelled else { return }
        player.report(code, from: self)
    }

    /// The thread's body.
    func run(network: LiveURLChecker) {
        let target: LiveURL
        switch network() {
        case .success(let t): target = t
        case .failure(let f):
            if case .unresolved = f { state(.dnsFailed) }
            player.trace("live-player: \(f.reason)")
            state(.badURL)
            player.finished(self)
            return
        }
        var attempt = 0
        var everConnected = false
        while !cancelled {
            if attempt > 0 {
                state(.reconnecting)
                _ = wake.wait(timeout: .now() + (attempt == 1 ? 0.5 : 1.0))
                if cancelled { break }
            }
            let reader: LiveStreamReader
            do {
                reader = try LiveStreamReader(url: target.ffmpegURL, audioFormat: config.audioFormat, interrupt: interrupt,
                                              openTimeout: .seconds(5))
            } catch {
                if cancelled { break }
                player.trace("live-player: \(error)")
                if Self.isFatal(error) {
                    state(.badURL)
                    break
                }
                if attempt == 0 && !everConnected { state(.connectFailed) }
                if attempt >= 3 {
                    state(.failedAfterRetries)
                    break
                }
                attempt += 1
                continue
            }
            everConnected = true
            attempt = 0
            state(.connected)
            state(.started)
            state(.decoderStarted)
            let outcome = play(reader, kind: target.kind)
            reader.release()
            switch outcome {
            case .cancelled:
                break
            case .ended:
                state(.ended)
            case .dropped(let code):
                state(code)
                attempt = 1
                continue
            }
            break
        }
        player.finished(self)
    }

    /// Open failures that retrying cannot fix: the server answered that the stream is not
    /// there, or it is not a stream.
    static func isFatal(_ error: CodecError) -> Bool {
        let r = error.reason
        return r.contains("Server returned 4") || r.contains("Invalid data") || r.contains("no video or audio stream")
            || r.contains("Protocol not found")
    }

    // MARK: - Reading and presenting

    private struct Queued<T> {
        var time: Duration
        var item: T
    }

    private func play(_ reader: LiveStreamReader, kind: LiveURL.Kind) -> Outcome {
        let clock = ContinuousClock()
        var video: [Queued<LiveVideoFrame>] = []
        var audio: [Queued<[Int16]>] = []
        var anchor: (wall: ContinuousClock.Instant, media: Duration)?
        var sawKeyframe = false
        /// The media time of the newest frame or PCM queued so far.
        var newest: Duration?
        var size: (Int, Int)?
        var stats = LiveNetStats(start: clock.now)
        var lastVolume = clock.now
        var volumeSum = 0.0, volumeCount = 0
        let minCache = Duration.milliseconds(Int64(config.minCache * 1000)), maxCache = Duration.milliseconds(Int64(config.maxCache * 1000))
        var warnings = LiveWarnings(frameRate: reader.declaredFrameRate)

        while !cancelled {
            let step: LiveReadStep?
            do {
                step = try reader.read(timeout: .seconds(5))
            } catch {
                if cancelled { return .cancelled }
                player.trace("live-player: \(error)")
                return .dropped(.readFailed)
            }
            guard let step else { return kind == .hls ? .ended : .dropped(.serverDisconnected) }
            stats.add(step)
            if let code = warnings.arrived(at: clock.now, playing: anchor != nil && !player.isPaused) { state(code) }
            for frame in step.frames {
                if !sawKeyframe {
                    guard frame.isKeyframe else { continue }
                    sawKeyframe = true
                    state(.firstIFrame)
                }
                if size == nil || size! != (frame.width, frame.height) {
                    size = (frame.width, frame.height)
                    state(.resolutionChanged)
                }
                stats.decodedFrame(frame)
                if let code = warnings.decoded(frame.presentationTime) { state(code) }
                video.append(Queued(time: frame.presentationTime, item: frame))
                newest = max(newest ?? frame.presentationTime, frame.presentationTime)
            }
            if let t = step.audioTime, !step.audio.isEmpty, sawKeyframe || !reader.hasVideo {
                audio.append(Queued(time: t, item: step.audio))
                newest = max(newest ?? t, t)
            }
            let now = clock.now
            if player.isPaused {
                // Paused: stay connected at the live point, show and play nothing.
                video.removeAll()
                audio.removeAll()
                anchor = nil
                warnings.restarted()
            }
            let oldest = [video.first?.time, audio.first?.time].compactMap { $0 }.min()
            var started = false
            // Playback starts at the first queued frame (earlier PCM plays at once), so 2004 finds
            // it on the screen, once min-cache seconds follow it.
            if anchor == nil, let start = video.first?.time ?? oldest, let newest, newest - start >= minCache,
                sawKeyframe || !reader.hasVideo
            {
                anchor = (now, start)
                started = true
            }
            if let a = anchor, let newest {
                var mediaNow = a.media + (now - a.wall)
                if newest - mediaNow > maxCache {
                    // Too far behind the live point: skip to the newest min-cache seconds.
                    mediaNow = newest - minCache
                    anchor = (now, mediaNow)
                    audio.removeAll { $0.time < mediaNow - .milliseconds(100) }
                }
                var shown: LiveVideoFrame?
                while let f = video.first, f.time <= mediaNow {
                    shown = f.item
                    video.removeFirst()
                }
                if let shown { player.screen.show(shown) }
                if let code = warnings.presented(shown != nil, at: now, expectsVideo: reader.hasVideo && sawKeyframe) { state(code) }
                while let p = audio.first, p.time <= mediaNow {
                    player.audio.append(p.item)
                    for s in p.item { volumeSum += Double(s) * Double(s) }
                    volumeCount += p.item.count
                    audio.removeFirst()
                }
                if started { state(.playing) }
                if video.isEmpty, audio.isEmpty, mediaNow - newest > .milliseconds(300) {
                    // The buffer ran dry: wait for min-cache again.
                    anchor = nil
                    warnings.restarted()
                    state(.loading)
                }
            }
            if now - lastVolume >= .milliseconds(300), anchor != nil {
                let rms = volumeCount > 0 ? (volumeSum / Double(volumeCount)).squareRoot() / 32768 : 0
                let db = rms > 0 ? 20 * log10(rms) : -100
                let volume = player.audio.muted ? 0 : Int(max(0, min(100, (db + 60) * 100 / 60)).rounded())
                player.fire("audiovolumenotify", .object(["volume": .number(Double(volume))]), from: self)
                (volumeSum, volumeCount, lastVolume) = (0, 0, now)
            }
            if now - stats.windowStart >= .seconds(1) {
                let cached = (video: video.last.map { $0.time - video[0].time } ?? .zero,
                              audio: audio.last.map { $0.time - audio[0].time } ?? .zero)
                let info = stats.report(now: now, videoCache: cached.video, audioCache: cached.audio, size: size)
                player.netStatus(info, from: self)
            }
        }
        return .cancelled
    }
}

/// Checks the player's src against the app's network rules (run on the playback thread).
typealias LiveURLChecker = @Sendable () -> Result<LiveURL, LiveURL.Failure>
