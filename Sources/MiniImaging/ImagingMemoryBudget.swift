#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Bytes of pixel memory that concurrent decode pipelines share.
///
/// A pipeline reserves its estimated peak (input bytes + decoded and intermediate pixels)
/// before it reads the file and releases it when it returns. A reservation larger than the
/// whole capacity fails at once with `.tooLarge`; one that does not fit *now* waits until other
/// pipelines release theirs, and fails with `.tooLarge` when its deadline passes first. So N
/// concurrent decodes of a large image run one after another instead of adding up.
public final class ImagingMemoryBudget: @unchecked Sendable {
    /// Total bytes available to all pipelines together.
    public let capacity: Int
    private var used = 0
    private var peak = 0
    // Heap-allocated: pthread objects must not move, which `&storedProperty` does not promise.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    /// The process-wide budget every pipeline uses by default: 384 MiB.
    public static let shared = ImagingMemoryBudget(capacity: 384 << 20)

    /// Creates a budget of `capacity` bytes.
    public init(capacity: Int) {
        self.capacity = max(0, capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    /// Bytes currently reserved.
    public var reserved: Int { locked { used } }
    /// The largest total reserved at any one time since creation.
    public var peakReserved: Int { locked { peak } }

    /// Runs `body` holding a reservation of `bytes`, waiting (until `deadline`) for room.
    func withReservation<T>(_ bytes: Int, deadline: DecodeDeadline, _ what: String, _ body: () throws -> T) throws -> T {
        try reserve(bytes, deadline: deadline, what)
        defer { release(bytes) }
        return try body()
    }

    func reserve(_ bytes: Int, deadline: DecodeDeadline, _ what: String) throws {
        let bytes = max(0, bytes)
        guard bytes <= capacity else {
            throw ImagingError(.tooLarge, "\(what) needs about \(Self.mib(bytes)) MiB to decode, more than the "
                + "\(Self.mib(capacity)) MiB image memory budget")
        }
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        while capacity - used < bytes {
            let left = deadline.remaining
            if left == .zero {
                throw ImagingError(.tooLarge, "\(what) needs about \(Self.mib(bytes)) MiB and the image memory budget "
                    + "stayed in use by other decodes")
            }
            var now = timespec()
            clock_gettime(CLOCK_REALTIME, &now)
            let wait = min(left, .milliseconds(200))
            let ns = Int(now.tv_nsec) + Int(wait.components.attoseconds / 1_000_000_000)
            var until = timespec(tv_sec: now.tv_sec + Int(wait.components.seconds) + ns / 1_000_000_000,
                                 tv_nsec: ns % 1_000_000_000)
            _ = pthread_cond_timedwait(condition, mutex, &until)
        }
        used += bytes
        peak = max(peak, used)
    }

    func release(_ bytes: Int) {
        pthread_mutex_lock(mutex)
        used -= max(0, bytes)
        pthread_cond_broadcast(condition)
        pthread_mutex_unlock(mutex)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    private static func mib(_ bytes: Int) -> Int { (bytes + (1 << 20) - 1) >> 20 }
}
