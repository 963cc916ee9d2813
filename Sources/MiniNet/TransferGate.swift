import Synchronization

/// At most `limit` transfers of one app at a time; the others wait (without a thread) in
/// order. Each transfer holds a thread for up to its time limit, so without this a page could
/// start thousands of blocked threads. The platforms cap concurrent downloads at 10 as well.
public final class TransferGate: Sendable {
    public let limit: Int
    private struct State {
        var running = 0
        var highWater = 0
        var waiting: [CheckedContinuation<Void, Never>] = []
    }
    private let state = Mutex(State())

    public init(limit: Int = 10) { self.limit = max(1, limit) }

    /// The most transfers that ran at once so far.
    public var highWater: Int { state.withLock { $0.highWater } }

    /// Runs `body` once a place is free.
    public func run<T: Sendable>(_ body: () async -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let go = state.withLock { s -> Bool in
                guard s.running < limit else {
                    s.waiting.append(continuation)
                    return false
                }
                s.running += 1
                s.highWater = max(s.highWater, s.running)
                return true
            }
            if go { continuation.resume() }
        }
        let result = await body()
        let next = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard !s.waiting.isEmpty else {
                s.running -= 1
                return nil
            }
            return s.waiting.removeFirst()  // the place passes on; `running` stays
        }
        next?.resume()
        return result
    }
}
