import Foundation

/// Runs blocking work (waiting for a subprocess, sleeping) on a thread of its own and awaits it.
///
/// Swift's cooperative pool has one thread per core; a test that blocks one starves the
/// `Task`s other tests' async APIs run on. Anything that blocks for more than a moment goes here.
public func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread.detachNewThread {
            continuation.resume(with: Result { try body() })
        }
    }
}
