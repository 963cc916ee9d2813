import Foundation
import MiniCapture

/// A player's sound as an `AudioSource`: PCM the player decoded ahead of its position (at most
/// about half a second), tempo-changed with the pitch kept when the rate is not 1, handed to
/// whoever pulls it (the mixer; tests pull it directly). Silent — nothing rendered — while the
/// player is not playing or is muted; muted audio is still consumed, so unmuting is in sync.
///
/// `VideoModule(audioOutput:)` attaches it to the audio layer's mixer (MiniStandard's
/// `MixerAudioOutput`); `activity` tells the mixer when it plays.
public final class PlayerAudio: ActiveAudioSource, @unchecked Sendable {
    /// Playing or not: the mixer pulls it only while it plays.
    public let activity = AudioActivity()
    /// The format the player decodes to; `render` converts to the format asked for.
    public let format: AudioFormat
    private let lock = NSLock()
    private var fifo: [Float] = []
    private var fifoHead = 0
    /// Media time just after the last frame in `fifo`, and media seconds per FIFO frame.
    private var endPosition: Duration = .zero
    private var mediaPerFrame: Double
    private var active = false
    private var muted = false
    /// Fractional source position carried between `render` calls when the rates differ.
    private var carry: Double = 0

    init(format: AudioFormat) {
        self.format = format
        mediaPerFrame = 1 / Double(format.sampleRate)
    }

    private var count: Int { (fifo.count - fifoHead) / format.channels }

    /// Media time of the next frame `render` would give.
    public var position: Duration {
        lock.withLock { endPosition - .nanoseconds(nanoseconds(Double(count) * mediaPerFrame)) }
    }

    /// Frames waiting.
    public var bufferedFrames: Int { lock.withLock { count } }

    public func render(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int, format out: AudioFormat) -> Int {
        lock.withLock {
            guard active, frames > 0, out.channels > 0, out.sampleRate > 0 else { return 0 }
            let c = format.channels
            let step = Double(format.sampleRate) / Double(out.sampleRate)
            var written = 0
            while written < frames {
                let pos = carry + Double(written) * step
                let i = Int(pos)
                guard i + 1 < count || (step == 1 && i < count) else { break }
                let frac = Float(pos - Double(i))
                let a = fifoHead + i * c
                let b = step == 1 ? a : a + c
                for oc in 0..<out.channels {
                    let sc = c == 1 ? 0 : (out.channels == 1 ? -1 : min(oc, c - 1))
                    var v: Float
                    if sc < 0 {
                        var sum: Float = 0, sumB: Float = 0
                        for k in 0..<c { sum += fifo[a + k]; sumB += fifo[b + k] }
                        v = (sum + (sumB - sum) * frac) / Float(c)
                    } else {
                        v = fifo[a + sc] + (fifo[b + sc] - fifo[a + sc]) * frac
                    }
                    buffer[written * out.channels + oc] = muted ? 0 : v
                }
                written += 1
            }
            let consumed = carry + Double(written) * step
            let whole = min(count, Int(consumed))
            carry = consumed - Double(whole)
            fifoHead += whole * c
            compact()
            return muted ? 0 : written
        }
    }

    // MARK: The player's side

    /// Appends decoded (possibly stretched) samples whose media span is `mediaSeconds`.
    func push(_ samples: [Float], mediaSeconds: Double) {
        lock.withLock {
            guard !samples.isEmpty else { return }
            fifo += samples
            endPosition += .nanoseconds(nanoseconds(mediaSeconds))
            let frames = Double(samples.count / format.channels)
            if frames > 0 { mediaPerFrame = mediaSeconds / frames }
        }
    }

    /// Media time after the last buffered frame.
    var bufferedUntil: Duration { lock.withLock { endPosition } }

    /// Empties the buffer; the next samples pushed start at `position`.
    func reset(at position: Duration) {
        lock.withLock {
            fifo = []
            fifoHead = 0
            carry = 0
            endPosition = position
        }
    }

    /// Drops frames older than `position` (nobody pulled them): keeps the sound in step.
    func drop(before position: Duration) {
        lock.withLock {
            let head = endPosition - .nanoseconds(nanoseconds(Double(count) * mediaPerFrame))
            let late = (position - head).seconds
            guard late > 0.1 else { return }
            let frames = late / mediaPerFrame
            let n = frames.isFinite ? min(count, Int(min(frames, 1e12))) : count
            fifoHead += n * format.channels
            compact()
        }
    }

    func setActive(_ on: Bool) {
        lock.withLock { active = on }
        activity.set(on)
    }
    func setMuted(_ on: Bool) { lock.withLock { muted = on } }

    private func compact() {
        if fifoHead > 65_536 || fifoHead == fifo.count {
            fifo.removeFirst(fifoHead)
            fifoHead = 0
        }
    }
}
