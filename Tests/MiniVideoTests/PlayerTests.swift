import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniMediaTesting
@testable import MiniVideo
import Synchronization
import Testing

@Suite("VideoPlayer on a manual clock", .enabled(if: MediaTools.hasFFmpeg, "needs ffmpeg"))
struct PlayerTests {
    static func player(_ clip: URL) async -> (VideoPlayer, PlayerLog) {
        let clock = ManualClock(autoAdvance: false)
        let log = PlayerLog(clock: clock)
        let p = VideoPlayer(clock: clock, hooks: log.hooks)
        p.load { .file(clip.path) }
        await log.idle()
        return (p, log)
    }

    @Test func playsAClipEndToEndWithItsFramesAndEndsOnTime() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir)
        let (p, log) = await Self.player(clip)
        #expect(log.events.prefix(2) == [.loadedMetadata(width: 160, height: 120, duration: 2), .progress(buffered: 100)])
        #expect(p.currentState == .paused)
        #expect(p.screen.latest?.number == 0, "the first picture shows once loaded")
        p.play()
        await log.idle()
        await log.advance(.seconds(1), step: .milliseconds(100))
        let frame = try #require(p.screen.latest)
        #expect(frame.number == 10 && frame.presentationTime == .seconds(1))
        let reference = try Clips.reference(clip, at: 1.0, in: dir)
        #expect(Clips.difference(frame.pixels, reference) < 0.5, "the frame at 1 s is ffmpeg's frame at 1 s")
        #expect(Clips.difference(frame.pixels, try Clips.reference(clip, at: 0.5, in: dir)) > 2, "and not another one")
        await log.advance(.milliseconds(900), step: .milliseconds(300))
        #expect(p.currentState == .playing, "still playing at 1.9 s")
        await log.advance(.milliseconds(100))
        #expect(p.currentState == .ended)
        #expect(log.time(of: .ended) == .seconds(2), "ended when the clock reached the clip's end")
        #expect(log.milestones == [.loadedMetadata(width: 160, height: 120, duration: 2), .progress(buffered: 100), .play, .ended])
        let ticks = log.events.compactMap { if case .timeUpdate(let t, let d) = $0 { (t, d) } else { nil } }
        #expect(ticks.map(\.0) == [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75], "every 250 ms of playing")
        #expect(ticks.allSatisfy { $0.1 == 2 })
        #expect(p.screen.latest?.number == 19, "the last picture stays on screen")
    }

    @Test func aLongClockStepReportsWhatSmallStepsWould() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir)
        let (p, log) = await Self.player(clip)
        p.play()
        await log.advance(.seconds(5))
        #expect(p.currentState == .ended)
        let ticks = log.events.compactMap { if case .timeUpdate(let t, _) = $0 { t } else { nil } }
        #expect(ticks == [0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75])
        #expect(log.events.last == .ended)
    }

    @Test func seeksToTheExactPicture() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir, seconds: 3, gop: 25)
        let (p, log) = await Self.player(clip)
        p.seek(to: .milliseconds(1700))
        await log.idle()
        #expect(log.events.contains(.seekComplete(position: 1.7)))
        let frame = try #require(p.screen.latest)
        #expect(frame.number == 17 && frame.presentationTime == .milliseconds(1700))
        #expect(Clips.difference(frame.pixels, try Clips.reference(clip, at: 1.7, in: dir)) < 0.5)
        #expect(p.position == .milliseconds(1700) && p.currentState == .paused)
        // Playing on from there, and back before a key frame.
        p.play()
        await log.advance(.milliseconds(500), step: .milliseconds(250))
        #expect(p.position == .milliseconds(2200) && p.screen.latest?.number == 22)
        p.seek(to: .milliseconds(400))
        await log.idle()
        #expect(p.screen.latest?.number == 4)
        #expect(Clips.difference(p.screen.latest!.pixels, try Clips.reference(clip, at: 0.4, in: dir)) < 0.5)
        await log.advance(.milliseconds(300))
        #expect(p.position == .milliseconds(700) && p.screen.latest?.number == 7)
        // Past the end: clamped.
        p.seek(to: .seconds(99))
        await log.idle()
        #expect(log.events.contains(.seekComplete(position: 3)))
    }

    @Test func loopsWithoutEnding() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir)
        let (p, log) = await Self.player(clip)
        p.setLoop(true)
        p.play()
        await log.advance(.milliseconds(4500), step: .milliseconds(500))
        #expect(p.currentState == .playing)
        #expect(!log.events.contains(.ended))
        #expect(p.position == .milliseconds(500), "4.5 s into a 2 s loop")
        #expect(p.screen.latest?.number == 5)
        #expect(Clips.difference(p.screen.latest!.pixels, try Clips.reference(clip, at: 0.5, in: dir)) < 0.5)
    }

    @Test func playbackRateKeepsTimeAndPitch() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir, seconds: 4)
        let (p, log) = await Self.player(clip)
        let format = AudioFormat(sampleRate: 44_100, channels: 2)
        p.setRate(2)
        p.play()
        var sound: [Int16] = []
        for _ in 0..<100 {  // 1 s of clock in 10 ms blocks, pulled like the mixer does
            await log.advance(.milliseconds(10))
            sound += pull(p.audio, frames: 441, format: format)
        }
        #expect(p.position == .seconds(2), "twice as fast")
        #expect(p.screen.latest?.number == 20)
        let left = MediaTools.channel(sound, 0, of: 2)
        #expect(left.count > 30_000, "about a second of sound came out (\(left.count) frames)")
        let tail = Array(left.suffix(16_384))
        #expect(MediaTools.tonePower(tail, sampleRate: 44_100, frequency: 440) > 0.5, "still 440 Hz: the pitch is kept")
        #expect(MediaTools.tonePower(tail, sampleRate: 44_100, frequency: 880) < 0.05, "not an octave up")
        await log.advance(.seconds(1))
        #expect(p.currentState == .ended && log.time(of: .ended) == .seconds(2), "4 s of media in 2 s")
    }

    @Test func soundFollowsPauseAndMute() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir)
        let (p, log) = await Self.player(clip)
        let format = AudioFormat(sampleRate: 48_000, channels: 1)
        #expect(pull(p.audio, frames: 480, format: format).isEmpty, "silent before play")
        p.play()
        await log.advance(.milliseconds(100))
        let played = pull(p.audio, frames: 4_800, format: format)
        #expect(played.count == 4_800)
        #expect(MediaTools.tonePower(played, sampleRate: 48_000, frequency: 440) > 0.5, "the clip's tone, resampled to 48 kHz mono")
        p.setMuted(true)
        #expect(pull(p.audio, frames: 480, format: format).isEmpty)
        p.setMuted(false)
        p.pause()
        #expect(log.events.last == .pause)
        #expect(pull(p.audio, frames: 480, format: format).isEmpty, "silent while paused")
    }

    @Test func corruptAndMissingSourcesReportAnError() async throws {
        let dir = TemporaryDirectory("player")
        let clip = try Clips.make(dir)
        var bytes = [UInt8](try Data(contentsOf: clip))
        let truncated = dir.file("cut.mp4")
        try Data(bytes.prefix(600)).write(to: truncated)
        var rng = SplitMix64(seed: 5)
        for _ in 0..<2_000 { let i = 48 + Int(rng.next() % UInt64(bytes.count - 48)); bytes[i] ^= UInt8(1 << (rng.next() % 8)) }
        let flipped = dir.file("flipped.mp4")
        try Data(bytes).write(to: flipped)
        let garbage = dir.file("garbage.mp4")
        try Data((0..<5000).map { UInt8($0 % 251) }).write(to: garbage)
        for file in [truncated, garbage, dir.file("missing.mp4")] {
            let (p, log) = await Self.player(file)
            guard case .failed = p.currentState else { Issue.record("\(file.lastPathComponent): \(p.currentState)"); continue }
            guard case .error(let reason)? = log.events.last else { Issue.record("no error event"); continue }
            #expect(!reason.isEmpty)
            #expect(p.play() == false)
        }
        // Damage inside the streams: plays as far as it can, then ends or reports an error — never hangs or crashes.
        let (p, log) = await Self.player(flipped)
        p.play()
        await log.advance(.seconds(3), step: .milliseconds(500))
        switch p.currentState {
        case .ended, .failed: break
        default: Issue.record("a damaged clip still \(p.currentState) after 3 s")
        }
    }
}

