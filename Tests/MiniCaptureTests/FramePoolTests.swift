import MiniCore
import Testing
@testable import MiniCapture

@Suite struct FramePoolTests {
    @Test func buffersAreReusedAfterWarmUp() async throws {
        let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        var warm = Set<UnsafeRawPointer>()
        for _ in 0..<3 {
            let f = try await cam.nextFrame()
            warm.insert(f.buffer.baseAddress)
        }
        let allocated = cam.statistics.buffersAllocated
        var later = Set<UnsafeRawPointer>()
        for _ in 0..<100 {
            let f = try await cam.nextFrame()
            later.insert(f.buffer.baseAddress)
            #expect(f.planes[0].baseAddress == f.buffer.baseAddress)
        }
        #expect(cam.statistics.buffersAllocated == allocated)
        #expect(allocated <= 2)
        #expect(later.isSubset(of: warm))
        #expect(cam.statistics.framesDelivered == 103)
    }

    @Test func heldFramesAreNotOverwritten() async throws {
        let cam = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        var held: [CameraFrame] = []
        for _ in 0..<4 { held.append(try await cam.nextFrame()) }
        #expect(Set(held.map { $0.buffer.baseAddress }).count == 4)
        let snapshot = held[0].copyPlane(0)
        for _ in 0..<10 { _ = try await cam.nextFrame() }
        #expect(held[0].copyPlane(0) == snapshot)
        held.removeAll()
        let before = cam.statistics.buffersAllocated
        for _ in 0..<20 { _ = try await cam.nextFrame() }
        #expect(cam.statistics.buffersAllocated == before)
    }

    @Test func poolPrefersFreeBuffers() {
        let pool = FramePool(pixelFormat: .nv12, width: 64, height: 64)
        let a = pool.acquire()
        let b = pool.acquire()
        #expect(a !== b)
        #expect(pool.allocationCount == 2)
        _ = consume a
        let c = pool.acquire()
        #expect(pool.allocationCount == 2)
        #expect(c !== b)
    }
}
