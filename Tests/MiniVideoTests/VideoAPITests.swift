import Foundation
import MiniCodec
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniVideo
import Testing

@Suite("getVideoInfo and compressVideo", .enabled(if: MediaTools.hasFFmpeg, "needs ffmpeg"))
struct VideoAPITests {
    static func session(_ dialect: Dialect = .wx) throws -> TestSession {
        try TestSession(dialect: dialect, registry: try APIRegistry.with([VideoModule()]))
    }

    /// A temp file holding `bytes`, by its virtual path.
    static func temp(_ t: TestSession, _ bytes: [UInt8], ext: String = "mp4") throws -> String {
        try t.session.files.createTempFile(ext: ext, bytes: bytes)
    }

    static func make(_ t: TestSession, _ args: [String], ext: String = "mp4") throws -> (path: String, bytes: [UInt8]) {
        let file = t.directory.file("src.\(ext)")
        try MediaTools.ffmpeg(args + [file.path])
        let bytes = [UInt8](try Data(contentsOf: file))
        return (try temp(t, bytes, ext: ext), bytes)
    }

    @Test func infoFromTheContainerWithRotation() async throws {
        let t = try Self.session()
        let plain = t.directory.file("plain.mp4")
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "testsrc=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-t", "2",
                          "-c:v", "libx264", "-c:a", "aac", plain.path])
        // A phone's portrait video: the rotate tag (written on a stream copy by FFmpeg 5.1).
        let (path, bytes) = try Self.make(t, ["-i", plain.path, "-c", "copy", "-metadata:s:v:0", "rotate=90"])
        let r = try await t.call("getVideoInfo", ["src": .string(path)])
        #expect(r["errMsg"] == "getVideoInfo:ok")
        #expect(r["width"] == 320 && r["height"] == 240)
        #expect(r["orientation"] == "right" && r["type"] == "mp4")
        #expect(abs((r["duration"]?.numberValue ?? 0) - 2.0) < 0.05)
        #expect(r["fps"] == 25)
        #expect(r["size"]?.numberValue == (Double(bytes.count) / 1024 * 100).rounded() / 100)
        #expect((r["bitrate"]?.numberValue ?? 0) > 10)
    }

    @Test func compressVideoWithPresetsAndExplicitSettings() async throws {
        let t = try Self.session()
        let (path, _) = try Self.make(t, ["-f", "lavfi", "-i", "testsrc=size=1280x720:rate=30", "-f", "lavfi", "-i", "sine", "-t", "1",
                                          "-c:v", "libx264", "-preset", "ultrafast", "-qp", "10", "-c:a", "aac"])
        let low = try await t.call("compressVideo", ["src": .string(path), "quality": "low"])
        let lowPath = try #require(low["tempFilePath"]?.stringValue)
        let lowInfo = try await t.call("getVideoInfo", ["src": .string(lowPath)])
        #expect(lowInfo["width"] == 640 && lowInfo["height"] == 360)
        #expect(low["size"]?.stringValue != nil, "WeChat's size is a string")
        let custom = try await t.call("compressVideo", ["src": .string(path), "bitrate": 300, "fps": 15, "resolution": 0.5])
        let info = try await t.call("getVideoInfo", ["src": custom["tempFilePath"]!])
        #expect(info["width"] == 640 && info["height"] == 360)
        let fps = info["fps"]?.numberValue ?? 0
        #expect(fps == 15, "fps \(fps)")
        // Douyin's size is a number.
        let tt = try Self.session(.tt)
        let (ttPath, _) = try Self.make(tt, ["-f", "lavfi", "-i", "testsrc=size=320x240:rate=10", "-t", "0.5", "-c:v", "mpeg4"])
        let ttResult = try await tt.call("compressVideo", ["src": .string(ttPath), "quality": "high"])
        #expect(ttResult["size"]?.numberValue != nil)
    }

    @Test func hostileAndCorruptInputsFailCleanly() async throws {
        let t = try Self.session()
        let (good, bytes) = try Self.make(t, ["-f", "lavfi", "-i", "testsrc=size=160x120:rate=30", "-t", "1", "-c:v", "libx264",
                                              "-movflags", "+faststart"])
        _ = good
        var flipped = bytes
        var rng = SplitMix64(seed: 11)
        for _ in 0..<300 { let i = Int(rng.next() % UInt64(flipped.count)); flipped[i] ^= UInt8(1 << (rng.next() % 8)) }
        let audio = t.directory.file("a.m4a")
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "sine=duration=0.3", "-c:a", "aac", audio.path])
        let cases: [(String, String)] = [
            (try Self.temp(t, []), "invalid video: "),
            (try Self.temp(t, Array(bytes.prefix(700))), "invalid video: "),
            (try Self.temp(t, Array("#EXTM3U\n#EXTINF:1,\n/etc/passwd\n".utf8)), "invalid video: "),
            (try Self.temp(t, [UInt8](try Data(contentsOf: audio)), ext: "m4a"), "invalid video: no video stream"),
            ("wxfile://tmp_missing.mp4", "file not found"),
        ]
        let before = Set(try FileManager.default.subpathsOfDirectory(atPath: t.directory.path))
        for (path, reason) in cases {
            for api in ["getVideoInfo", "compressVideo"] {
                let args: HostValue = api == "compressVideo" ? ["src": .string(path), "quality": "low"] : ["src": .string(path)]
                let f = await t.failure(api, args)
                let msg = f?.shaped["errMsg"]?.stringValue ?? "succeeded"
                #expect(msg.hasPrefix("\(api):fail \(reason)"), "\(path): \(msg)")
            }
        }
        // Paths outside the sandbox never reach FFmpeg.
        for path in ["/etc/passwd", "wxfile://tmp_../../x.mp4", "http://usr/../../etc"] {
            let f = await t.failure("getVideoInfo", ["src": .string(path)])
            #expect(f != nil, "\(path)")
            #expect(f?.error.code != .invalidVideo, "\(path): \(String(describing: f?.error))")
        }
        // Bit-flipped: either described or refused, never a crash.
        let flippedPath = try Self.temp(t, flipped)
        _ = await t.failure("compressVideo", ["src": .string(flippedPath), "quality": "low"])
        // Parameter checks.
        let bad = await t.failure("compressVideo", ["src": .string(flippedPath), "bitrate": 300, "fps": 15, "resolution": 1.5])
        #expect(bad?.shaped["errMsg"]?.stringValue?.hasPrefix("compressVideo:fail parameter error: parameter.resolution") == true)
        let missing = await t.failure("compressVideo", ["src": .string(flippedPath), "fps": 15, "resolution": 0.5])
        #expect(missing?.shaped["errMsg"]?.stringValue?.contains("bitrate") == true)
        // No work file or partial output left behind (only the temp files this test made).
        let after = Set(try FileManager.default.subpathsOfDirectory(atPath: t.directory.path))
        let extra = after.subtracting(before).filter { !$0.hasSuffix(".mp4") || $0.contains("transcode/") }
        #expect(extra.filter { $0.contains("transcode/") || $0.contains("fragmented") || $0.hasSuffix(".part") }.isEmpty, "\(extra)")
    }
}

