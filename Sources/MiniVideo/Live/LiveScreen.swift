import MiniCodec
import Synchronization

/// What a `<live-player>` shows: the latest presented video frame (I420 at the stream's size)
/// and how many frames were presented. The simulator, tests and `snapshot` read it; the player
/// replaces the frame as it presents the next one (latest wins, nothing queues here).
public final class LiveScreen: Sendable {
    private struct State {
        var frame: LiveVideoFrame?
        var presented = 0
    }
    private let state = Mutex(State())

    public init() {}

    /// The frame on the screen now, if one was presented since the last `clear()`.
    public var frame: LiveVideoFrame? { state.withLock { $0.frame } }
    /// Frames presented since the player was created.
    public var presentedFrames: Int { state.withLock { $0.presented } }

    func show(_ frame: LiveVideoFrame) {
        state.withLock {
            $0.frame = frame
            $0.presented += 1
        }
    }

    /// `stop()`: the screen goes blank.
    func clear() { state.withLock { $0.frame = nil } }
}
