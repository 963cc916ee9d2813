import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniPhotos
import Testing

@Suite("chooseImage and chooseMedia")
struct ChooseImageTests {
    /// A session whose album holds quad.png, orient_6.jpg and photo.jpg (newest last).
    static func filled(
        _ dialect: Dialect = .wx, picking: ScriptedUser.Picking = .first,
        camera: (any StillPhotoSource)? = nil, consent: ScriptedUser.Consent = .allow
    ) throws -> PhotoSession {
        let s = try PhotoSession(dialect: dialect, consent: consent, picking: picking, stillPhotos: camera)
        for f in ["quad.png", "orient_6.jpg", "photo.jpg"] { try s.library().addImage(at: Fixture.path(f), sourceApp: "seed") }
        return s
    }

    @Test("copies in the dialect's temp scheme", arguments: Dialect.allCases)
    func copies(_ dialect: Dialect) async throws {
        let s = try Self.filled(dialect)
        let res = try await s.call("chooseImage", ["count": 2, "sizeType": ["original"]])
        let paths = try #require(res["tempFilePaths"]?.arrayValue).compactMap { $0.stringValue }
        #expect(paths.count == 2)
        let items = try s.library().items()
        for (path, item) in zip(paths, items) {
            switch dialect {
            case .wx: #expect(path.hasPrefix("wxfile://tmp_"))
            case .qq: #expect(path.hasPrefix("qqfile://tmp_"))
            case .swan: #expect(path.hasPrefix("bdfile://tmp_"))
            case .tt: #expect(path.hasPrefix("ttfile://temp/"))
            case .my: #expect(path.hasPrefix("https://resource/") && path.hasSuffix(".image"))
            }
            let copy = try Data(contentsOf: URL(fileURLWithPath: try s.host(path)))
            #expect(copy == (try Data(contentsOf: URL(fileURLWithPath: s.library().hostPath(of: item)))))
        }
        let files = try #require(res["tempFiles"]?.arrayValue)
        #expect(files[0] == .object(["path": .string(paths[0]), "size": .number(Double(items[0].size))]))
        if dialect == .my { #expect(res["apFilePaths"] == res["tempFilePaths"]) }
        // Each result works with the other image APIs.
        let info = try await s.call("getImageInfo", ["src": .string(paths[1])])
        #expect(info["orientation"] == "right")
    }

    @Test("count defaults and limits per dialect")
    func counts() async throws {
        for (dialect, def, max) in [(Dialect.wx, 3, 9), (.swan, 3, 9), (.tt, 3, 20), (.my, 1, 9)] {
            let s = try Self.filled(dialect)
            #expect(try await s.call("chooseImage")["tempFilePaths"]?.arrayValue?.count == def, "\(dialect)")
            #expect(try await s.call("chooseImage", ["count": .number(Double(max))])["tempFilePaths"]?.arrayValue?.count == 3)
            let over = await s.failure("chooseImage", ["count": .number(Double(max + 1))])
            #expect(over?.error == .parameter("parameter.count should be in range [1, \(max)] instead of \(max + 1);"))
            let zero = await s.failure("chooseImage", ["count": 0])
            #expect(zero?.error.code == .parameterError)
        }
    }

    @Test("compressed: long edge at most 1920, JPEG, upright")
    func compressed() async throws {
        let s = try PhotoSession()
        // A 2400x1000 PNG and the rotated 48x64 EXIF fixture.
        var big = try PixelBuffer(width: 2400, height: 1000, fill: RGBA(10, 200, 30))
        big.setPixel(x: 0, y: 0, RGBA(0, 0, 0))
        let bigPath = s.test.directory.file("big.png").path
        try Data(try PNGEncoder().encode(big)).write(to: URL(fileURLWithPath: bigPath))
        try s.library().addImage(at: bigPath, sourceApp: "seed")
        try s.library().addImage(at: Fixture.path("orient_8.jpg"), sourceApp: "seed")
        let res = try await s.call("chooseImage", ["count": 2, "sizeType": ["compressed"]])
        let paths = res["tempFilePaths"]!.arrayValue!.map { $0.stringValue! }
        #expect(paths.allSatisfy { $0.hasSuffix(".jpg") })
        let small = try ImageProbe.probe(path: try s.host(paths[0]))
        #expect(small.width == 64 && small.height == 48 && small.orientation == .up)
        expectQuadrants(try s.decode(paths[0]))
        let large = try s.decode(paths[1])
        #expect(large.width == 1920 && large.height == 800)
        #expect(large.pixel(x: 960, y: 400).isClose(to: RGBA(10, 200, 30), tolerance: 12))
    }

    @Test("cancel: errno per dialect", arguments: Dialect.allCases)
    func cancel(_ dialect: Dialect) async throws {
        let s = try Self.filled(dialect, picking: .cancel)
        let f = await s.failure("chooseImage")
        #expect(f?.error == MediaError(.cancel, "cancel"))
        switch dialect {
        case .wx, .qq: #expect(f?.shaped == ["errMsg": "chooseImage:fail cancel", "errno": 1])
        case .swan: #expect(f?.shaped["errCode"] == 1001)
        case .tt: #expect(f?.shaped["errno"] == 1_300_001)
        case .my: #expect(f?.shaped == ["error": 11, "errorMessage": "cancel"])
        }
        // An empty album is a cancel too.
        let empty = try PhotoSession(dialect: dialect)
        #expect(await empty.failure("chooseImage", ["sourceType": ["album"]])?.error.code == .cancel)
    }

    @Test("scripted picker picks by id")
    func scripted() async throws {
        let s = try Self.filled(picking: .ids([1]))
        let res = try await s.call("chooseImage", ["sizeType": ["original"]])
        let path = res["tempFilePaths"]!.arrayValue![0].stringValue!
        #expect(path.hasSuffix(".png"))
    }

    @Test("camera source: no camera, a camera, denied, save to album")
    func camera() async throws {
        let none = try Self.filled()
        let f = await none.failure("chooseImage", ["sourceType": ["camera"]])
        #expect(f?.shaped == ["errMsg": "chooseImage:fail camera is not available on this host", "errno": 100])
        #expect(try await none.session.permissions.settings().isEmpty)

        let s = try Self.filled(.tt, camera: FixtureCamera(fixture: "orient_6.jpg"))
        let res = try await s.call("chooseImage", ["sourceType": ["camera"], "cameraDevice": "front", "isSaveToAlbum": "1", "sizeType": ["original"]])
        let path = res["tempFilePaths"]!.arrayValue![0].stringValue!
        #expect(path.hasPrefix("ttfile://temp/"))
        #expect(try s.library().items().count == 4)
        #expect(try await s.session.permissions.settings() == [.camera: true])
        let bad = await s.failure("chooseImage", ["sourceType": ["camera"], "isSaveToAlbum": 1])
        #expect(bad?.error.message == "parameter error: parameter.isSaveToAlbum should be String instead of Number;")

        let denied = try Self.filled(camera: FixtureCamera(fixture: "orient_6.jpg"), consent: .deny)
        #expect(await denied.failure("chooseImage", ["sourceType": ["camera"]])?.shaped["errno"] == 103)
    }

    @Test("bad options")
    func badOptions() async throws {
        let s = try Self.filled()
        #expect(await s.failure("chooseImage", ["sourceType": ["gallery"]])?.error.message
            == "parameter error: parameter.sourceType[0] should be one of \"album\", \"camera\" instead of \"gallery\";")
        #expect(await s.failure("chooseImage", ["sourceType": []])?.error.message == "parameter error: parameter.sourceType should not be empty;")
        #expect(await s.failure("chooseImage", ["sizeType": "original"])?.error.code == .parameterError)
    }

