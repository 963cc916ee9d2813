import CFFmpeg
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Ends FFmpeg's blocking network calls (open, stream probing, reads) from another thread: set
/// `cancel()` (a player stopping) or a deadline before each blocking step. FFmpeg polls it
/// through the format context's interrupt callback and returns `AVERROR_EXIT`.
public final class LiveInterrupt: Sendable {
    private let cancelled = Atomic<Bool>(false)
    /// Monotonic nanoseconds after which blocking calls end; `Int64.max`: none.
    private let deadlineNanos = Atomic<Int64>(.max)

    public init() {}

    /// Ends the current and every later blocking call.
    public func cancel() { cancelled.store(true, ordering: .releasing) }

    public var isCancelled: Bool { cancelled.load(ordering: .acquiring) }

    /// Blocking calls from now on end after `timeout` (nil: no deadline).
    public func arm(_ timeout: Duration?) {
        guard let timeout else { deadlineNanos.store(.max, ordering: .relaxed); return }
        let c = timeout.components
        deadlineNanos.store(Self.now() + c.seconds * 1_000_000_000 + c.attoseconds / 1_000_000_000, ordering: .relaxed)
    }

    /// Whether a blocking call should end now.
    var shouldStop: Bool { isCancelled || Self.now() > deadlineNanos.load(ordering: .relaxed) }

    var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

    static func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }
}

/// The format context's interrupt callback: `opaque` is an unretained `LiveInterrupt` that the
/// container keeps alive.
let liveInterruptCallback: @convention(c) (UnsafeMutableRawPointer?) -> Int32 = { opaque in
    guard let opaque else { return 0 }
    return Unmanaged<LiveInterrupt>.fromOpaque(opaque).takeUnretainedValue().shouldStop ? 1 : 0
}
