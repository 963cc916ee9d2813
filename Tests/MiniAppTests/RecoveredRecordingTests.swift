import Foundation
import MiniApp
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniPhotos
import MiniStandard
import Testing

@Suite("A crashed run's recording joins the album at the next camera start",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "needs ffmpeg"))
struct RecoveredRecordingTests {
    @Test func orphanedFragmentsAreRecoveredIntoTheAlbum() async throws {
        let env = CameraEnvironment(spec: .synthetic(width: 320, height: 240, frameRate: 30))
        let registry = try APIRegistry.with(StandardModules.make(camera: env))
        let test = try TestSession(registry: registry)
        // What a killed recorder leaves: a fragmented MP4 cut mid-fragment, and its journal
        // naming a process that is gone.
        let dir = test.session.files.sandbox.root.appendingPathComponent("recordings", isDirectory: true)
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let whole = test.directory.file("whole.mp4")
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "3",
                       "-c:v", "libx264", "-g", "30", "-movflags", "frag_keyframe+empty_moov+default_base_moof", whole.path]
        try p.run()
        p.waitUntilExit()
        let bytes = try Data(contentsOf: whole)
        let fragment = dir.appendingPathComponent("rec-1-2-3.fragmented.mp4")
        try bytes.prefix(bytes.count * 3 / 4).write(to: fragment)
        let destination = dir.appendingPathComponent("lost.mp4").path
        try Data("minimedia-recording 1\npid 999999999\ndestination \(destination)\n".utf8)
            .write(to: URL(fileURLWithPath: fragment.path + ".journal"))

        let pkg = test.directory.file("package")
        try "Page({})".write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try "<camera></camera>".write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var config = MiniAppConfiguration(path: pkg.appendingPathComponent("index.js").path)
        config.timeout = 30
        let app = try MiniApp(config, session: test.session)
        #expect(await app.open())
        _ = await app.stop()

        let videos = try test.session.photoLibrary().items(kind: .video)
        try #require(videos.count == 1)
        #expect(videos[0].sourceApp == "recovered:test.app")
        #expect(videos[0].width == 320 && videos[0].height == 240)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "fragment, journal and remux all gone")
    }
}
