import MiniCodec
import MiniCore

/// The driver's step: everything due on the media timeline up to the clock's `now`, in order.
extension VideoPlayer {
    /// Audio decoded ahead of the position.
    static let audioAhead: Duration = .milliseconds(500)

    func stepLocked(now: Duration) {
        guard media != nil else { return }
        do {
            if let target = pendingSeek {
                pendingSeek = nil
                try seekLocked(target, now: now, report: true)
            }
            guard state == .playing else { return }
            try advanceTimelineLocked(now: now)
            guard state == .playing else { return }
            try showDueFramesLocked(at: positionAt(now))
            try fillAudioLocked(until: positionAt(now))
        } catch {
            failLocked(Self.reason(error))
        }
    }

    /// `timeupdate`s every 250 ms of clock time up to `now`, and the end (or the loop back).
    private func advanceTimelineLocked(now: Duration) throws {
        var loops = 0
        while state == .playing {
            try fillQueueLocked()
            let endKnown = media!.duration > .zero || (videoEnded && queue.isEmpty)
            let endClock = endKnown ? clockTime(of: endPosition) : nil
            let horizon = min(now, endClock ?? now)
            while nextTick <= horizon && (endClock == nil || nextTick < endClock!) {
                let t = min(anchorPosition + scaled(nextTick - anchorClock), endPosition)
                hooks.emit(.timeUpdate(currentTime: t.seconds, duration: endPosition.seconds))
                nextTick += Self.tickInterval
            }
            guard let endClock, endClock <= now else { return }
            // The media ended at `endClock`: show its last pictures, then end or loop.
            try showDueFramesLocked(at: endPosition)
            if looping && endPosition > .zero && loops < 1000 {
                loops += 1
                try media!.seek(to: .zero)
                queue = []
                videoEnded = false
                anchorClock = endClock
                anchorPosition = .zero
                restartAudioLocked(at: .zero)
                continue
            }
            state = .ended
            pausedPosition = endPosition
            audio.setActive(false)
            aliveToken?.end()
            aliveToken = nil
            hooks.emit(.ended)
            return
        }
    }

    /// Decodes pictures until `aheadFrames` wait (or the stream ends).
    func fillQueueLocked() throws {
        while !videoEnded && queue.count < Self.aheadFrames {
            if let f = try media!.nextFrame() { queue.append(f) } else { videoEnded = true }
        }
    }

    /// Shows the last picture due at `position` (earlier due ones are skipped, as a player drops late frames).
    private func showDueFramesLocked(at position: Duration) throws {
        var due: VideoFrame?
        while true {
            try fillQueueLocked()
            guard let first = queue.first, first.presentationTime <= position + .microseconds(500) else { break }
            due = queue.removeFirst()
        }
        if let due { show(due) }
    }

    private func show(_ frame: VideoFrame) {
        lastShown = frame.number
        screen.show(frame)
    }

    /// Seeks both streams; shows the picture at `target` (the last one not after it).
    func seekLocked(_ target: Duration, now: Duration, report: Bool) throws {
        guard let media else { return }
        let target = min(max(.zero, target), endPosition)
        try media.seek(to: target)
        queue = []
        videoEnded = false
        var candidate: VideoFrame?
        while !videoEnded {
            guard let f = try media.nextFrame() else { videoEnded = true; break }
            if f.presentationTime <= target + .microseconds(500) {
                candidate = f
            } else {
                queue.append(f)
                break
            }
        }
        if let frame = candidate ?? queue.first {
            if candidate == nil { queue.removeFirst() }
            show(frame)
        }
        pausedPosition = target
        if state == .playing {
            anchorClock = now
            anchorPosition = target
            nextTick = now + Self.tickInterval
        }
        restartAudioLocked(at: target)
        if report {
            hooks.emit(.seekComplete(position: target.seconds))
            hooks.emit(.timeUpdate(currentTime: target.seconds, duration: endPosition.seconds))
        }
    }

    /// Empties the sound buffer and decodes on from `position` (with a new tempo stage).
    func restartAudioLocked(at position: Duration) {
        try? media?.audio?.seek(to: position)
        audio.reset(at: position)
        audioEnded = media?.audio == nil
        audioSkipUntil = position
        stretch = rate == 1 ? nil : TimeStretch(channels: audio.format.channels, rate: rate, sampleRate: audio.format.sampleRate)
    }

    /// Decodes sound until half a second past `position` is buffered; drops what nobody pulled.
    func fillAudioLocked(until position: Duration) throws {
        guard let decoder = media?.audio else { return }
        audio.drop(before: position)
        let c = audio.format.channels, sr = Double(audio.format.sampleRate)
        while !audioEnded && audio.bufferedUntil < position + Self.audioAhead {
            guard let chunk = try decoder.nextChunk() else {
                audioEnded = true
                break
            }
            var samples = chunk.samples[...]
            if let skip = audioSkipUntil {
                let late = min(1e12, ((skip - chunk.presentationTime).seconds * sr).rounded())
                if late > 0 { samples = samples.dropFirst(min(samples.count, Int(late) * c)) }
                audioSkipUntil = nil
            }
            let floats = samples.map { Float($0) / 32_768 }
            if stretch != nil {
                let out = stretch!.process(floats)
                audio.push(out, mediaSeconds: Double(out.count / c) * rate / sr)
            } else {
                audio.push(floats, mediaSeconds: Double(floats.count / c) / sr)
            }
        }
    }

    /// When the driver must run next: the next picture, `timeupdate`, the end, or a sound refill.
    func nextDeadlineLocked() -> Duration? {
        guard state == .playing, let media else { return nil }
        var next = nextTick
        if let f = queue.first { next = min(next, clockTime(of: f.presentationTime)) }
        if media.duration > .zero || (videoEnded && queue.isEmpty) { next = min(next, clockTime(of: endPosition)) }
        if media.audio != nil && !audioEnded {
            next = min(next, clockTime(of: max(.zero, audio.bufferedUntil - .milliseconds(250))))
        }
        return next
    }
}
