import Foundation
import MiniMediaTesting
import Testing

/// minium 1.6.1 from PyPI (scripts/minium-test.sh installs it into .build/minium-venv) runs the
/// unchanged minium test case Tests/AutomationFixtures/minium/test_minimedia.py against the
/// built `minimedia auto` (`make test` builds it first): system info, page methods and
/// elements, a custom component (Element.getData/setData/callMethod), console logs, a mocked
/// wx.chooseImage, the camera allowed through Tool.native,
/// the shutter tapped, and the photo read back.
@Suite struct MiniumCompatibilityTests {
    @Test(.timeLimit(.minutes(10))) func miniumTestCasePasses() async throws {
        let root = AutomationHarness.root
        try await withTemporaryDirectory("minium") { dir in
            let out = dir.url.appendingPathComponent("run")
            let (status, log) = try await offCooperativePool { () -> (Int32, String) in
                let p = ChildProcess()
                p.executableURL = URL(fileURLWithPath: "/bin/sh")
                p.arguments = [root.appendingPathComponent("scripts/minium-test.sh").path, out.path]
                let logURL = dir.url.appendingPathComponent("minium.log")
                FileManager.default.createFile(atPath: logURL.path, contents: nil)
                let handle = try FileHandle(forWritingTo: logURL)
                p.standardOutput = handle
                p.standardError = handle
                try p.run()
                p.waitUntilExit()
                try handle.close()
                return (p.terminationStatus, (try? String(contentsOf: logURL, encoding: .utf8)) ?? "")
            }
            #expect(status == 0, "\(log.suffix(4000))")
            #expect(log.contains("Ran 7 tests"), "\(log.suffix(2000))")
            #expect(log.contains("\nOK"), "\(log.suffix(2000))")
            // The photo the minium test took, copied out while the app ran: a real JPEG.
            let photo = out.appendingPathComponent("photo.jpg")
            let bytes = try Data(contentsOf: photo)
            #expect(bytes.prefix(3) == Data([0xFF, 0xD8, 0xFF]))
            try MediaTools.ffmpeg(["-i", photo.path, "-f", "null", "-"])
        }
    }
}
