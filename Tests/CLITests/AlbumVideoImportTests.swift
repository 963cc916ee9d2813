import Foundation
import MiniMediaTesting
import Testing

@Suite("minimedia album import takes videos", .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg")))
struct AlbumVideoImportTests {
    @Test func importsAndListsAVideo() async throws {
        let data = CLI.newDataDir()
        let video = data.file("clip.mp4")
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=30", "-t", "0.5", "-c:v", "libx264", video.path])
        let junk = try data.write("junk.mp4", "not a video")
        let r = try await CLI.run(["album", "import", video.path, junk.path], dataDir: data.file("d").path)
        #expect(r.status == 1)
        #expect(r.stdout.contains("imported #1 320x240"), "\(r.stdout)")
        #expect(r.stderr.contains("cannot import \(junk.path): invalid video:"), "\(r.stderr)")
        let list = try await CLI.run(["album", "list"], dataDir: data.file("d").path)
        #expect(list.stdout.contains("#1  video  320x240     "), "\(list.stdout)")
        #expect(list.stdout.contains(" bytes  0.5 s  "), "videos show their length: \(list.stdout)")
    }
}
