import MiniCamera
import Synchronization

/// One connected browser: text messages in order (at most `textLimit` waiting; beyond that the
/// oldest are dropped and the browser is told to resync) and the newest preview frame only.
/// The WebSocket's sender drains it whenever `signal` fires.
final class SimulatorClient: Sendable {
    static let textLimit = 4096
    let id: Int
    private struct Box {
        var texts: [String] = []
        var frames: [String: PreviewImage] = [:]
        var audio: [AudioChunk] = []
        var overflowed = false
        var closed = false
    }
    private let box = Mutex(Box())
    let signal: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init(id: Int) {
        self.id = id
        (signal, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func send(_ text: String) {
        let ok = box.withLock { b -> Bool in
            guard !b.closed else { return false }
            if b.texts.count >= Self.textLimit {
                b.texts.removeFirst(b.texts.count / 2)
                b.overflowed = true
            }
            b.texts.append(text)
            return true
        }
        if ok { continuation.yield() }
    }

    /// The newest frame for the view `view` replaces one not yet sent.
    func offer(_ frame: PreviewImage, view: String) {
        let ok = box.withLock { b -> Bool in
            guard !b.closed else { return false }
            b.frames[view] = frame
            return true
        }
        if ok { continuation.yield() }
    }

    /// Audio chunks wait in order; beyond `audioLimit` (≈ 2 s) the oldest are dropped.
    static let audioLimit = 40

    func offerAudio(_ chunk: AudioChunk) {
        let ok = box.withLock { b -> Bool in
            guard !b.closed else { return false }
            b.audio.append(chunk)
            if b.audio.count > Self.audioLimit { b.audio.removeFirst(b.audio.count - Self.audioLimit) }
            return true
        }
        if ok { continuation.yield() }
    }

    /// The audio chunks waiting, oldest first.
    func takeAudio() -> [AudioChunk] {
        box.withLock { b in
            defer { b.audio = [] }
            return b.audio
        }
    }

    /// What to send now: the texts in order (a resync notice first after an overflow), then
    /// the newest frame of each view.
    func take() -> (texts: [String], frames: [(String, PreviewImage)]) {
        box.withLock { b in
            var texts = b.texts
            if b.overflowed { texts.insert(#"{"type":"resync"}"#, at: 0) }
            b.overflowed = false
            b.texts = []
            let frames = b.frames.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
            b.frames = [:]
            return (texts, frames)
        }
    }

    func close() {
        box.withLock { $0.closed = true }
        continuation.finish()
    }
}
