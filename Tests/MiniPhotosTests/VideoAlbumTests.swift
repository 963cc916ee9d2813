import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import MiniPhotos
import Testing

@Suite("Videos in the album: saveVideoToPhotosAlbum, chooseVideo",
       .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg"), "needs ffmpeg"))
struct VideoAlbumTests {
    static func ffmpeg(_ args: [String]) throws { try MediaTools.ffmpeg(args) }

    static func video(_ dir: TemporaryDirectory, _ name: String, size: String = "1280x720", seconds: String = "1") throws -> URL {
        let url = dir.file(name)
        try ffmpeg(["-f", "lavfi", "-i", "testsrc=size=\(size):rate=30", "-f", "lavfi", "-i", "sine", "-t", seconds,
                    "-c:v", "libx264", "-preset", "ultrafast", "-c:a", "aac", url.path])
        return url
    }

    @Test func saveVideoThenChooseIt() async throws {
        let s = try PhotoSession()
        let src = try Self.video(s.test.directory, "clip.mp4")
        let path = try s.session.files.createTempFile(ext: "mp4", bytes: [UInt8](try Data(contentsOf: src)))
        try await s.call("saveVideoToPhotosAlbum", ["filePath": .string(path)])
        let items = try s.library().items(kind: .video)
        #expect(items.count == 1 && items[0].width == 1280 && items[0].height == 720 && items[0].fileExtension == "mp4")
        #expect(try await s.session.permissions.settings()[.writePhotosAlbum] == true)

        let original = try await s.call("chooseVideo", ["compressed": false])
        #expect(original["width"] == 1280 && original["height"] == 720)
        #expect(abs((original["duration"]?.numberValue ?? 0) - 1.0) < 0.1)
        #expect(original["size"]?.numberValue == Double(items[0].size))
        let small = try await s.call("chooseVideo", [:])
        #expect(small["width"] == 960 && small["height"] == 540, "compressed by default")
        let host = try s.session.files.resolve(small["tempFilePath"]!.stringValue!).hostPath
        #expect(FileManager.default.fileExists(atPath: host))
    }

    @Test func chooseMediaPicksVideosWithThumbnails() async throws {
        let s = try PhotoSession()
        let library = try s.library()
        for (i, size) in ["320x240", "1280x720"].enumerated() {
            _ = try library.addVideo(at: try Self.video(s.test.directory, "v\(i).mp4", size: size, seconds: "0.5").path, sourceApp: "test")
        }
        let r = try await s.call("chooseMedia", ["mediaType": ["video"], "count": 2])
        #expect(r["type"] == "video")
        let files = try #require(r["tempFiles"]?.arrayValue)
        try #require(files.count == 2)
        // Newest first.
        #expect(files[0]["width"] == 1280 && files[0]["height"] == 720 && files[0]["fileType"] == "video")
        #expect(files[1]["width"] == 320)
        #expect(abs((files[0]["duration"]?.numberValue ?? 0) - 0.5) < 0.1)
        let thumb = try s.session.files.resolve(try #require(files[0]["thumbTempFilePath"]?.stringValue)).hostPath
        let jpeg = [UInt8](try Data(contentsOf: URL(fileURLWithPath: thumb)))
        let decoded = try ImageDecoder.decode(data: jpeg)
        #expect(decoded.pixels.width == 640 && decoded.pixels.height == 360, "the first frame, long edge 640")
        #expect(await s.failure("chooseMedia", ["mediaType": ["video"], "sourceType": ["camera"]])?.error.code == .notSupported)
    }

    /// `['mix']` offers images and videos in one picker and keeps both; the default
    /// `['image', 'video']` keeps the kind of the first item chosen.
    @Test func chooseMediaMixOffersImagesAndVideosInOnePicker() async throws {
        let s = try PhotoSession()
        let library = try s.library()
        _ = try library.addVideo(at: try Self.video(s.test.directory, "v.mp4", size: "320x240", seconds: "0.5").path, sourceApp: "test")
        let jpg = s.test.directory.file("i.jpg")
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=64x48", "-frames:v", "1", jpg.path])
        _ = try library.addImage(at: jpg.path, sourceApp: "test")

        let mix = try await s.call("chooseMedia", ["mediaType": ["mix"], "count": 2])
        #expect(mix["type"] == "mix")
        let files = try #require(mix["tempFiles"]?.arrayValue)
        try #require(files.count == 2)
        #expect(files[0]["fileType"] == "image" && files[0]["width"] == 64 && files[0]["height"] == 48, "newest first")
        #expect(files[1]["fileType"] == "video" && files[1]["width"] == 320)
        #expect(abs((files[1]["duration"]?.numberValue ?? 0) - 0.5) < 0.1)
        for file in files {
            let host = try s.session.files.resolve(try #require(file["tempFilePath"]?.stringValue)).hostPath
            #expect(FileManager.default.fileExists(atPath: host))
        }

        let either = try await s.call("chooseMedia", ["count": 2])
        #expect(either["type"] == "image")
        #expect(either["tempFiles"]?.arrayValue?.count == 1)
    }

    @Test func aCorruptAlbumVideoFailsCleanly() async throws {
        let s = try PhotoSession()
        let good = [UInt8](try Data(contentsOf: try Self.video(s.test.directory, "g.mp4", size: "160x120", seconds: "0.5")))
        _ = try s.library().add(bytes: Array(good.prefix(good.count / 4)), ext: "mp4", kind: .video, width: 160, height: 120, sourceApp: "t")
        let tempBefore = s.session.files.tempUsage()
        for compressed in [true, false] {
            let f = await s.failure("chooseVideo", ["compressed": .bool(compressed)])
            #expect(f?.error.code == .invalidImage, "\(String(describing: f?.error))")
            #expect(f?.error.message.hasPrefix("invalid video: ") == true)
        }
        let m = await s.failure("chooseMedia", ["mediaType": ["video"]])
        #expect(m?.error.message.hasPrefix("invalid video: ") == true, "\(String(describing: m?.error))")
        #expect(s.session.files.tempUsage() == tempBefore, "nothing left in temp")
        let work = s.session.files.sandbox.root.appendingPathComponent("transcode").path
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: work)) ?? []).isEmpty)
    }

    @Test func refusalsAndCancel() async throws {
        let s = try PhotoSession(picking: .cancel)
        #expect(await s.failure("chooseVideo")?.shaped["errMsg"] == "chooseVideo:fail cancel")
        #expect(await s.failure("chooseVideo", ["sourceType": ["camera"]])?.error.code == .notSupported)
        #expect(await s.failure("chooseVideo", ["maxDuration": 61])?.error.code == .parameterError)
        // Not an MP4 / not a video / a video without a video stream.
        let mkv = s.test.directory.file("a.mkv")
        try Self.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=160x120:rate=10", "-t", "0.3", "-c:v", "mpeg4", mkv.path])
        let m4a = s.test.directory.file("a.m4a")
        try Self.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.3", "-c:a", "aac", m4a.path])
        for (file, reason) in [(mkv, "only mp4 files can be saved"), (m4a, "no video stream")] {
            let p = try s.session.files.createTempFile(ext: "mp4", bytes: [UInt8](try Data(contentsOf: file)))
            let f = await s.failure("saveVideoToPhotosAlbum", ["filePath": .string(p)])
            #expect(f?.error.message == "save video failed: invalid video: \(reason)")
        }
        let junk = try s.session.files.createTempFile(ext: "mp4", bytes: [])
        #expect(await s.failure("saveVideoToPhotosAlbum", ["filePath": .string(junk)])?.error.code == .saveToAlbumFailed)
        #expect(await s.failure("saveVideoToPhotosAlbum", ["filePath": "wxfile://usr/../../x.mp4"])?.error.code == .permissionDenied)
        #expect(try s.library().items().isEmpty)
        // Douyin asks for scope.album.
        let tt = try PhotoSession(dialect: .tt, consent: .deny)
        let src = try Self.video(tt.test.directory, "c.mp4", size: "160x120", seconds: "0.3")
        let p = try tt.session.files.createTempFile(ext: "mp4", bytes: [UInt8](try Data(contentsOf: src)))
        let denied = await tt.failure("saveVideoToPhotosAlbum", ["filePath": .string(p)])
        #expect(denied?.error.code == .authDeny)
        #expect(tt.user.prompts.contains { if case .consent(_, .writePhotosAlbum, .tt) = $0 { true } else { false } })
    }
}
