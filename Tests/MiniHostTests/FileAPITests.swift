import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("saveFile, saved files, getFileInfo and quotas")
struct FileAPITests {
    @Test(arguments: Dialect.allCases)
    func saveListInfoRemove(dialect: Dialect) async throws {
        let t = try TestSession(dialect: dialect)
        let temp = try t.session.files.createTempFile(ext: "txt", bytes: Array("hello".utf8))
        #expect(temp.hasPrefix(dialect == .my ? "https://resource/" : dialect.fileScheme))
        let saved = try await t.call("saveFile", ["tempFilePath": .string(temp)])["savedFilePath"]!.stringValue!
        #expect(saved == dialect.savedPath(id: String(saved.split(separator: "_").last!.split(separator: ".").first!), ext: "txt"))
        // The temp path stops working.
        #expect(await t.failure("saveFile", ["tempFilePath": .string(temp)])?.error.message == "tempFilePath file not exist")
        let list = try await t.call("getSavedFileList")["fileList"]!.arrayValue!
        #expect(list.count == 1)
        #expect(list[0]["filePath"] == .string(saved))
        #expect(list[0]["size"] == 5)
        let info = try await t.call("getSavedFileInfo", ["filePath": .string(saved)])
        #expect(info["size"] == 5)
        #expect(info["createTime"]!.numberValue! > 1_600_000_000)
        try await t.call("removeSavedFile", ["filePath": .string(saved)])
        #expect(try await t.call("getSavedFileList")["fileList"] == [])
        let gone = await t.failure("getSavedFileInfo", ["filePath": .string(saved)])
        #expect(gone?.error.message == "file not exist")
    }

    @Test func getFileInfoDigests() async throws {
        let t = try TestSession()
        try t.session.fileSystem.writeFile("wxfile://usr/a.txt", bytes: Array("hello".utf8))
        let md5 = try await t.call("getFileInfo", ["filePath": "wxfile://usr/a.txt"])
        #expect(md5 == ["size": 5, "digest": "5d41402abc4b2a76b9719d911017c592", "errMsg": "getFileInfo:ok"])
        let sha1 = try await t.call("getFileInfo", ["filePath": "wxfile://usr/a.txt", "digestAlgorithm": "sha1"])
        #expect(sha1["digest"] == "aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d")
        let bad = await t.failure("getFileInfo", ["filePath": "wxfile://usr/a.txt", "digestAlgorithm": "crc"])
        #expect(bad?.shaped["errno"] == 101)
        let missing = await t.failure("getFileInfo", ["filePath": "wxfile://usr/none.txt"])
        #expect(missing?.shaped["errMsg"] == "getFileInfo:fail file not exist")
    }

    @Test func fileSystemManagerSha256() throws {
        let t = try TestSession()
        try t.session.fileSystem.writeFile("wxfile://usr/a.txt", bytes: Array("hello".utf8))
        let info = try t.session.files.fileInfo("wxfile://usr/a.txt", algorithm: .sha256)
        #expect(info.digest == "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824")
    }

    @Test func quotaCountsSavedAndUserFiles() async throws {
        let t = try TestSession(quota: 10)
        try t.session.fileSystem.writeFile("wxfile://usr/a.bin", bytes: [UInt8](repeating: 1, count: 6))
        let temp = try t.session.files.createTempFile(ext: "bin", bytes: [UInt8](repeating: 2, count: 5))
        let f = await t.failure("saveFile", ["tempFilePath": .string(temp)])
        #expect(f?.shaped == ["errMsg": "saveFile:fail the maximum size of the file storage limit is exceeded", "errno": 1_300_202])
        // Nothing was lost: the temp file is still there and can be saved once space is freed.
        try t.session.fileSystem.unlink("wxfile://usr/a.bin")
        _ = try await t.call("saveFile", ["tempFilePath": .string(temp)])
        #expect(throws: MediaError(.storageLimitExceeded, "the maximum size of the file storage limit is exceeded")) {
            try t.session.fileSystem.writeFile("wxfile://usr/b.bin", bytes: [UInt8](repeating: 3, count: 6))
        }
        // Overwriting a file counts only the difference.
        try t.session.fileSystem.writeFile("wxfile://usr/c.bin", bytes: [UInt8](repeating: 3, count: 5))
        try t.session.fileSystem.writeFile("wxfile://usr/c.bin", bytes: [UInt8](repeating: 4, count: 5))
    }

    @Test func baiduQuotaIsTenMegabytes() throws {
        let t = try TestSession(dialect: .swan)
        #expect(t.session.files.quota == 10 * 1024 * 1024)
        #expect(throws: MediaError.self) {
            try t.session.fileSystem.writeFile("bdfile://usr/big.bin", bytes: [UInt8](repeating: 0, count: 10 * 1024 * 1024 + 1))
        }
    }

    @Test func tempFilesAreSweptAtNextStart() throws {
        let dir = TemporaryDirectory()
        let first = try TestSession(directory: dir)
        let temp = try first.session.files.createTempFile(ext: "jpg", bytes: [1, 2, 3])
        #expect(try first.session.fileSystem.readFile(temp).array == [1, 2, 3])
        let second = try TestSession(directory: dir)
        #expect(throws: MediaError.self) { try second.session.fileSystem.readFile(temp) }
    }

    @Test func alipayTempImagePaths() throws {
        let t = try TestSession(dialect: .my)
        let temp = try t.session.files.createTempFile(ext: "jpg", bytes: [9])
        #expect(temp.hasSuffix(".image"))
        #expect(try t.session.fileSystem.readFile(temp).array == [9])
    }

    @Test func writesAreAtomicAndLeaveNoPartials() throws {
        let t = try TestSession()
        let fs = t.session.fileSystem
        try fs.writeFile("wxfile://usr/a.txt", bytes: Array("one".utf8))
        try fs.writeFile("wxfile://usr/a.txt", bytes: Array("two".utf8), append: true)
        #expect(String(decoding: try fs.readFile("wxfile://usr/a.txt").array, as: UTF8.self) == "onetwo")
        #expect(try fs.readdir("wxfile://usr") == ["a.txt"])
        let raw = try FileManager.default.contentsOfDirectory(atPath: t.session.sandbox.userDir.path)
        #expect(raw == ["a.txt"])
    }
}
