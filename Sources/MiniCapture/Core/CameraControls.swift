import Synchronization

/// Thread-safe control state of a camera: position, zoom and flash/torch mode.
/// Stored as state; the synthetic/file backends do not alter pixels for zoom or flash.
public final class CameraControls: Sendable {
    private struct State {
        var position: CameraPosition
        var zoom: Double
        var flashMode: FlashMode
    }
    private let state: Mutex<State>
    /// Largest supported zoom factor (minimum is 1).
    public let maxZoom: Double

    /// Creates controls with the given zoom limit.
    public init(maxZoom: Double, position: CameraPosition = .back, flashMode: FlashMode = .auto) {
        self.maxZoom = max(1, maxZoom)
        state = Mutex(State(position: position, zoom: 1, flashMode: flashMode))
    }

    /// Camera position of the current (or last) session.
    public var position: CameraPosition { state.withLock { $0.position } }

    /// Current zoom factor in `1...maxZoom`.
    public var zoom: Double { state.withLock { $0.zoom } }

    /// Current flash mode.
    public var flashMode: FlashMode { state.withLock { $0.flashMode } }

    /// Sets the zoom, clamped to `1...maxZoom`; returns the value applied (as `CameraContext.setZoom`).
    @discardableResult
    public func setZoom(_ zoom: Double) -> Double {
        let z = zoom.isFinite ? min(max(zoom, 1), maxZoom) : 1
        state.withLock { $0.zoom = z }
        return z
    }

    /// Sets the flash mode.
    public func setFlashMode(_ mode: FlashMode) {
        state.withLock { $0.flashMode = mode }
    }

    /// Sets the position (devices do this on `open`).
    public func setPosition(_ position: CameraPosition) {
        state.withLock { $0.position = position }
    }
}
