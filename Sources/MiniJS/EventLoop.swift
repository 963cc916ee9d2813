import Foundation
import MiniCore

/// The single-threaded event loop all JS runs on.
///
/// Jobs are posted from any thread; timers and jobs run on the thread that calls `run`.
/// The loop is idle when no job is queued, no timer is pending, no native call is in flight and
/// no keep-alive token is held.
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
    private var timers = TimerHeap()
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
    /// flight, no job is queued and no one-shot timer is pending), the deadline passes, or `stop()`.
    func run(deadline: Double, untilSettled: Bool = false, fireTimer: (Int) -> Void) -> Exit {
        while true {
            if localHead < localJobs.count {
                let job = localJobs[localHead]
                localJobs[localHead] = EventLoop.done  // drop what the job captured (frames) now
                localHead += 1
                if localHead == localJobs.count {
                    localJobs.removeAll(keepingCapacity: true)
                    localHead = 0
                }
                job()
                continue
            }
            condition.lock()
            if stopped {
                stopped = false
                condition.unlock()
                return .stopped
            }
            if jobHead < jobs.count {
                let job = jobs[jobHead]
                jobs[jobHead] = EventLoop.done  // drop what the job captured (frames) now
                jobHead += 1
                if jobHead > 1024 && jobHead * 2 > jobs.count {
                    jobs.removeFirst(jobHead)
                    jobHead = 0
                }
                condition.unlock()
                job()
                continue
            }
            let clockNow = clock.now().seconds
            if let due = timers.popDue(now: clockNow) {
                condition.unlock()
                fireTimer(due)
                continue
            }
            let mode = clock.mode
            // A clock moved by hand: timers not yet due wait for the test to move it.
            let frozen = mode == .manual(autoAdvance: false)
            let idle = inFlight == 0 && keepAlives == 0 && (timers.isEmpty || frozen)
            let settled = inFlight == 0 && (!timers.hasOneShot || frozen)
            if idle { condition.unlock(); return .idle }
            if untilSettled && settled { condition.unlock(); return .settled }
            let now = Self.now()
            if now >= deadline { condition.unlock(); return .deadline }
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

/// Timers ordered by deadline, then by creation (so equal delays fire in order).
struct TimerHeap {
    private struct Entry {
        let id: Int
        var deadline: Double
        let seq: Int
        let interval: Double?
    }
    private var entries: [Entry] = []
    private var seq = 0
    private(set) var oneShots = 0

    var isEmpty: Bool { entries.isEmpty }
    var hasOneShot: Bool { oneShots > 0 }
    var nextDeadline: Double? { entries.min { less($0, $1) }?.deadline }

    private func less(_ a: Entry, _ b: Entry) -> Bool {
        a.deadline != b.deadline ? a.deadline < b.deadline : a.seq < b.seq
    }

    mutating func insert(id: Int, deadline: Double, interval: Double?) {
        seq += 1
        entries.append(Entry(id: id, deadline: deadline, seq: seq, interval: interval.map { $0 / 1000 }))
        if interval == nil { oneShots += 1 }
    }

    mutating func remove(id: Int) {
        if let i = entries.firstIndex(where: { $0.id == id }) {
            if entries[i].interval == nil { oneShots -= 1 }
            entries.remove(at: i)
        }
    }

    /// The earliest due timer's id; intervals are re-armed.
    mutating func popDue(now: Double) -> Int? {
        guard let i = entries.indices.min(by: { less(entries[$0], entries[$1]) }), entries[i].deadline <= now else {
            return nil
        }
        let e = entries[i]
        if let interval = e.interval {
            seq += 1
            entries[i] = Entry(id: e.id, deadline: max(e.deadline + interval, now), seq: seq, interval: interval)
        } else {
            entries.remove(at: i)
            oneShots -= 1
        }
        return e.id
    }
}
