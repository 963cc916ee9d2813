import Foundation

/// Where a player's pictures go: the latest frame shown, readable at any time (tests,
/// `snapshot`, the browser simulator) and observable as frames are shown. One per player.
/// Thread-safe.
public final class VideoScreen: @unchecked Sendable {
    /// A registration made by `observe(_:)`; `cancel()` (or dropping it) ends it.
    public final class Observation: @unchecked Sendable {
        fileprivate weak var screen: VideoScreen?
        fileprivate let id: Int
        fileprivate init(screen: VideoScreen, id: Int) {
            self.screen = screen
            self.id = id
        }
        public func cancel() { screen?.remove(id) }
        deinit { cancel() }
    }

    private let lock = NSLock()
    private var _latest: VideoFrame?
    private var shownCount = 0
    private var observers: [Int: @Sendable (VideoFrame?) -> Void] = [:]
    private var nextID = 0

    public init() {}

    /// The frame on the screen now; nil before the first frame and after the player cleared it
    /// (`stop`, a new `src`).
    public var latest: VideoFrame? { lock.withLock { _latest } }

    /// How many frames were shown since the screen was made.
    public var framesShown: Int { lock.withLock { shownCount } }

    /// Calls `observer` (on the player's thread; keep it short) with every frame shown, and with
    /// nil when the screen is cleared. Keep the observation to keep observing.
    public func observe(_ observer: @escaping @Sendable (VideoFrame?) -> Void) -> Observation {
        lock.withLock {
            nextID += 1
            observers[nextID] = observer
            return Observation(screen: self, id: nextID)
        }
    }

    /// Puts `frame` on the screen (players call this).
    public func show(_ frame: VideoFrame) {
        let list = lock.withLock {
            _latest = frame
            shownCount += 1
            return Array(observers.values)
        }
        for o in list { o(frame) }
    }

    /// Clears the screen (players call this).
    public func clear() {
        let list = lock.withLock {
            _latest = nil
            return Array(observers.values)
        }
        for o in list { o(nil) }
    }

    fileprivate func remove(_ id: Int) { _ = lock.withLock { observers.removeValue(forKey: id) } }
}
