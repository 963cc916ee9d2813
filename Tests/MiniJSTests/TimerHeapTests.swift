import Testing

@testable import MiniJS

@Suite("Timer heap: order, cancellation, intervals")
struct TimerHeapTests {
    @Test func equalDeadlinesFireInCreationOrderAndEarlierFirst() {
        var heap = TimerHeap()
        // Inserted out of order, many sharing a deadline.
        let deadlines: [Double] = [5, 1, 3, 1, 5, 0, 3, 1]
        for (id, d) in deadlines.enumerated() { heap.insert(id: id, deadline: d, interval: nil) }
        var fired: [Int] = []
        while let id = heap.popDue(now: 10) { fired.append(id) }
        #expect(fired == [5, 1, 3, 7, 2, 6, 0, 4])
        #expect(heap.isEmpty && !heap.hasOneShot)
    }

    @Test func onlyDueTimersFireAndIntervalsReArm() {
        var heap = TimerHeap()
        heap.insert(id: 1, deadline: 1, interval: 500)  // every 0.5 s
        heap.insert(id: 2, deadline: 2, interval: nil)
        #expect(heap.popDue(now: 0.5) == nil)
        #expect(heap.nextDeadline == 1)
        #expect(heap.popDue(now: 1) == 1)
        #expect(heap.nextDeadline == 1.5)
        #expect(heap.popDue(now: 2) == 1)  // 1.5, then 2.0 ties: the interval re-armed after timer 2
        #expect(heap.popDue(now: 2) == 2)
        #expect(heap.popDue(now: 2) == 1)
        #expect(heap.count == 1 && !heap.hasOneShot)
    }

    @Test func cancelledTimersNeverFireAndDoNotPileUp() {
        var heap = TimerHeap()
        for id in 0..<10_000 { heap.insert(id: id, deadline: Double(id), interval: nil) }
        for id in 0..<10_000 where id % 100 != 0 { heap.remove(id: id) }
        #expect(heap.count == 100)
        // Stale entries are dropped once they outnumber the live ones.
        #expect(heap.storage < 1_000)
        var fired: [Int] = []
        while let id = heap.popDue(now: .infinity) { fired.append(id) }
        #expect(fired == Array(stride(from: 0, to: 10_000, by: 100)))
        heap.insert(id: 7, deadline: 1, interval: nil)
        heap.insert(id: 7, deadline: 2, interval: nil)  // re-arming an id replaces it
        #expect(heap.popDue(now: 1) == nil)
        #expect(heap.popDue(now: 2) == 7)
        #expect(heap.isEmpty && !heap.hasOneShot)
    }
}
