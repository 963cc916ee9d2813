/// A frame source: synthetic test card, media file, or V4L2 device.
///
/// Lifecycle: `open(_:)` → `nextFrame()` / `frames()` … → `close()`. Re-opening re-configures.
/// Implementations are thread-safe; `nextFrame()` may be called from any task.
public protocol CameraDevice: AnyObject, Sendable {
    /// The spec string this device was made from, e.g. `"synthetic:640x480"`.
    var specDescription: String { get }
    /// Output format while open, `nil` while closed.
    var formatDescription: FrameFormatDescription? { get }
    /// Zoom / flash / position state.
    var controls: CameraControls { get }
    /// Counters (frames, allocations, pacing resets).
    var statistics: CaptureStatistics { get }

    /// Opens (or re-opens) the device with the given configuration.
    func open(_ configuration: CameraConfiguration) throws(CameraError)
    /// Stops capture and releases resources. Safe to call when closed.
    func close()
    /// Produces the next frame; in `.paced` mode waits on the device clock until it is due.
    /// Throws `CameraError.notOpen` when closed, `CancellationError` when cancelled.
    func nextFrame() async throws -> CameraFrame
}

extension CameraDevice {
    /// Whether the device is open.
    public var isOpen: Bool { formatDescription != nil }

    /// An endless, pull-driven sequence of frames: each iteration calls `nextFrame()`, so a slow
    /// consumer never builds a backlog (paced devices re-anchor their schedule instead). Iteration
    /// ends (returns `nil`) when the consuming task is cancelled and throws if capture fails.
    public func frames() -> CameraFrameSequence {
        CameraFrameSequence(device: self)
    }
}
