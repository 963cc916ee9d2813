/// Recycles `FrameBuffer`s: a buffer is reused once the pool holds the only reference to it, so
/// after warm-up no allocation happens per frame as long as consumers release frames.
/// Not thread-safe; devices use it under their lock.
final class FramePool {
    let pixelFormat: PixelFormat
    let width: Int
    let height: Int
    private var buffers: [FrameBuffer] = []
    private var cursor = 0
    /// Total buffers allocated over the pool's lifetime.
    private(set) var allocationCount = 0
    /// Buffers beyond this many are still handed out but not retained for reuse.
    let maximumRetained: Int

    init(pixelFormat: PixelFormat, width: Int, height: Int, maximumRetained: Int = 8) {
        self.pixelFormat = pixelFormat
        self.width = width
        self.height = height
        self.maximumRetained = maximumRetained
        buffers.reserveCapacity(maximumRetained)
    }

    /// Returns a buffer nobody else references, allocating only if all pooled buffers are in use.
    func acquire() -> FrameBuffer {
        let n = buffers.count
        if n > 0 {
            for k in 0..<n {
                let i = (cursor + k) % n
                if isKnownUniquelyReferenced(&buffers[i]) {
                    cursor = (i + 1) % n
                    return buffers[i]
                }
            }
        }
        let b = FrameBuffer(pixelFormat: pixelFormat, width: width, height: height)
        allocationCount += 1
        if buffers.count < maximumRetained { buffers.append(b) }
        return b
    }

    /// Number of buffers currently retained for reuse.
    var retainedCount: Int { buffers.count }
}
