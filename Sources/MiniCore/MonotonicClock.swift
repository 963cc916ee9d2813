import Foundation

/// Wall-clock time source, injected wherever time matters (file timestamps, expiry, limits),
/// so tests can pin it.
public protocol WallClock: Sendable {
    /// Seconds since 1970.
    func now() -> Double
}

/// The system clock.
public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Double { Date().timeIntervalSince1970 }
}

/// A clock tests set by hand.
public final class ManualWallClock: WallClock, @unchecked Sendable {
    private let lock = NSLock()
    private var value: Double
    public init(_ start: Double = 1_700_000_000) { value = start }
    public func now() -> Double { lock.withLock { value } }
    public func advance(by seconds: Double) { lock.withLock { value += seconds } }
}
