import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniVideo
import Synchronization

/// Generated test clips: `testsrc` pictures with a 440 Hz tone, H.264 + AAC in MP4.
enum Clips {
    /// A clip of `seconds` at `size` and `fps` with a key frame every `gop` frames.
    static func make(_ dir: TemporaryDirectory, name: String = "clip.mp4", size: String = "160x120", fps: Int = 10,
                     seconds: Double = 2, gop: Int = 10, audio: Bool = true) throws -> URL {
        let file = dir.file(name)
        var args = ["-f", "lavfi", "-i", "testsrc=size=\(size):rate=\(fps)"]
        if audio { args += ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100"] }
        args += ["-t", String(seconds), "-c:v", "libx264", "-preset", "ultrafast", "-g", String(gop), "-pix_fmt", "yuv420p"]
        if audio { args += ["-c:a", "aac", "-b:a", "96k"] }
        try MediaTools.ffmpeg(args + [file.path])
        return file
    }

    /// ffmpeg's own picture at `seconds` (accurate seek), as I420 bytes.
    static func reference(_ clip: URL, at seconds: Double, in dir: TemporaryDirectory) throws -> [UInt8] {
        let out = dir.file("ref-\(seconds).yuv")
        try MediaTools.ffmpeg(["-ss", String(seconds), "-i", clip.path, "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "yuv420p", out.path])
        return [UInt8](try Data(contentsOf: out))
    }

    /// Mean absolute difference of two pictures (∞ when their sizes differ).
    static func difference(_ a: [UInt8], _ b: [UInt8]) -> Double {
        guard a.count == b.count, !a.isEmpty else { return .infinity }
        var sum = 0
        for i in 0..<a.count { sum += abs(Int(a[i]) - Int(b[i])) }
        return Double(sum) / Double(a.count)
    }
}

/// A player's events with the clock time each was reported at, and its work tokens.
final class PlayerLog: Sendable {
    private let state = Mutex<(events: [PlayerEvent], times: [Duration], busy: Int)>(([], [], 0))
    let clock: ManualClock

    init(clock: ManualClock) { self.clock = clock }

    var hooks: PlayerHooks {
        PlayerHooks(
            emit: { [self] e in state.withLock { $0.events.append(e); $0.times.append(clock.now()) } },
            busy: { [self] in
                state.withLock { $0.busy += 1 }
                return KeepAlive { [self] in state.withLock { $0.busy -= 1 } }
            })
    }

    var events: [PlayerEvent] { state.withLock { $0.events } }
    var times: [Duration] { state.withLock { $0.times } }
    /// Events other than `timeUpdate`.
    var milestones: [PlayerEvent] { events.filter { if case .timeUpdate = $0 { false } else { true } } }
    func time(of event: PlayerEvent) -> Duration? { state.withLock { s in s.events.firstIndex(of: event).map { s.times[$0] } } }

    /// Waits (polling, off nothing: it only sleeps) until no work is due; generous deadline.
    func idle(_ seconds: Double = 60) async {
        let deadline = Date().addingTimeInterval(seconds)
        while state.withLock({ $0.busy }) > 0 && Date() < deadline { try? await Task.sleep(for: .milliseconds(2)) }
    }

    /// Moves the clock by `delta` in `step`s, waiting for the player after each.
    func advance(_ delta: Duration, step: Duration? = nil) async {
        let s = step ?? delta
        var moved: Duration = .zero
        while moved < delta {
            let d = min(s, delta - moved)
            clock.advance(by: d)
            moved += d
            await idle()
        }
    }
}

/// Pulls a player's sound like the mixer does: `seconds` in 10 ms blocks, as S16.
func pull(_ audio: PlayerAudio, frames: Int, format: AudioFormat) -> [Int16] {
    var out = [Float](repeating: 0, count: frames * format.channels)
    let n = out.withUnsafeMutableBufferPointer { audio.render(into: $0, frames: frames, format: format) }
    return out.prefix(n * format.channels).map { Int16(max(-32_768, min(32_767, $0 * 32_767))) }
}
