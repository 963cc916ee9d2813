/// Pending timers in a binary min-heap keyed by (deadline, creation sequence), so the earliest
/// timer is found in O(1), armed and fired in O(log n), and timers with equal deadlines fire in
/// the order they were set. Cancelling is O(1) by lazy deletion: the entry stays in the heap but
/// is no longer live, is skipped when it reaches the top, and the heap is rebuilt from its live
/// entries when stale ones outnumber them.
struct TimerHeap {
    private struct Entry {
        let deadline: Double
        let seq: Int
        let id: Int
        /// Seconds between firings; nil for a one-shot timer.
        let interval: Double?

        func precedes(_ other: Entry) -> Bool {
            deadline != other.deadline ? deadline < other.deadline : seq < other.seq
        }
    }
    private var heap: [Entry] = []
    /// Each live timer's current entry (its sequence number) and whether it is one-shot, by id.
    private var live: [Int: (seq: Int, oneShot: Bool)] = [:]
    private var seq = 0
    private(set) var oneShots = 0

    var isEmpty: Bool { live.isEmpty }
    var count: Int { live.count }
    var hasOneShot: Bool { oneShots > 0 }
    /// Entries held, live or stale (tests: cancelled timers do not pile up).
    var storage: Int { heap.count }

    /// The earliest live deadline.
    var nextDeadline: Double? {
        mutating get {
            dropStaleTop()
            return heap.first?.deadline
        }
    }

    /// Arms timer `id` (re-arming an id replaces its previous entry). `interval` is in
    /// milliseconds; nil makes a one-shot timer.
    mutating func insert(id: Int, deadline: Double, interval: Double?) {
        remove(id: id)
        push(Entry(deadline: deadline, seq: nextSeq(), id: id, interval: interval.map { $0 / 1000 }))
        if interval == nil { oneShots += 1 }
    }

    mutating func remove(id: Int) {
        guard let entry = live.removeValue(forKey: id) else { return }
        if entry.oneShot { oneShots -= 1 }
        if heap.count > 64 && heap.count > live.count * 2 { rebuild() }
    }

    /// Whether the earliest live timer is due at `now`.
    mutating func hasDue(now: Double) -> Bool {
        dropStaleTop()
        return heap.first.map { $0.deadline <= now } ?? false
    }

    /// The earliest due timer's id; an interval is re-armed after its firing time.
    mutating func popDue(now: Double) -> Int? {
        dropStaleTop()
        guard let top = heap.first, top.deadline <= now else { return nil }
        popTop()
        if let interval = top.interval {
            push(Entry(deadline: max(top.deadline + interval, now), seq: nextSeq(), id: top.id, interval: interval))
        } else {
            live[top.id] = nil
            oneShots -= 1
        }
        return top.id
    }

    // MARK: Heap

    private mutating func nextSeq() -> Int {
        seq += 1
        return seq
    }

    private mutating func dropStaleTop() {
        while let top = heap.first, live[top.id]?.seq != top.seq { popTop() }
    }

    private mutating func push(_ e: Entry) {
        live[e.id] = (e.seq, e.interval == nil)
        heap.append(e)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].precedes(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    private mutating func popTop() {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = heap.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && heap[l].precedes(heap[m]) { m = l }
            if r < n && heap[r].precedes(heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }

    private mutating func rebuild() {
        heap.removeAll { live[$0.id]?.seq != $0.seq }
        var i = heap.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }
}
