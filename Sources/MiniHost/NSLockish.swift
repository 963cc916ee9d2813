import Foundation

/// A tiny lock wrapper usable from Sendable classes.
final class NSLockish: @unchecked Sendable {
    private let lock = NSLock()
    func withLock<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }
}
