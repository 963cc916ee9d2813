import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniNet
import MiniPhotos
import Testing

@Suite("getImageInfo")
struct GetImageInfoTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String, type: String, width: Int, height: Int, orientation: String
        var description: String { file }
    }

    static let formatCases: [Case] = [
        Case(file: "quad420.jpg", type: "jpeg", width: 64, height: 48, orientation: "up"),
        Case(file: "quad.png", type: "png", width: 64, height: 48, orientation: "up"),
        Case(file: "quad.webp", type: "webp", width: 64, height: 48, orientation: "up"),
        Case(file: "quad.gif", type: "gif", width: 64, height: 48, orientation: "up"),
        Case(file: "quad24.bmp", type: "bmp", width: 64, height: 48, orientation: "up"),
        Case(file: "quad.heic", type: "heic", width: 64, height: 48, orientation: "up"),
        Case(file: "quad_orient6.tiff", type: "tiff", width: 48, height: 64, orientation: "right"),
        Case(file: "png_named.jpg", type: "png", width: 64, height: 48, orientation: "up"),
        Case(file: "huge.jpg", type: "jpeg", width: 60000, height: 60000, orientation: "up"),
    ]

    @Test("every format, by content", arguments: formatCases)
    func formats(_ c: Case) async throws {
        let s = try PhotoSession()
        let path = try s.temp(c.file)
        let info = try await s.call("getImageInfo", ["src": .string(path)])
        #expect(info == [
            "width": .number(Double(c.width)), "height": .number(Double(c.height)), "path": .string(path),
            "orientation": .string(c.orientation), "type": .string(c.type), "errMsg": "getImageInfo:ok",
        ])
    }

    @Test("EXIF orientations; width and height stay raw", arguments: ImageOrientation.allCases)
    func orientations(_ o: ImageOrientation) async throws {
        let s = try PhotoSession()
        let info = try await s.call("getImageInfo", ["src": .string(try s.temp("orient_\(o.rawValue).jpg"))])
        #expect(info["orientation"] == .string(o.name))
        // The fixtures store the 64x48 picture rotated: 5–8 are stored 48x64.
        #expect(info["width"] == .number(o.swapsDimensions ? 48 : 64))
        #expect(info["height"] == .number(o.swapsDimensions ? 64 : 48))
    }

    @Test("temp, saved, user and package paths", arguments: Dialect.allCases)
    func pathKinds(_ dialect: Dialect) async throws {
        let s = try PhotoSession(dialect: dialect)
        let temp = try s.temp("quad.png")
        let saved = try await s.call("saveFile", ["tempFilePath": .string(try s.temp("quad.png"))])["savedFilePath"]!
        let user = "\(dialect.userDataPath)/pics/a.png"
        try s.session.fileSystem.mkdir("\(dialect.userDataPath)/pics", recursive: true)
        try s.session.fileSystem.writeFile(user, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: Fixture.path("quad.png")))))
        let package = try s.package("quad.png", as: "images/q.png")
        for path in [.string(temp), saved, .string(user), .string(package), "images/q.png"] as [HostValue] {
            let info = try await s.call("getImageInfo", ["src": path])
            #expect(info["path"] == path)
            #expect(info["type"] == "png" && info["width"] == 64)
        }
    }

    @Test("errors", arguments: Dialect.allCases)
    func errors(_ dialect: Dialect) async throws {
        let s = try PhotoSession(dialect: dialect)
        let missing = await s.failure("getImageInfo", ["src": .string(dialect.tempPath(id: "nope", ext: "jpg"))])
        #expect(missing?.error == MediaError(.fileNotFound, "file not found"))
        #expect(missing.map { dialect.failureMessage(api: "getImageInfo", error: $0.error) } == "getImageInfo:fail file not found")
        let empty = await s.failure("getImageInfo", ["src": .string(try s.temp("empty.jpg"))])
        #expect(empty?.error.message == "invalid image: image data is truncated (file is empty)")
        let garbage = await s.failure("getImageInfo", ["src": .string(try s.temp("garbage.bin"))])
        #expect(garbage?.error.message == "invalid image: unsupported image format (unrecognised image format)")
        let truncated = await s.failure("getImageInfo", ["src": .string(try s.temp("truncated_header.jpg"))])
        #expect(truncated?.error.code == .invalidImage)
        let noSrc = await s.failure("getImageInfo", [:])
        #expect(noSrc?.error.message == "parameter error: parameter.src should be String instead of Undefined;")
        switch dialect {
        case .wx, .qq:
            #expect(missing?.shaped == ["errMsg": "getImageInfo:fail file not found", "errno": 1_300_002])
            #expect(empty?.shaped["errno"] == 4)
        case .swan: #expect(missing?.shaped["errCode"] == 1_300_002)
        case .tt: #expect(missing?.shaped["errNo"] == 203)
        case .my: #expect(empty?.shaped == ["error": 3, "errorMessage": .string(empty!.error.message)])
        }
    }

    @Test("hostile paths are refused", arguments: [
        "wxfile://usr/../../../etc/passwd", "/../../etc/passwd", "wxfile://tmp_../x.jpg", "file:///etc/passwd",
        "ftp://example.com/a.jpg", "wxfile://usr/a\u{0}.jpg",
    ])
    func hostile(_ path: String) async throws {
        let s = try PhotoSession()
        let f = await s.failure("getImageInfo", ["src": .string(path)])
        #expect(f?.error.code == .permissionDenied)
        #expect(f?.error.message.hasPrefix("permission denied, open ") == true)
    }

    @Test("a symlink out of the sandbox is refused")
    func symlink() async throws {
        let s = try PhotoSession()
        try FileManager.default.createSymbolicLink(
            atPath: s.session.sandbox.userDir.appendingPathComponent("link.jpg").path, withDestinationPath: Fixture.path("quad420.jpg"))
        let f = await s.failure("getImageInfo", ["src": "wxfile://usr/link.jpg"])
        #expect(f?.error.code == .permissionDenied)
    }
}

