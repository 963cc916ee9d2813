import MiniAudio
import MiniCore
import Testing

@Suite struct AudioInterruptionTests {
    @Test func plansParseAndBadOnesNameTheOption() throws {
        #expect(try AudioInterruptionPlan(parsing: "500:300") == AudioInterruptionPlan(after: .milliseconds(500), length: .milliseconds(300)))
        #expect(try AudioInterruptionPlan(parsing: "0") == AudioInterruptionPlan(after: .zero, length: .seconds(1)))
        for bad in ["", "x", "-1", "5:0", "5:", "1:2:3", "5:abc"] {
            do {
                _ = try AudioInterruptionPlan(parsing: bad)
                Issue.record("'\(bad)' parsed")
            } catch let e as MediaError {
                #expect(e.message.hasPrefix("--audio-interruption: '\(bad)':"), "\(e.message)")
            }
        }
    }

    @Test func observersHearEachChangeOnce() {
        let i = AudioInterruption()
        let log = Log()
        let id = i.observe { log.add($0) }
        i.begin(); i.begin(); i.end(); i.end(); i.begin()
        i.remove(id)
        i.end()
        #expect(log.values == [true, false, true])
        #expect(!i.isActive)
    }
}

final class Log: @unchecked Sendable {
    private var items: [Bool] = []
    func add(_ b: Bool) { items.append(b) }
    var values: [Bool] { items }
}
