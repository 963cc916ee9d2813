import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("FileSystemManager operations")
struct FileSystemTests {
    let t: TestSession
    var fs: SandboxFileSystem { t.session.fileSystem }

    init() throws { t = try TestSession() }

    func error(_ body: () throws -> Void) -> MediaError? {
        do { try body() } catch let e as MediaError { return e } catch {}
        return nil
    }

    @Test func mkdirReaddirRmdir() throws {
        try fs.mkdir("wxfile://usr/a/b/c", recursive: true)
        #expect(try fs.readdir("wxfile://usr/a") == ["b"])
        #expect(error { try fs.mkdir("wxfile://usr/x/y") }?.message == "no such file or directory, mkdir wxfile://usr/x/y")
        #expect(error { try fs.mkdir("wxfile://usr/a") }?.code == .fileExists)
        #expect(error { try fs.rmdir("wxfile://usr/a") }?.message == "directory not empty, rmdir wxfile://usr/a")
        try fs.rmdir("wxfile://usr/a", recursive: true)
        #expect(error { try fs.access("wxfile://usr/a") }?.message == "no such file or directory, access wxfile://usr/a")
    }

    @Test func readWithPositionAndLength() throws {
        try fs.writeFile("wxfile://usr/f.txt", bytes: Array("0123456789".utf8))
        #expect(try fs.readFile("wxfile://usr/f.txt", position: 2, length: 3).array == Array("234".utf8))
        #expect(error { _ = try fs.readFile("wxfile://usr/f.txt", position: 8, length: 5) }?.code == .parameterError)
        #expect(error { _ = try fs.readFile("wxfile://usr") }?.code == .isDirectory)
    }

    @Test func statFilesAndFolders() throws {
        try fs.writeFile("wxfile://usr/f.txt", bytes: [1, 2, 3])
        let s = try fs.stat("wxfile://usr/f.txt")
        #expect(s.isFile && !s.isDirectory && s.size == 3)
        #expect(try fs.stat("wxfile://usr").isDirectory)
        let all = try fs.statRecursive("wxfile://usr").map(\.0)
        #expect(all == ["/", "/f.txt"])
    }

    @Test func copyAndRename() throws {
        try fs.writeFile("wxfile://usr/a.txt", bytes: [7])
        try fs.copyFile(from: "wxfile://usr/a.txt", to: "wxfile://usr/b.txt")
        try fs.rename(from: "wxfile://usr/b.txt", to: "wxfile://usr/c.txt")
        #expect(try fs.readdir("wxfile://usr") == ["a.txt", "c.txt"])
        #expect(try fs.readFile("wxfile://usr/c.txt").array == [7])
    }

    @Test func writesOutsideUserFolderAreRefused() throws {
        let temp = try t.session.files.createTempFile(ext: "txt", bytes: [1])
        #expect(error { try fs.writeFile(temp, bytes: [2]) }?.message == "permission denied, open \(temp)")
        #expect(error { try fs.unlink(temp) }?.code == .permissionDenied)
        #expect(try fs.readFile(temp).array == [1])
    }

    @Test func saveFileToUserPath() throws {
        let temp = try t.session.files.createTempFile(ext: "txt", bytes: [5])
        let saved = try t.session.files.saveFile(tempFilePath: temp, filePath: "wxfile://usr/kept.txt")
        #expect(saved == "wxfile://usr/kept.txt")
        #expect(try fs.readFile(saved).array == [5])
    }
}