    @Test("chooseMedia images", arguments: [Dialect.wx, .tt])
    func chooseMedia(_ dialect: Dialect) async throws {
        let s = try Self.filled(dialect)
        let res = try await s.call("chooseMedia", ["count": 2, "mediaType": ["image"], "sizeType": ["original"]])
        #expect(res["type"] == "image")
        let files = try #require(res["tempFiles"]?.arrayValue)
        #expect(files.count == 2)
        let second = files[1]
        #expect(second["fileType"] == "image" && second["width"] == 64 && second["height"] == 48)  // upright
        let path = try #require(second["tempFilePath"]?.stringValue)
        #expect(second["size"] == .number(Double(try Data(contentsOf: URL(fileURLWithPath: try s.host(path))).count)))
        // No video in the album: the picker has nothing to offer.
        let video = await s.failure("chooseMedia", ["mediaType": ["video"]])
        #expect(video?.shaped["errMsg"] == "chooseMedia:fail cancel")
        #expect(await s.failure("chooseMedia", ["count": 21])?.error.code == .parameterError)
        #expect(await s.failure("chooseMedia", ["maxDuration": 61])?.error.code == .parameterError)
    }
}

@Suite("previewImage")
struct PreviewImageTests {
    @Test func shows() async throws {
        let s = try PhotoSession()
        let a = try s.temp("quad.png"), b = try s.package("quad.gif")
        try await s.call("previewImage", ["urls": [.string(a), .string(b), "https://example.com/c.jpg"], "current": .string(b)])
        try await s.call("previewImage", ["urls": [.string(a)]])
        #expect(s.user.notices == [
            .preview(urls: [a, b, "https://example.com/c.jpg"], current: b), .preview(urls: [a], current: a),
        ])
    }

    @Test func alipayIndex() async throws {
        let s = try PhotoSession(dialect: .my)
        let a = try s.temp("quad.png"), b = try s.temp("quad.gif")
        try await s.call("previewImage", ["urls": [.string(a), .string(b)], "current": 1])
        guard case .preview(_, let current)? = s.user.notices.first else { Issue.record("no preview"); return }
        #expect(current == b)
        #expect(await s.failure("previewImage", ["urls": [.string(a)], "current": 3])?.error.code == .parameterError)
    }

    @Test func failures() async throws {
        let s = try PhotoSession()
        #expect(await s.failure("previewImage", [:])?.error.message == "parameter error: parameter.urls should be Array instead of Undefined;")
        #expect(await s.failure("previewImage", ["urls": []])?.error.message == "parameter error: parameter.urls should not be empty;")
        let missing = await s.failure("previewImage", ["urls": ["wxfile://usr/none.png"]])
        #expect(missing?.shaped == ["errMsg": "previewImage:fail file not found: wxfile://usr/none.png", "errno": 1_300_002])
        #expect(await s.failure("previewImage", ["urls": ["/../etc/passwd"]])?.error.code == .permissionDenied)
        #expect(s.user.notices.isEmpty)
    }

    @Test func consoleSurface() {
        final class Lines: @unchecked Sendable { var all: [String] = [] }
        let lines = Lines()
        ScriptedUser(display: { lines.all.append($0) }).show(.preview(urls: ["a", "b"], current: "b"))
        #expect(lines.all == ["[ui] previewImage current=b urls=[a, b]"])
    }
}
