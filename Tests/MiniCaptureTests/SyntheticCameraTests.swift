import MiniCore
import Testing
@testable import MiniCapture

@Suite struct SyntheticCameraTests {
    func frames(_ cam: SyntheticCamera, _ n: Int) async throws -> [[UInt8]] {
        var out: [[UInt8]] = []
        for _ in 0..<n {
            let f = try await cam.nextFrame()
            out.append(f.copyPlane(0) + f.copyPlane(1) + f.copyPlane(2))
        }
        return out
    }

    @Test func deterministicAcrossInstances() async throws {
        let a = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        let b = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        try a.open(CameraConfiguration(pacing: .unpaced))
        try b.open(CameraConfiguration(pacing: .paced))
        let fa = try await frames(a, 40)
        let fb = try await frames(b, 40)
        #expect(fa == fb)
        #expect(fa[0] != fa[1]) // counter / moving square change
        // Direct render of frame 37 equals the 38th delivered frame.
        let buf = FrameBuffer(pixelFormat: .i420, width: 320, height: 240)
        TestCardRenderer(width: 320, height: 240, position: .back).render(sequence: 37, into: buf)
        let direct = Array(buf.planes[0].bytes) + Array(buf.planes[1].bytes) + Array(buf.planes[2].bytes)
        #expect(direct == fa[37])
    }

    @Test func frontAndBackLookDifferent() async throws {
        let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock())
        try cam.open(CameraConfiguration(position: .back, pacing: .unpaced))
        let back = try await cam.nextFrame()
        #expect(cam.controls.position == .back)
        try cam.open(CameraConfiguration(position: .front, pacing: .unpaced))
        let front = try await cam.nextFrame()
        #expect(cam.controls.position == .front)
        #expect(back.sequence == 0 && front.sequence == 0)
        #expect(back.copyPlane(0) != front.copyPlane(0))
        #expect(back.copyPlane(2) != front.copyPlane(2))
        // Background chroma: back is bluish (U > 128), front is orange (V > 128).
        let r = TestCardRenderer(width: 640, height: 480, position: .back)
        let probeY = (r.barsHeight + r.overlayBottom) / 2 / 2, probeX = 600 / 2
        #expect(back.copyPlane(1)[probeY * back.planes[1].bytesPerRow + probeX] > 128)
        #expect(front.copyPlane(2)[probeY * front.planes[2].bytesPerRow + probeX] > 128)
    }

    @Test func formatAndResolution() throws {
        let cam = SyntheticCamera(clock: ManualClock())
        #expect(cam.formatDescription == nil)
        try cam.open(CameraConfiguration())
        #expect(cam.formatDescription == FrameFormatDescription(width: 1920, height: 1080, pixelFormat: .i420, frameRate: 30))
        try cam.open(CameraConfiguration(resolution: .low))
        #expect(cam.formatDescription?.width == 640 && cam.formatDescription?.height == 480)
        #expect(throws: CameraError.self) { try cam.open(CameraConfiguration(resolution: .size(width: 10, height: 10))) }
        cam.close()
        #expect(!cam.isOpen)
    }

    @Test func closedDeviceThrows() async {
        let cam = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        await #expect(throws: CameraError.notOpen) { _ = try await cam.nextFrame() }
    }

    @Test func planesAndTimestamps() async throws {
        let cam = SyntheticCamera(width: 640, height: 480, frameRate: 25, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        let f0 = try await cam.nextFrame()
        let f1 = try await cam.nextFrame()
        #expect(f0.pixelFormat == .i420)
        #expect(f0.planes.count == 3)
        #expect(f0.planes[0].bytesPerRow == 640 && f0.planes[0].rows == 480)
        #expect(f0.planes[1].bytesPerRow == 320 && f0.planes[1].rows == 240)
        #expect(f0.presentationTime == .zero)
        #expect(f1.presentationTime == .milliseconds(40))
        #expect(f1.sequence == 1)
    }

    @Test func controlsAreStoredState() throws {
        let cam = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        #expect(cam.controls.maxZoom == 10)
        #expect(cam.controls.setZoom(4.5) == 4.5)
        #expect(cam.controls.setZoom(50) == 10)
        #expect(cam.controls.setZoom(0.2) == 1)
        cam.controls.setFlashMode(.torch)
        #expect(cam.controls.flashMode == .torch)
    }

    @Test func frameStream() async throws {
        let cam = SyntheticCamera(width: 320, height: 240, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .paced))
        var seqs: [Int] = []
        for try await f in cam.frames() {
            seqs.append(f.sequence)
            if seqs.count == 5 { break }
        }
        #expect(seqs == [0, 1, 2, 3, 4])
    }
}
