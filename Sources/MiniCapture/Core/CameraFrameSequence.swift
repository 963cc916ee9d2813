/// Async sequence of frames from a `CameraDevice` (see `CameraDevice.frames()`).
public struct CameraFrameSequence: AsyncSequence, Sendable {
    public typealias Element = CameraFrame
    public typealias Failure = any Error

    let device: any CameraDevice

    /// Pulls one frame per `next()` call.
    public struct AsyncIterator: AsyncIteratorProtocol {
        let device: any CameraDevice

        public mutating func next() async throws -> CameraFrame? {
            if Task.isCancelled { return nil }
            do {
                return try await device.nextFrame()
            } catch is CancellationError {
                return nil
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(device: device)
    }
}
