import Synchronization

/// Runs async operations one after another, in the order they were enqueued (open, re-open,
/// close of a camera; start, pause, stop of a recorder must never overlap or reorder).
public final class OperationChain: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    public init() {}

    /// Enqueues `op` after everything enqueued before it.
    @discardableResult
    public func enqueue(_ op: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        last.withLock { last in
            let previous = last
            let task = Task {
                await previous?.value
                await op()
            }
            last = task
            return task
        }
    }

    /// Enqueues `op` after everything enqueued before it; the task's value is its result (a
    /// failure does not stop the operations after it).
    public func run<T: Sendable>(_ op: @escaping @Sendable () async throws -> T) -> Task<T, any Error> {
        last.withLock { last in
            let previous = last
            let task = Task {
                await previous?.value
                return try await op()
            }
            last = Task { _ = await task.result }
            return task
        }
    }

    /// Returns once every operation enqueued so far has finished.
    public func drain() async {
        await last.withLock { $0 }?.value
    }
}
