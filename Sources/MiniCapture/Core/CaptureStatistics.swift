/// Counters of a camera device since it was created.
public struct CaptureStatistics: Sendable, Hashable {
    /// Frames returned by `nextFrame()`.
    public var framesDelivered: Int = 0
    /// Frame buffers allocated by the pool (stays constant after warm-up).
    public var buffersAllocated: Int = 0
    /// Times a paced schedule was re-anchored because the consumer fell behind.
    public var pacingResets: Int = 0
    /// Times a file source wrapped around to its beginning.
    public var loops: Int = 0

    public init() {}
}
