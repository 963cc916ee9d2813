import MiniCodec
import MiniCore

/// Decode → resample (to the mixer's format, in `AudioDecoder`) → tempo (`atempo` when the rate
/// is not 1) for one player, as float chunks tagged with their media position. Owned by one
/// thread at a time (the mixer's render for files, the feeder thread for URLs). Not thread-safe.
final class PlayerPipeline: @unchecked Sendable {
    /// A piece of output: interleaved floats and the media time (s) of its first frame.
    struct Chunk {
        var samples: [Float]
        var start: Double
    }

    let decoder: AudioDecoder
    let sampleRate: Int
    let channels: Int
    private(set) var rate: Double = 1
    private var tempo: TempoFilter?
    /// Media time of the next output frame.
    private var position: Double = 0
    private(set) var atEnd = false

    init(decoder: AudioDecoder) {
        self.decoder = decoder
        sampleRate = decoder.output.sampleRate
        channels = decoder.output.channels
    }

    /// Seeks to `seconds` (clamped at 0) with `rate` from there.
    func seek(to seconds: Double, rate newRate: Double) throws(CodecError) {
        let t = max(0, seconds.isFinite ? seconds : 0)
        try decoder.seek(to: .nanoseconds(Int64(t * 1e9)))
        position = t
        atEnd = false
        rate = newRate
        tempo = newRate == 1 ? nil : try TempoFilter(tempo: newRate, sampleRate: sampleRate, channels: channels)
    }

    /// The next chunk; nil at the end of the stream (`loop`: it starts over instead).
    func next(loop: Bool) throws(CodecError) -> Chunk? {
        var restarted = false
        while !atEnd {
            if let pcm = try decoder.nextChunk() {
                var floats = pcm.samples.map { Float($0) / 32_768 }
                if let tempo { floats = try floats.withUnsafeBufferPointer { b throws(CodecError) in try tempo.process(b) } }
                if floats.isEmpty { continue }
                return emit(floats)
            }
            if let tempo {
                let tail = try tempo.flush()
                self.tempo = try TempoFilter(tempo: rate, sampleRate: sampleRate, channels: channels)
                if loop { try restart(&restarted) }
                else { atEnd = true }
                if !tail.isEmpty { return emit(tail) }
                continue
            }
            if loop { try restart(&restarted) } else { atEnd = true }
        }
        return nil
    }

    private func restart(_ restarted: inout Bool) throws(CodecError) {
        // A stream that yields nothing from its start would loop forever: end it instead.
        guard !restarted else {
            atEnd = true
            return
        }
        restarted = true
        try decoder.seek(to: .zero)
        position = 0
    }

    private func emit(_ floats: [Float]) -> Chunk {
        let chunk = Chunk(samples: floats, start: position)
        position += Double(floats.count / channels) * rate / Double(sampleRate)
        return chunk
    }
}
