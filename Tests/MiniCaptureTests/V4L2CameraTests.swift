import Testing
import MiniBarcode
@testable import MiniCapture

@Suite struct V4L2CameraTests {
    @Test func ioctlSequenceAndYUYVFrames() async throws {
        let fake = FakeV4L2Device()
        let cam = V4L2Camera(path: "/dev/video0", interface: fake, bufferCount: 4)
        try cam.open(CameraConfiguration(resolution: .low))
        #expect(cam.formatDescription == FrameFormatDescription(width: 640, height: 480, pixelFormat: .yuyv, frameRate: 30))
        #expect(fake.isStreaming)
        let setup = ["open", "VIDIOC_QUERYCAP", "VIDIOC_S_FMT", "VIDIOC_G_PARM", "VIDIOC_REQBUFS"]
            + Array(repeating: ["VIDIOC_QUERYBUF", "mmap"], count: 4).flatMap { $0 }
            + Array(repeating: "VIDIOC_QBUF", count: 4) + ["VIDIOC_STREAMON"]
        #expect(fake.callLog == setup)

        for k in 0..<6 {
            let f = try await cam.nextFrame()
            #expect(f.sequence == k)
            #expect(f.pixelFormat == .yuyv)
            #expect(f.planes.count == 1 && f.planes[0].bytesPerRow == 1280)
            #expect(f.presentationTime == .microseconds(k * 1_000_000 / 30))
            let l = try #require(f.luma)
            #expect(l.pixelStride == 2)
            for (x, y) in [(0, 0), (17, 3), (639, 479), (320, 240)] {
                #expect(l.baseAddress.load(fromByteOffset: y * l.bytesPerRow + 2 * x, as: UInt8.self)
                        == FakeV4L2Device.patternLuma(x: x, y: y, frame: k))
            }
        }
        let perFrame = Array(fake.callLog.dropFirst(setup.count))
        #expect(perFrame == Array(repeating: ["VIDIOC_DQBUF", "VIDIOC_QBUF"], count: 6).flatMap { $0 })

        cam.close()
        #expect(!fake.isStreaming)
        let teardown = Array(fake.callLog.suffix(7))
        #expect(teardown == ["VIDIOC_STREAMOFF", "munmap", "munmap", "munmap", "munmap", "VIDIOC_REQBUFS", "close"])
        await #expect(throws: CameraError.notOpen) { _ = try await cam.nextFrame() }
    }

    @Test func driverAdjustsSizeAndRowPadding() async throws {
        var o = FakeV4L2Device.Options()
        o.rowPadding = 64
        let fake = FakeV4L2Device(options: o)
        let cam = V4L2Camera(path: "/dev/video0", interface: fake)
        try cam.open(CameraConfiguration(resolution: .size(width: 1280, height: 700)))
        #expect(cam.formatDescription?.width == 1280 && cam.formatDescription?.height == 720)
        let f = try await cam.nextFrame()
        #expect(f.planes[0].bytesPerRow == 2560) // padding removed
        #expect(f.planes[0].bytes[2 * 5 + 2560 * 7] == FakeV4L2Device.patternLuma(x: 5, y: 7, frame: 0))
        #expect(cam.statistics.framesDelivered == 1)
    }

    @Test func nv12Device() async throws {
        var o = FakeV4L2Device.Options()
        o.servesNV12 = true
        o.rowPadding = 32
        let cam = V4L2Camera(path: "/dev/video0", interface: FakeV4L2Device(options: o))
        try cam.open(CameraConfiguration(resolution: .size(width: 320, height: 240)))
        #expect(cam.formatDescription == FrameFormatDescription(width: 320, height: 240, pixelFormat: .nv12, frameRate: 30))
        _ = try await cam.nextFrame()
        let f = try await cam.nextFrame()
        #expect(f.planes.count == 2)
        #expect(f.planes[0].bytes[9 * 320 + 11] == FakeV4L2Device.patternLuma(x: 11, y: 9, frame: 1))
        #expect(f.planes[1].bytes.allSatisfy { $0 == 128 })
        #expect(f.luma?.pixelStride == 1)
    }

    @Test func qrThroughTheFakeDevice() async throws {
        let m = try BarcodeGenerator().generate("v4l2 qr", format: .qrCode)
        let img = m.renderLuminance(scale: 10, quietZone: 4)
        let fake = FakeV4L2Device()
        fake.setLumaImage(img.pixels, width: img.width, height: img.height)
        let cam = V4L2Camera(path: "/dev/video0", interface: fake)
        try cam.open(CameraConfiguration(resolution: .low))
        let f = try await cam.nextFrame()
        #expect(try TestSupport.scan(f).first?.result == "v4l2 qr")
    }

    @Test func errorsAreClean() throws {
        let cam = V4L2Camera(path: "/dev/video7", interface: FakeV4L2Device())
        #expect(throws: CameraError.deviceFailure(operation: "open /dev/video7", errno: 2)) {
            try cam.open(CameraConfiguration())
        }
        var o = FakeV4L2Device.Options()
        o.isCaptureDevice = false
        let notCapture = FakeV4L2Device(options: o)
        let cam2 = V4L2Camera(path: "/dev/video0", interface: notCapture)
        #expect(throws: CameraError.self) { try cam2.open(CameraConfiguration()) }
        #expect(notCapture.callLog.last == "close") // fd released on failure
        // Real device node that does not exist (no camera on CI machines).
        let real = V4L2Camera(path: "/dev/video-does-not-exist")
        #expect(throws: CameraError.self) { try real.open(CameraConfiguration()) }
    }
}
