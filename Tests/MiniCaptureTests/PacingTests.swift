import MiniCore
import Testing
@testable import MiniCapture

@Suite struct PacingTests {
    @Test func pacedFramesFollowTheManualClock() async throws {
        let clock = ManualClock(start: .seconds(100))
        let cam = SyntheticCamera(width: 320, height: 240, frameRate: 30, clock: clock)
        try cam.open(CameraConfiguration(pacing: .paced))
        var times: [Duration] = []
        for _ in 0..<10 { times.append(try await cam.nextFrame().captureTime) }
        let period = Duration.nanoseconds(33_333_333)
        for (i, t) in times.enumerated() { #expect(t == .seconds(100) + period * i) }
        #expect(clock.now() == .seconds(100) + period * 9)
        #expect(clock.sleepDeadlines == times)
    }

    @Test func unpacedNeverSleeps() async throws {
        let clock = ManualClock()
        let cam = SyntheticCamera(width: 320, height: 240, clock: clock)
        try cam.open(CameraConfiguration(pacing: .unpaced))
        for _ in 0..<10 { _ = try await cam.nextFrame() }
        #expect(clock.sleepDeadlines.isEmpty)
        #expect(clock.now() == .zero)
    }

    @Test func pacedWaitsUntilClockAdvances() async throws {
        let clock = ManualClock(autoAdvance: false)
        let cam = SyntheticCamera(width: 320, height: 240, frameRate: 30, clock: clock)
        try cam.open(CameraConfiguration(pacing: .paced))
        let first = try await cam.nextFrame() // due immediately
        #expect(first.captureTime == .zero)
        let pending = Task { try await cam.nextFrame() }
        while clock.pendingSleeperCount == 0 { await Task.yield() }
        clock.advance(by: .milliseconds(20))
        #expect(clock.pendingSleeperCount == 1) // not yet due
        clock.advance(by: .milliseconds(14))
        let second = try await pending.value
        #expect(second.sequence == 1)
        #expect(second.captureTime == .nanoseconds(33_333_333))
    }

    @Test func cancellationWhileWaiting() async throws {
        let clock = ManualClock(autoAdvance: false)
        let cam = SyntheticCamera(width: 320, height: 240, clock: clock)
        try cam.open(CameraConfiguration(pacing: .paced))
        _ = try await cam.nextFrame()
        let pending = Task { try await cam.nextFrame() }
        while clock.pendingSleeperCount == 0 { await Task.yield() }
        pending.cancel()
        await #expect(throws: CancellationError.self) { _ = try await pending.value }
    }

    @Test func lateConsumerReanchorsInsteadOfBursting() async throws {
        let clock = ManualClock()
        let cam = SyntheticCamera(width: 320, height: 240, frameRate: 30, clock: clock)
        try cam.open(CameraConfiguration(pacing: .paced))
        _ = try await cam.nextFrame()
        clock.advance(by: .seconds(1)) // consumer stalls for a second
        let late = try await cam.nextFrame()
        #expect(late.captureTime == .seconds(1))
        let next = try await cam.nextFrame()
        #expect(next.captureTime == .seconds(1) + .nanoseconds(33_333_333))
        #expect(cam.statistics.pacingResets == 1)
    }

    @Test func monotonicClockSleeps() async throws {
        let clock = SystemClock()
        let t0 = clock.now()
        try await clock.sleep(until: t0 + .milliseconds(20))
        #expect(clock.now() - t0 >= .milliseconds(20))
    }
}
