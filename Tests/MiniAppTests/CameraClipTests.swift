import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStandard
import Testing

@Suite("chooseVideo / chooseMedia from the camera record a clip",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffprobe"), "needs ffprobe"))
struct CameraClipTests {
    static func ffprobe(_ path: String) throws -> String {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error", "-show_entries", "stream=codec_name,width,height,duration", "-of", "compact=p=0", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test func clipsAreRecordedThroughTheRecordingPath() async throws {
        let env = CameraEnvironment(spec: .synthetic(width: 320, height: 240, frameRate: 30))
        let t = try TestSession(registry: try APIRegistry.with(StandardModules.make(camera: env)), clock: ManualClock())
        let r = try await t.call("chooseVideo", ["sourceType": ["camera"], "maxDuration": 2, "camera": "front"])
        #expect(r["width"] == 320 && r["height"] == 240)
        let duration = r["duration"]?.numberValue ?? 0
        #expect(duration > 1.9 && duration < 2.2, "\(duration) s")
        let text = try Self.ffprobe(try t.session.files.resolve(r["tempFilePath"]!.stringValue!).hostPath)
        #expect(text.contains("codec_name=h264|width=320|height=240"), "\(text)")
        #expect(text.contains("codec_name=aac"), "\(text)")
        #expect(try await t.session.permissions.settings() == [.camera: true, .record: true])

        let m = try await t.call("chooseMedia", ["mediaType": ["video"], "sourceType": ["camera"], "maxDuration": 3])
        let file = try #require(m["tempFiles"]?.arrayValue?.first)
        #expect(file["fileType"] == "video" && m["type"] == "video")
        #expect(abs((file["duration"]?.numberValue ?? 0) - 3) < 0.2)
        #expect(try t.session.files.resolve(file["thumbTempFilePath"]!.stringValue!).hostPath.hasSuffix(".jpg"))

        let denied = try TestSession(user: ScriptedUser(consent: .answers([true, false])),
                                     registry: try APIRegistry.with(StandardModules.make(camera: env)), clock: ManualClock())
        let f = await denied.failure("chooseVideo", ["sourceType": ["camera"], "maxDuration": 1])
        #expect(f?.shaped["errMsg"] == "chooseVideo:fail auth deny")
    }

    /// The camera screen can be cancelled (`--picker cancel`): the call fails `cancel` and
    /// nothing is recorded or shot.
    @Test func theUserCancelsTheCameraScreen() async throws {
        let env = CameraEnvironment(spec: .synthetic(width: 320, height: 240, frameRate: 30))
        let t = try TestSession(user: ScriptedUser(consent: .allow, picking: .cancel),
                                registry: try APIRegistry.with(StandardModules.make(camera: env)), clock: ManualClock())
        for (api, options) in [
            ("chooseVideo", ["sourceType": ["camera"], "maxDuration": 2] as HostValue),
            ("chooseMedia", ["mediaType": ["video"], "sourceType": ["camera"]]),
            ("chooseImage", ["sourceType": ["camera"]]),
        ] {
            let f = await t.failure(api, options)
            #expect(f?.shaped["errMsg"] == .string("\(api):fail cancel"), "\(String(describing: f?.shaped))")
        }
        #expect(t.session.files.tempUsage() == 0, "nothing recorded or shot")
    }
}
