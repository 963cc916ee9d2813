import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniPhotos
import MiniStorage
import Testing

@Suite("Photo album and saveImageToPhotosAlbum")
struct AlbumTests {
    @Test("items persist across reopen, newest first; export and remove")
    func persistence() throws {
        let dir = TemporaryDirectory()
        let root = dir.file("album")
        do {
            let lib = try PhotoLibrary(root: root)
            try lib.addImage(at: Fixture.path("quad.png"), sourceApp: "a.app")
            try lib.addImage(at: Fixture.path("orient_6.jpg"), sourceApp: "b.app")
        }
        let lib = try PhotoLibrary(root: root)
        let items = try lib.items()
        #expect(items.map(\.sourceApp) == ["b.app", "a.app"])
        #expect(items[0].kind == .image && items[0].width == 48 && items[0].height == 64 && items[0].fileExtension == "jpg")
        let pngSize = Int64(try Data(contentsOf: URL(fileURLWithPath: Fixture.path("quad.png"))).count)
        #expect(items[1].fileExtension == "png" && items[1].size == pngSize)
        #expect(try lib.items(limit: 1).count == 1)
        #expect(try lib.items(kind: .video).isEmpty)
        let out = try lib.export(items[1].id, to: dir.path)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out)) == Data(contentsOf: URL(fileURLWithPath: Fixture.path("quad.png"))))
        #expect(try lib.remove(items[1].id))
        #expect(try !lib.remove(items[1].id))
        #expect(try lib.items().count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: lib.filesDir.path).count == 1)
        #expect(try lib.integrityCheck() == "ok")
    }

    @Test("non-images are refused by the library")
    func notImage() throws {
        let dir = TemporaryDirectory()
        let lib = try PhotoLibrary(root: dir.file("album"))
        #expect(throws: MediaError.self) { try lib.addImage(at: Fixture.path("garbage.bin"), sourceApp: "x") }
        #expect(try lib.items().isEmpty)
    }

    @Test("save goes through the gate into the shared album", arguments: Dialect.allCases)
    func save(_ dialect: Dialect) async throws {
        let s = try PhotoSession(dialect: dialect)
        let path = try s.temp("quad.webp")
        try await s.call("saveImageToPhotosAlbum", ["filePath": .string(path)])
        let items = try s.library().items()
        #expect(items.count == 1 && items[0].sourceApp == "test.app" && items[0].fileExtension == "webp")
        #expect(try await s.session.permissions.settings() == [.writePhotosAlbum: true])
        // Another app on the same device sees it.
        let other = try PhotoSession(dialect: .wx, appID: "other.app", directory: s.test.directory)
        let chosen = try await other.call("chooseImage", ["count": 1, "sourceType": ["album"]])
        #expect(chosen["tempFiles"]?.arrayValue?.first?["size"] == .number(Double(items[0].size)))
    }

    @Test("denied permission: auth deny, nothing saved", arguments: Dialect.allCases)
    func denied(_ dialect: Dialect) async throws {
        let s = try PhotoSession(dialect: dialect, consent: .deny)
        let f = await s.failure("saveImageToPhotosAlbum", ["filePath": .string(try s.temp("quad.png"))])
        #expect(f?.error.code == .authDeny)
        switch dialect {
        case .wx, .qq: #expect(f?.shaped == ["errMsg": "saveImageToPhotosAlbum:fail auth deny", "errno": 103])
        case .swan: #expect(f?.shaped["errCode"] == 10003)
        case .tt: #expect(f?.shaped["errno"] == 107)
        case .my: #expect(f?.shaped["error"] == 2001)
        }
        #expect(try s.library().items().isEmpty)
        #expect(try await s.session.permissions.settings() == [.writePhotosAlbum: false])
    }

    @Test("bad file paths")
    func badPaths() async throws {
        let s = try PhotoSession()
        let network = await s.failure("saveImageToPhotosAlbum", ["filePath": "https://example.com/a.jpg"])
        #expect(network?.shaped["errno"] == 101)
        #expect(network?.error.message == "parameter error: parameter.filePath should be a local file path, not a network url;")
        let hostile = await s.failure("saveImageToPhotosAlbum", ["filePath": "wxfile://usr/../../settings.sqlite"])
        #expect(hostile?.error.code == .permissionDenied)
        // Refused before anyone was asked.
        #expect(try await s.session.permissions.settings().isEmpty)
        let missing = await s.failure("saveImageToPhotosAlbum", ["filePath": "wxfile://usr/none.jpg"])
        #expect(missing?.shaped == ["errMsg": "saveImageToPhotosAlbum:fail file not found", "errno": 1_300_002])
        let text = try s.session.files.createTempFile(ext: "jpg", bytes: Array("not a picture".utf8))
        let notImage = await s.failure("saveImageToPhotosAlbum", ["filePath": .string(text)])
        #expect(notImage?.error.code == .saveToAlbumFailed)
        #expect(notImage?.error.message == "save image failed: invalid image: unsupported image format (unrecognised image format)")
        #expect(try s.library().items().isEmpty)
        let video = await s.failure("saveVideoToPhotosAlbum", ["filePath": "wxfile://usr/a.mp4"])
        #expect(video?.shaped == ["errMsg": "saveVideoToPhotosAlbum:fail file not found", "errno": 1_300_002])
    }

    @Test("Alipay local https paths are not network paths")
    func alipayPaths() async throws {
        let s = try PhotoSession(dialect: .my)
        let path = try s.temp("quad420.jpg")
        #expect(path.hasPrefix("https://resource/") && path.hasSuffix(".image"))
        try await s.call("saveImageToPhotosAlbum", ["filePath": .string(path)])
        #expect(try s.library().items().count == 1)
    }
}
