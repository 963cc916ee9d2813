import MiniCore
import Synchronization

/// Reusable RGBA frame memory for `onCameraFrame`. A frame's `ByteBuffer` goes to JS as an
/// ArrayBuffer without a copy; when JS lets go of it (and its GC collects the ArrayBuffer) the
/// memory comes back here instead of to the allocator. An empty pool allocates (a "miss").
public final class RGBABufferPool: Sendable {
    /// Bytes per buffer.
    public let byteCount: Int
    /// Free buffers kept for reuse at most; extra returns are freed.
    public let maximumRetained: Int
    private struct State {
        var free: [UInt] = []  // addresses (raw pointers are not Sendable)
        var allocations = 0
        var reuses = 0
    }
    private let state: Mutex<State>

    /// - Parameter maximumRetained: free buffers kept; default: as many as fit in 64 MB,
    ///   between 8 and 128 (JS's GC hands buffers back in batches).
    public init(byteCount: Int, maximumRetained: Int? = nil) {
        self.byteCount = byteCount
        self.maximumRetained = maximumRetained ?? min(128, max(8, (64 << 20) / max(byteCount, 1)))
        state = Mutex(State())
    }

    deinit {
        state.withLock { s in s.free.forEach { UnsafeMutableRawPointer(bitPattern: $0)?.deallocate() } }
    }

    /// A buffer of `byteCount` bytes (contents are whatever the last frame left).
    public func acquire() -> ByteBuffer {
        let reused: UInt? = state.withLock { s in
            if let p = s.free.popLast() {
                s.reuses += 1
                return p
            }
            s.allocations += 1
            return nil
        }
        let p = reused.flatMap { UnsafeMutableRawPointer(bitPattern: $0) } ?? UnsafeMutableRawPointer.allocate(byteCount: max(byteCount, 1), alignment: 64)
        return ByteBuffer(baseAddress: p, count: byteCount) { [self] p in give(p) }
    }

    private func give(_ p: UnsafeMutableRawPointer) {
        let address = UInt(bitPattern: p)
        let keep = state.withLock { s -> Bool in
            guard s.free.count < maximumRetained else { return false }
            s.free.append(address)
            return true
        }
        if !keep { p.deallocate() }
    }

    /// Buffers allocated so far (every miss).
    public var allocations: Int { state.withLock { $0.allocations } }
    /// Acquisitions served from the pool.
    public var reuses: Int { state.withLock { $0.reuses } }
}