@Suite("VideoScreen and TimeStretch")
struct ScreenAndStretchTests {
    @Test func theScreenKeepsTheLatestFrameAndTellsObservers() {
        let screen = VideoScreen()
        let seen = Mutex<[Int?]>([])
        var observation: VideoScreen.Observation? = screen.observe { f in seen.withLock { $0.append(f?.number) } }
        let frame = VideoFrame(width: 2, height: 2, pixels: [1, 2, 3, 4, 5, 6], presentationTime: .milliseconds(40), number: 1)
        screen.show(frame)
        #expect(screen.latest == frame && screen.framesShown == 1)
        screen.clear()
        #expect(screen.latest == nil)
        _ = observation
        observation = nil
        screen.show(frame)
        #expect(seen.withLock { $0 } == [1, nil], "no calls after the observation ended")
        #expect(VideoFrame.byteCount(width: 3, height: 3) == 9 + 2 * 4)
    }

    @Test func stretchingKeepsThePitchAndScalesTheLength() {
        let sr = 44_100
        let tone = (0..<(sr * 2)).map { Float(sin(2 * Double.pi * 440 * Double($0) / Double(sr)) * 0.5) }
        for rate in [0.5, 1.5, 2.0] {
            var stretch = TimeStretch(channels: 1, rate: rate, sampleRate: sr)
            var out: [Float] = []
            for start in stride(from: 0, to: tone.count, by: 4_410) { out += stretch.process(Array(tone[start..<min(tone.count, start + 4_410)])) }
            let expected = Double(tone.count) / rate
            #expect(abs(Double(out.count) - expected) < 3_000, "rate \(rate): \(out.count) samples for \(expected)")
            let middle = out[(out.count / 4)..<(out.count / 4 + 8_192)].map { Int16($0 * 32_767) }
            #expect(MediaTools.tonePower(Array(middle), sampleRate: sr, frequency: 440) > 0.8, "rate \(rate) keeps 440 Hz")
        }
    }
}
