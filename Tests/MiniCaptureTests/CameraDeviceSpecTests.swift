import MiniCore
import Testing
@testable import MiniCapture

@Suite struct CameraDeviceSpecTests {
    @Test func parsesValidSpecs() throws {
        #expect(try CameraDeviceSpec(parsing: "synthetic") == .synthetic(width: 1920, height: 1080, frameRate: 30))
        #expect(try CameraDeviceSpec(parsing: "synthetic:640x480") == .synthetic(width: 640, height: 480, frameRate: 30))
        #expect(try CameraDeviceSpec(parsing: " synthetic:1280X720@60 ") == .synthetic(width: 1280, height: 720, frameRate: 60))
        #expect(try CameraDeviceSpec(parsing: "file:/path/x.mp4") == .file(path: "/path/x.mp4"))
        #expect(try CameraDeviceSpec(parsing: "file:relative/with:colon.mp4") == .file(path: "relative/with:colon.mp4"))
        #expect(try CameraDeviceSpec(parsing: "v4l2:/dev/video0") == .v4l2(path: "/dev/video0"))
        #expect(try CameraDeviceSpec(parsing: "v4l2") == .v4l2(path: "/dev/video0"))
        for s in ["synthetic:640x480", "synthetic:640x480@15", "file:/a/b.png", "v4l2:/dev/video2"] {
            #expect(try CameraDeviceSpec(parsing: s).description == s)
        }
    }

    @Test(arguments: ["", "  ", "webcam", "synthetic:", "synthetic:640", "synthetic:640x", "synthetic:axb",
                      "synthetic:0x480", "synthetic:641x480", "synthetic:99999x480", "synthetic:640x480@0",
                      "synthetic:640x480@fast", "file:", "v4l2:video0", "http://x"])
    func rejectsBadSpecs(_ s: String) {
        #expect(throws: CameraError.self) { try CameraDeviceSpec(parsing: s) }
    }

    @Test func errorMessagesAreClear() {
        do {
            _ = try CameraDeviceSpec(parsing: "synthetic:640x481")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("even"))
        }
        do {
            _ = try CameraDeviceSpec(parsing: "camera:1")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("unknown camera kind"))
        }
    }

    @Test func factoryMakesMatchingDevices() {
        let clock = ManualClock()
        #expect(CameraDeviceSpec.synthetic(width: 640, height: 480, frameRate: 30).makeDevice(clock: clock) is SyntheticCamera)
        #expect(CameraDeviceSpec.file(path: "/x.mp4").makeDevice(clock: clock) is FileCamera)
        #expect(CameraDeviceSpec.v4l2(path: "/dev/video9").makeDevice(v4l2: FakeV4L2Device()) is V4L2Camera)
    }
}
