import Testing
import MiniBarcode

@Suite struct ScanDeduplicatorTests {
    let a = ScanResult(type: .qrCode, result: "A", rawData: Array("A".utf8))
    let b = ScanResult(type: .ean13, result: "5901234123457", rawData: Array("5901234123457".utf8))

    @Test func reportsOnceWhilePresent() {
        var d = ScanDeduplicator(absenceFrames: 3)
        #expect(d.filter([a]) == [a])
        for _ in 0..<20 { #expect(d.filter([a]).isEmpty) }
        #expect(d.filter([a, b]) == [b])
        #expect(d.filter([a, b]).isEmpty)
    }

    @Test func reportsAgainAfterAbsenceFrames() {
        var d = ScanDeduplicator(absenceFrames: 3)
        #expect(d.filter([a]) == [a])
        #expect(d.filter([]).isEmpty)
        #expect(d.filter([]).isEmpty)
        #expect(d.filter([a]).isEmpty) // absent only 2 frames
        for _ in 0..<3 { _ = d.filter([]) }
        #expect(d.filter([a]) == [a]) // absent 3 frames
    }

    @Test func reportsAgainAfterAbsenceDuration() {
        var d = ScanDeduplicator(absenceFrames: 1000, absenceDuration: .milliseconds(500))
        #expect(d.filter([a], at: .zero) == [a])
        #expect(d.filter([], at: .milliseconds(100)).isEmpty)
        #expect(d.filter([a], at: .milliseconds(200)).isEmpty) // gone for 200 ms only
        #expect(d.filter([], at: .milliseconds(300)).isEmpty)
        #expect(d.filter([a], at: .milliseconds(800)) == [a]) // gone since 200 ms
        // continuously present with slow frames is not a re-appearance
        #expect(d.filter([a], at: .seconds(5)).isEmpty)
    }

    @Test func duplicatesWithinOneFrameCollapse() {
        var d = ScanDeduplicator()
        #expect(d.filter([a, a]) == [a])
        d.reset()
        #expect(d.filter([a]) == [a])
    }
}