@Suite("previewMedia")
struct PreviewMediaTests {
    @Test func validatesSourcesAndShowsThem() async throws {
        let user = ScriptedUser(consent: .allow)
        let t = try TestSession(user: user, registry: try APIRegistry.with([VideoModule()]))
        let video = try t.session.files.createTempFile(ext: "mp4", bytes: [0, 0, 0, 8])
        let image = try t.session.files.createTempFile(ext: "jpg", bytes: [0xFF, 0xD8])
        let ok = try await t.call("previewMedia", ["sources": [["url": .string(video), "type": "video", "poster": .string(image)],
                                                               ["url": "https://example.com/a.jpg"]], "current": 1])
        #expect(ok["errMsg"] == "previewMedia:ok")
        #expect(user.notices == [.preview(urls: [video, "https://example.com/a.jpg"], current: "https://example.com/a.jpg")])
        let cases: [(HostValue, String)] = [
            ([:], "previewMedia:fail parameter error: parameter.sources should be Array instead of Undefined;"),
            (["sources": []], "previewMedia:fail parameter error: parameter.sources should not be empty;"),
            (["sources": ["x"]], "previewMedia:fail parameter error: parameter should be Object instead of String;"),
            (["sources": [["url": .string(video), "type": "audio"]]],
             "previewMedia:fail parameter error: parameter.sources[0].type should be \"image\" or \"video\" instead of \"audio\";"),
            (["sources": [["url": "wxfile://tmp_nothere.mp4", "type": "video"]]], "previewMedia:fail file not found: wxfile://tmp_nothere.mp4"),
            (["sources": [["url": .string(video)]], "current": 3], "previewMedia:fail parameter error: parameter.current"),
        ]
        for (args, message) in cases {
            let f = await t.failure("previewMedia", args)
            let got = f?.shaped["errMsg"]?.stringValue ?? "succeeded"
            #expect(got.hasPrefix(message), "\(args): \(got)")
        }
        let outside = await t.failure("previewMedia", ["sources": [["url": "/etc/passwd"]]])
        #expect(outside != nil)
        #expect(user.notices.count == 1)
    }
}
