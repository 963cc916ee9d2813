import Synchronization

/// Runs async operations one after another, in the order they were enqueued (open, re-open,
/// close of a camera must never overlap or reorder).
final class OperationChain: Sendable {
    private let last = Mutex<Task<Void, Never>?>(nil)

    /// Enqueues `op` after everything enqueued before it.
    @discardableResult
    func enqueue(_ op: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
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

    /// Returns once every operation enqueued so far has finished.
    func drain() async {
        await last.withLock { $0 }?.value
    }
}
