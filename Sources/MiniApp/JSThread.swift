import Foundation

/// The one thread all of an app's JS runs on. Work is handed to it as blocks; callers wait with
/// `await` (never blocking Swift's cooperative pool) or, from plain threads, synchronously.
final class JSThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var queue: [() -> Void] = []
    private var finished = false
    private var thread: Thread?
    let name: String

    /// Whether the caller is on this thread.
    var isCurrent: Bool { Thread.current === thread }

    init(name: String) {
        self.name = name
        let thread = Thread { [unowned self] in main() }
        thread.name = name
        // JavaScriptCore measures its stack: give deep page code room before a RangeError.
        thread.stackSize = 16 << 20
        self.thread = thread
        thread.start()
    }

    private func main() {
        while true {
            condition.lock()
            while queue.isEmpty && !finished { condition.wait() }
            if queue.isEmpty && finished {
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            job()
        }
    }

    private func enqueue(_ job: @escaping () -> Void) {
        condition.withLock {
            queue.append(job)
            condition.signal()
        }
    }

    /// Runs `body` on the JS thread and returns its result.
    func run<T: Sendable>(_ body: @escaping () -> T) async -> T {
        await withCheckedContinuation { (c: CheckedContinuation<T, Never>) in
            enqueue { c.resume(returning: body()) }
        }
    }

    /// Runs `body` on the JS thread and waits for it on this thread (not from the JS thread,
    /// nor from Swift's cooperative pool).
    func runSync<T>(_ body: @escaping () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        var result: T?
        enqueue {
            result = body()
            done.signal()
        }
        done.wait()
        return result!
    }

    /// Lets the thread end once its queue is empty.
    func finish() {
        condition.withLock {
            finished = true
            condition.signal()
        }
    }
}
