import Foundation
import MiniCore

/// The single-threaded event loop all JS runs on.
///
/// Jobs are posted from any thread; timers and jobs run on the thread that calls `run`.
/// The loop is idle when no job is queued, no timer is pending, no native call is in flight and
/// no keep-alive token is held.
///
/// Fairness: work comes from four ready sources — jobs the JS thread queued itself (results of
/// `.immediate` calls), jobs posted from other threads (API results, events, component events),
/// due timers, and stream jobs (camera frames: `postStream`, at most one waiting per producer).
/// Each step serves one item from the next ready source after the one served last (round robin),
/// so no source can starve another: a 50 ms frame callback at 30 fps still lets timers and
/// results through every other step. The run deadline is checked before every step, and stream
/// jobs never keep a `settle` waiting (taps get their turn while frames flow).
///
/// Timers run on the session's `MediaClock`. With a real clock the loop sleeps until the next
/// timer; with a manual clock that auto-advances it jumps the clock to the next timer once
/// nothing else is in flight; with a manual clock moved by hand, timers not yet due do not keep
/// the loop busy (the test moves time, then runs again). Run deadlines (`--timeout`) are always
/// real time.
final class EventLoop: @unchecked Sendable {
    let clock: any MediaClock
    private let condition = NSCondition()
    private var jobs: [@Sendable () -> Void] = []
    private var jobHead = 0
    /// Jobs queued by the loop's own thread (results of `.immediate` calls): no lock needed.
    private var localJobs: [@Sendable () -> Void] = []
    private var localHead = 0
    /// Stream jobs (frames): served in turn with the others, not waited for by `settle`.
    private var streams: [@Sendable () -> Void] = []
    private var streamHead = 0
    private var timers = TimerHeap()
    /// The source to try first on the next step (round robin over `Source`).
    private var nextSource = 0
    private var inFlight = 0
    private var keepAlives = 0
    private var stopped = false
    /// The thread that created the loop (and the JS context): jobs it posts skip the lock.
    /// Run the loop on that thread; posts from any other thread are always safe.
    private let owner = pthread_self()

    init(clock: any MediaClock = SystemClock()) {
        self.clock = clock
        clock.onAdvance { [weak self] in self?.wake() }
    }

    /// Wakes a waiting `run` so it looks at the clock again.
    func wake() {
        condition.lock()
        condition.signal()
        condition.unlock()
    }

