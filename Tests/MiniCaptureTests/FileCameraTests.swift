import MiniCore
import Foundation
import Testing
import MiniBarcode
@testable import MiniCapture

@Suite(.enabled(if: TestSupport.hasFFmpeg, "needs the ffmpeg CLI to make test media"))
struct FileCameraTests {
    @Test func videoIsReadAndLoops() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.mp4").path
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "1",
                                "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", path])
        let cam = FileCamera(path: path, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        let fmt = try #require(cam.formatDescription)
        #expect(fmt.width == 320 && fmt.height == 240)
        #expect(fmt.pixelFormat == .i420)
        #expect(abs(fmt.frameRate - 30) < 0.01)
        #expect(!cam.isStillImage)
        var frames: [[UInt8]] = []
        var times: [Duration] = []
        for _ in 0..<75 {
            let f = try await cam.nextFrame()
            frames.append(f.copyPlane(0))
            times.append(f.presentationTime)
        }
        #expect(cam.statistics.loops == 2)
        // 30 frames per pass; the loop replays identical pictures
        #expect(frames[0] == frames[30])
        #expect(frames[5] == frames[35])
        #expect(frames[0] != frames[1])
        // timestamps keep increasing by one frame across the loop points
        for i in 1..<times.count {
            let d = times[i] - times[i - 1]
            #expect(d > .milliseconds(33) && d < .milliseconds(34), "step \(i): \(d)")
        }
        #expect(cam.statistics.buffersAllocated <= 3)
    }

    @Test func pacedAtTheFileFrameRate() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x25.mp4").path
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=25", "-t", "0.4",
                                "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", path])
        let clock = ManualClock()
        let cam = FileCamera(path: path, clock: clock)
        try cam.open(CameraConfiguration(pacing: .paced))
        #expect(cam.formatDescription?.frameRate == 25)
        for i in 0..<15 {
            let f = try await cam.nextFrame()
            #expect(f.captureTime == .milliseconds(40 * i))
        }
        #expect(clock.now() == .milliseconds(40 * 14))
    }

    @Test func qrVideoAndStillImageScan() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        // Render a synthetic frame with a QR, dump its Y plane, convert to PNG, then to a video.
        let text = "QR inside a video file"
        let m = try BarcodeGenerator().generate(text, format: .qrCode)
        let synth = SyntheticCamera(width: 640, height: 480, clock: ManualClock(), overlay: TestSupport.overlay(m))
        try synth.open(CameraConfiguration(pacing: .unpaced))
        let luma = try #require(try await synth.nextFrame().copyLuma())
        let pgm = dir.appendingPathComponent("qr.pgm"), png = dir.appendingPathComponent("qr.png")
        let mp4 = dir.appendingPathComponent("qr.mp4")
        try TestSupport.writePGM(luma, width: 640, height: 480, to: pgm)
        try TestSupport.ffmpeg(["-i", pgm.path, png.path])
        try TestSupport.ffmpeg(["-loop", "1", "-i", png.path, "-t", "1", "-r", "30", "-pix_fmt", "yuv420p",
                                "-c:v", "libx264", "-preset", "ultrafast", mp4.path])

        let video = FileCamera(path: mp4.path, clock: ManualClock())
        try video.open(CameraConfiguration(pacing: .unpaced))
        #expect(!video.isStillImage)
        for i in 0..<40 {
            let f = try await video.nextFrame()
            if i % 10 == 0 {
                #expect(try TestSupport.scan(f).first?.result == text, "frame \(i)")
            }
        }
        #expect(video.statistics.loops == 1)

        let still = FileCamera(path: png.path, clock: ManualClock())
        try still.open(CameraConfiguration(pacing: .unpaced))
        #expect(still.isStillImage)
        #expect(still.formatDescription == FrameFormatDescription(width: 640, height: 480, pixelFormat: .i420, frameRate: 30))
        let a = try await still.nextFrame(), b = try await still.nextFrame()
        #expect(a.copyPlane(0) == b.copyPlane(0))
        #expect(b.presentationTime == .nanoseconds(33_333_333))
        #expect(try TestSupport.scan(b).first?.result == text)
    }

    @Test func oddSizedStillImage() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let png = dir.appendingPathComponent("odd.png").path
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=161x121", "-frames:v", "1", png])
        let cam = FileCamera(path: png, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        #expect(cam.isStillImage)
        let f = try await cam.nextFrame()
        #expect(f.width == 161 && f.height == 121)
        #expect(f.planes[1].bytesPerRow == 81 && f.planes[1].rows == 61)
    }

    @Test func missingFileIsACleanError() {
        let cam = FileCamera(path: "/nonexistent/dir/video.mp4", clock: ManualClock())
        #expect(throws: CameraError.fileNotFound("/nonexistent/dir/video.mp4")) {
            try cam.open(CameraConfiguration())
        }
        #expect(!cam.isOpen)
    }

    @Test func corruptFileIsACleanError() throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let junk = dir.appendingPathComponent("junk.mp4")
        var g = SystemRandomNumberGenerator()
        try Data((0..<4096).map { _ in UInt8.random(in: 0...255, using: &g) }).write(to: junk)
        let text = dir.appendingPathComponent("notes.txt")
        try Data("just some text, not a video".utf8).write(to: text)
        let empty = dir.appendingPathComponent("empty.mp4")
        try Data().write(to: empty)
        for url in [junk, text, empty] {
            let cam = FileCamera(path: url.path, clock: ManualClock())
            do {
                try cam.open(CameraConfiguration())
                Issue.record("\(url.lastPathComponent) should not open")
            } catch {
                guard case .unsupportedMedia = error else {
                    Issue.record("unexpected error \(error)")
                    continue
                }
            }
        }
    }

    @Test func specMakesAWorkingFileDevice() async throws {
        let dir = try TestSupport.makeTempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("s.mp4").path
        try TestSupport.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=176x144:rate=15", "-t", "0.2", "-c:v", "mpeg4", path])
        let device = try CameraDeviceSpec(parsing: "file:\(path)").makeDevice(clock: ManualClock())
        try device.open(CameraConfiguration(pacing: .unpaced))
        #expect(device.formatDescription?.width == 176)
        #expect(device.formatDescription?.frameRate == 15)
        for _ in 0..<10 { _ = try await device.nextFrame() }
        device.close()
        await #expect(throws: CameraError.notOpen) { _ = try await device.nextFrame() }
    }
}
