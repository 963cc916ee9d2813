import Foundation

/// Changes the tempo of interleaved PCM without changing its pitch (WSOLA: Hann-windowed
/// segments overlap-added at a fixed output hop, each taken from around its ideal input place
/// where it best continues the previous one). `rate` 2 plays twice as fast at the same pitch.
/// Streaming: `process` takes any amount and returns what is ready. Not thread-safe.
struct TimeStretch {
    let channels: Int
    let rate: Double
    /// Segment length and the search range around the ideal place, in frames.
    private let window: Int
    private let hop: Int
    private let tolerance: Int
    private let hann: [Float]
    /// Input not yet consumed, and the absolute frame index of its first frame.
    private var input: [Float] = []
    private var inputStart = 0
    /// Ideal input place of the next segment (absolute frames) and the natural continuation of the last one.
    private var ideal: Double = 0
    private var natural = 0
    private var overlap: [Float]
    private var started = false

    init(channels: Int, rate: Double, sampleRate: Int) {
        self.channels = max(1, channels)
        self.rate = rate
        let n = sampleRate >= 32_000 ? 1024 : 512
        window = n
        hop = n / 2
        tolerance = n / 4
        hann = (0..<n).map { i in Float(0.5 - 0.5 * cos(2 * Double.pi * Double(i) / Double(n))) }
        overlap = [Float](repeating: 0, count: window * self.channels)
    }

    /// Feeds `samples` (interleaved) and returns the stretched output that is complete.
    mutating func process(_ samples: [Float]) -> [Float] {
        input += samples
        var out: [Float] = []
        let c = channels
        while true {
            let idealStart = Int(ideal)
            let lo = started ? max(inputStart, idealStart - tolerance) : idealStart
            let hi = started ? idealStart + tolerance : idealStart
            // Need every candidate segment and the natural continuation in the buffer.
            let needEnd = max(hi, natural) + window
            guard needEnd <= inputStart + input.count / c else { break }
            var best = idealStart
            if started {
                var bestScore = -Float.infinity
                var s = lo
                while s <= hi {
                    var score: Float = 0
                    var i = 0
                    while i < hop {
                        let a = (s - inputStart + i) * c, b = (natural - inputStart + i) * c
                        for ch in 0..<c { score += input[a + ch] * input[b + ch] }
                        i += 2
                    }
                    if score > bestScore { bestScore = score; best = s }
                    s += 2
                }
            }
            let base = (best - inputStart) * c
            for i in 0..<window {
                let w = hann[i]
                for ch in 0..<c { overlap[i * c + ch] += w * input[base + i * c + ch] }
            }
            out += overlap[0..<(hop * c)]
            overlap.removeFirst(hop * c)
            overlap += [Float](repeating: 0, count: hop * c)
            natural = best + hop
            ideal += Double(hop) * rate
            started = true
            // Drop what no later segment can read.
            let keepFrom = min(Int(ideal) - tolerance, natural)
            if keepFrom > inputStart {
                input.removeFirst(min(input.count, (keepFrom - inputStart) * c))
                inputStart = keepFrom
            }
        }
        return out
    }
}