    /// Posts a job from any thread. Jobs posted on the loop's own thread keep their order
    /// with `postLocal` jobs.
    func post(_ job: @escaping @Sendable () -> Void) {
        if pthread_equal(pthread_self(), owner) != 0 {
            localJobs.append(job)
            return
        }
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Queues a job from the loop's own thread without taking the lock; from any other thread
    /// it is an ordinary `post`.
    func postLocal(_ job: @escaping @Sendable () -> Void) {
        post(job)
    }

    /// Posts a stream job (a camera frame for a JS callback) from any thread. Its producer
    /// keeps at most one waiting (it sends the next frame only when the previous call returned),
    /// so this queue stays short; the loop serves it in turn with the other sources.
    func postStream(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        streams.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Whether the caller is the loop's thread.
    var isOwnerThread: Bool { pthread_equal(pthread_self(), owner) != 0 }

    /// Pending timers (tests).
    var timerCount: Int { condition.withLock { timers.count } }
    /// Timer entries held, live or cancelled-but-not-yet-dropped (tests).
    var timerStorage: Int { condition.withLock { timers.storage } }

    /// A native call started; `finish` posts its completion and ends the count.
    func beginCall() { condition.withLock { inFlight += 1 } }

    /// Posts the completion of a call begun with `beginCall`.
    func finishCall(_ job: @escaping @Sendable () -> Void) {
        condition.lock()
        inFlight -= 1
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Ends a call begun with `beginCall` that has no completion job.
    func endCall() {
        condition.lock()
        inFlight -= 1
        condition.signal()
        condition.unlock()
    }

    func retain() { condition.withLock { keepAlives += 1 } }

    func release() {
        condition.lock()
        keepAlives -= 1
        condition.signal()
        condition.unlock()
    }

    func addTimer(id: Int, delay: Double, repeats: Bool) {
        condition.withLock { timers.insert(id: id, deadline: clock.now().seconds + max(delay, 0) / 1000, interval: repeats ? max(delay, 1) : nil) }
    }

    func cancelTimer(id: Int) { condition.withLock { timers.remove(id: id) } }

    func stop() {
        condition.lock()
        stopped = true
        condition.signal()
        condition.unlock()
    }

    enum Exit { case idle, settled, deadline, stopped }

    /// Runs jobs and timers until the loop is idle (or, with `untilSettled`, until no call is in
    /// flight, no job is queued and no timer is due and no one-shot timer pending; stream jobs
    /// are not waited for), the deadline passes, or `stop()`.
    func run(deadline: Double, untilSettled: Bool = false, fireTimer: (Int) -> Void) -> Exit {
        while true {
            condition.lock()
            if stopped {
                stopped = false
                condition.unlock()
                return .stopped
            }
            let now = Self.now()
            if now >= deadline { condition.unlock(); return .deadline }
            let clockNow = clock.now().seconds
            let hasLocal = localHead < localJobs.count
            let hasPosted = jobHead < jobs.count
            let hasTimer = timers.hasDue(now: clockNow)
            let hasStream = streamHead < streams.count
            // Bit i: source i has work (0 local jobs, 1 posted jobs, 2 due timers, 3 streams).
            let ready = (hasLocal ? 1 : 0) | (hasPosted ? 2 : 0) | (hasTimer ? 4 : 0) | (hasStream ? 8 : 0)
            if ready != 0 {
                if untilSettled, ready == 8, inFlight == 0, !timers.hasOneShot || clock.mode == .manual(autoAdvance: false) {
                    condition.unlock()
                    return .settled
                }
                var source = nextSource
                while ready & (1 << source) == 0 { source = (source + 1) & 3 }
                nextSource = (source + 1) & 3
                switch source {
                case 0:
                    condition.unlock()
                    let job = localJobs[localHead]
                    localJobs[localHead] = EventLoop.done  // drop what the job captured (frames) now
                    localHead += 1
                    if localHead == localJobs.count {
                        localJobs.removeAll(keepingCapacity: true)
                        localHead = 0
                    }
                    job()
                case 1:
                    let job = Self.take(&jobs, &jobHead)
                    condition.unlock()
                    job()
                case 2:
                    let due = timers.popDue(now: clockNow)
                    condition.unlock()
                    if let due { fireTimer(due) }
                default:
                    let job = Self.take(&streams, &streamHead)
                    condition.unlock()
                    job()
                }
                continue
            }
            let mode = clock.mode
            // A clock moved by hand: timers not yet due wait for the test to move it.
            let frozen = mode == .manual(autoAdvance: false)
            let idle = inFlight == 0 && keepAlives == 0 && (timers.isEmpty || frozen)
            let settled = inFlight == 0 && (!timers.hasOneShot || frozen)
            if idle { condition.unlock(); return .idle }
            if untilSettled && settled { condition.unlock(); return .settled }
            switch mode {
            case .realTime:
                let wait = min((timers.nextDeadline ?? .infinity) - clockNow, deadline - now)
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(wait, 0)))
                condition.unlock()
            case .manual(let autoAdvance):
                if autoAdvance, inFlight == 0, keepAlives == 0, let next = timers.nextDeadline {
                    // Nothing else can happen first: jump to the next timer.
                    condition.unlock()
                    clock.advance(to: .nanoseconds(Int64((next * 1e9).rounded(.up))))
                    continue
                }
                _ = condition.wait(until: Date(timeIntervalSinceNow: max(deadline - now, 0)))
                condition.unlock()
            }
        }
    }

    /// Takes the head of a locked queue, dropping what the job captured (frames) at once and
    /// compacting the array once most of it is spent.
    private static func take(_ queue: inout [@Sendable () -> Void], _ head: inout Int) -> @Sendable () -> Void {
        let job = queue[head]
        queue[head] = EventLoop.done
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        return job
    }

    /// Replaces a job slot once taken, so a run job's captures are released at once rather than
    /// when the queue is next compacted.
    static let done: @Sendable () -> Void = {}

    /// Real monotonic time in seconds (run deadlines).
    static func now() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }
}