@Suite("getImageInfo over http", .serialized)
struct GetImageInfoNetworkTests {
    /// The local test server explicitly allowed: `http://127.0.0.1:PORT`.
    static func local(_ port: Int) -> NetworkAccess {
        NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(port)")!]))
    }

    @Test("downloads into a temp file named by format", arguments: [Dialect.wx, .tt, .my])
    func download(_ dialect: Dialect) async throws {
        let server = try StaticHTTPServer(directory: Fixture.directory)
        defer { server.stop() }
        let s = try PhotoSession(dialect: dialect, network: Self.local(server.port))
        let info = try await s.call("getImageInfo", ["src": .string(server.url("orient_6.jpg"))])
        #expect(info["width"] == 48 && info["height"] == 64 && info["orientation"] == "right" && info["type"] == "jpeg")
        let path = try #require(info["path"]?.stringValue)
        #expect(path.hasPrefix(dialect == .my ? "https://resource/" : dialect.fileScheme))
        #expect(path.hasSuffix(dialect == .my ? ".image" : ".jpg"))
        // The downloaded file is a real temp file of the app, byte for byte.
        let local = try Data(contentsOf: URL(fileURLWithPath: try s.host(path)))
        #expect(local == (try Data(contentsOf: URL(fileURLWithPath: Fixture.path("orient_6.jpg")))))
        let again = try await s.call("getImageInfo", ["src": .string(path)])
        #expect(again["orientation"] == "right")
    }

    @Test("404, size limit, not an image, timeout")
    func failures() async throws {
        let server = try StaticHTTPServer(directory: Fixture.directory)
        defer { server.stop() }
        let s = try PhotoSession(
            downloader: ImageDownloader(maxBytes: 1000, timeout: 1),
            network: NetworkAccess(policy: NetworkPolicy(checksDomains: false, allowsLocalNetwork: true)))
        let notFound = await s.failure("getImageInfo", ["src": .string(server.url("nope.jpg"))])
        #expect(notFound?.shaped == ["errMsg": "getImageInfo:fail download image fail: HTTP status 404", "errno": 600_001])
        let big = await s.failure("getImageInfo", ["src": .string(server.url("photo.jpg"))])
        #expect(big?.error == MediaError(.networkError, "download image fail: larger than the download limit of 1000 bytes"))
        let garbage = await s.failure("getImageInfo", ["src": .string(server.url("garbage.bin"))])
        #expect(garbage?.error.code == .invalidImage)
        let silent = try SilentServer()
        let started = Date()
        let slow = await s.failure("getImageInfo", ["src": .string(silent.url("a.jpg"))])
        // A timeout reads like any other unreachable server (NetworkPolicyTests).
        #expect(slow?.shaped == ["errMsg": "getImageInfo:fail download image fail", "errno": 600_001])
        #expect(Date().timeIntervalSince(started) < 10)
        // Nothing half-downloaded is left in the temp folder, nor in the partial area.
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.tempDir.path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.partial.path).isEmpty)
    }

    /// Downloads land in temp, and temp has a quota: the second download that would pass it
    /// fails with the storage-limit error and leaves nothing behind.
    @Test func downloadsRespectTheTempQuota() async throws {
        let server = try StaticHTTPServer(directory: Fixture.directory)
        defer { server.stop() }
        let size = try Data(contentsOf: URL(fileURLWithPath: Fixture.path("photo.jpg"))).count
        let s = try PhotoSession(network: Self.local(server.port), tempQuota: Int64(size * 3 / 2))
        _ = try await s.call("getImageInfo", ["src": .string(server.url("photo.jpg"))])
        let over = await s.failure("getImageInfo", ["src": .string(server.url("photo.jpg"))])
        #expect(over?.shaped["errMsg"] == "getImageInfo:fail the maximum size of the file storage limit is exceeded")
        #expect(s.session.files.tempUsage() == Int64(size))
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.tempDir.path).count == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.partial.path).isEmpty)
    }
}
