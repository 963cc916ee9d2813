import MiniCapture
import Synchronization

/// The stream's audio as an `AudioSource` for the mixer: the player appends PCM as it becomes
/// due (in real time), the mixer pulls it. Holds at most `capacity` seconds (older samples are
/// dropped when nobody pulls). `muted` renders silence while still consuming, so unmuting
/// resumes at the live point. Rate and channel conversion to the mixer's format is linear
/// interpolation plus channel up/down-mixing.
public final class LiveAudioOutput: ActiveAudioSource, Sendable {
    /// Playing while a playback runs (the mixer pulls it only then).
    public let activity = AudioActivity()

    /// The format samples are appended in (the player decodes to it).
    public let format: AudioFormat
    private struct State {
        var samples: [Int16] = []
        var start = 0
        var muted = false
        /// Fractional read position for resampling, in source frames.
        var phase = 0.0
    }
    private let state = Mutex(State())
    private let capacityFrames: Int

    public init(format: AudioFormat, capacity: Duration = .seconds(3)) {
        self.format = format
        capacityFrames = max(1, Int(Double(format.sampleRate) * Double(capacity.components.seconds) + Double(format.sampleRate) * Double(capacity.components.attoseconds) / 1e18))
    }

    public var muted: Bool {
        get { state.withLock { $0.muted } }
        set { state.withLock { $0.muted = newValue } }
    }

    /// Frames waiting to be pulled.
    public var bufferedFrames: Int { state.withLock { ($0.samples.count - $0.start) / format.channels } }

    func append(_ pcm: [Int16]) {
        state.withLock { s in
            s.samples.append(contentsOf: pcm)
            let over = (s.samples.count - s.start) / format.channels - capacityFrames
            if over > 0 { s.start += over * format.channels }
            if s.start > 1 << 16 {
                s.samples.removeFirst(s.start)
                s.start = 0
            }
        }
    }

    func flush() {
        state.withLock { s in
            s.samples.removeAll(keepingCapacity: true)
            s.start = 0
            s.phase = 0
        }
    }

    public func render(into buffer: UnsafeMutableBufferPointer<Float>, frames: Int, format out: AudioFormat) -> Int {
        let inCh = format.channels, outCh = max(1, out.channels)
        let step = Double(format.sampleRate) / Double(max(1, out.sampleRate))
        return state.withLock { s in
            let available = (s.samples.count - s.start) / inCh
            var written = 0
            while written < frames, written * outCh + outCh <= buffer.count {
                let pos = s.phase + Double(written) * step
                let i0 = Int(pos)
                guard i0 + 1 < available || (step == 1 && i0 < available) else { break }
                let frac = pos - Double(i0)
                for c in 0..<outCh {
                    let src = min(c, inCh - 1)
                    func sample(_ i: Int) -> Float {
                        if outCh == 1 && inCh > 1 {
                            var sum: Float = 0
                            for k in 0..<inCh { sum += Float(s.samples[s.start + i * inCh + k]) }
                            return sum / Float(inCh)
                        }
                        return Float(s.samples[s.start + i * inCh + src])
                    }
                    let a = sample(i0)
                    let b = i0 + 1 < available ? sample(i0 + 1) : a
                    let v = (a + (b - a) * Float(frac)) / 32768
                    buffer[written * outCh + c] = s.muted ? 0 : v
                }
                written += 1
            }
            let consumed = s.phase + Double(written) * step
            let whole = min(Int(consumed), available)
            s.start += whole * inCh
            s.phase = consumed - Double(whole)
            return written
        }
    }
}
