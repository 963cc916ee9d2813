import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

/// Every one of these must be refused by reads and writes, with nothing outside the sandbox
/// read, created or changed.
@Suite("Hostile paths are refused")
struct HostilePathTests {
    static let hostile: [String] = [
        "wxfile://usr/../secret.txt",
        "wxfile://usr/../../other.app/usr/secret.txt",
        "wxfile://usr/a/../../secret.txt",
        "wxfile://usr/./../secret.txt",
        "wxfile://usr/..",
        "wxfile://usr//..//..//secret.txt",
        "wxfile://tmp_../secret.txt",
        "wxfile://tmp_a/../../secret.txt",
        "wxfile://store_../../secret.txt",
        "wxfile://store_x/y.txt",
        "wxfile://usr/escape-link/secret.txt",
        "wxfile://usr/escape-link",
        "wxfile://usr/dangling-link",
        "wxfile://usr/inner/deeper/../../../secret.txt",
        "wxfile://usr/nul\u{0}.txt",
        "wxfile://usr/tab\t.txt",
        "wxfile://usr/newline\n.txt",
        "wxfile://usr/\u{7F}del.txt",
        "wxfile://usr\\..\\..\\secret.txt",
        "wxfile://usr/a\\b.txt",
        "wxfile://usr/" + String(repeating: "n", count: 256),
        "wxfile://usr/" + String(repeating: "d/", count: 600) + "x",
        "wxfile://../secret.txt",
        "wxfile://",
        "wxfile://nonsense/x.txt",
        "bdfile://usr/x.txt",
        "ttfile://user/x.txt",
        "https://usr/x.txt",
        "file:///etc/passwd",
        "http://example.com/a.jpg",
        "../secret.txt",
        "/../secret.txt",
        "pages/../../secret.txt",
        "",
    ]

    /// A sandbox next to a secret file and another app's data, with links pointing out.
    func setUp() throws -> (TestSession, URL) {
        let t = try TestSession(appID: "victim.app")
        let data = t.directory.file("data")
        let secret = data.appendingPathComponent("apps/secret.txt")
        try Data("top secret".utf8).write(to: secret)
        try FileManager.default.createDirectory(at: data.appendingPathComponent("apps/other.app/usr"), withIntermediateDirectories: true)
        try Data("other".utf8).write(to: data.appendingPathComponent("apps/other.app/usr/secret.txt"))
        let usr = t.session.sandbox.userDir
        try FileManager.default.createSymbolicLink(atPath: usr.appendingPathComponent("escape-link").path, withDestinationPath: data.appendingPathComponent("apps").path)
        try FileManager.default.createSymbolicLink(atPath: usr.appendingPathComponent("dangling-link").path, withDestinationPath: "/nonexistent/x")
        try FileManager.default.createDirectory(at: usr.appendingPathComponent("inner/deeper"), withIntermediateDirectories: true)
        try Data("src".utf8).write(to: usr.appendingPathComponent("inner/src.txt"))
        return (t, data)
    }

    /// Every file outside the victim's sandbox, with its contents.
    func snapshotOutside(_ data: URL, sandbox: URL) -> [String: Data] {
        var out: [String: Data] = [:]
        let root = data.deletingLastPathComponent()
        let e = FileManager.default.enumerator(atPath: root.path)
        while let rel = e?.nextObject() as? String {
            let full = root.appendingPathComponent(rel).path
            if full.hasPrefix(sandbox.path) { continue }
            out[rel] = FileManager.default.contents(atPath: full) ?? Data()
        }
        return out
    }

    @Test func atLeastThirtyCases() { #expect(Self.hostile.count >= 30) }

    @Test(arguments: hostile)
    func refusedByResolver(path: String) throws {
        let (t, _) = try setUp()
        #expect(throws: MediaError.self) { try t.session.files.resolve(path).hostPath }
    }

    @Test(arguments: hostile)
    func refusedByEveryFileOperation(path: String) async throws {
        let (t, data) = try setUp()
        let before = snapshotOutside(data, sandbox: t.session.sandbox.root)
        let fs = t.session.fileSystem
        #expect(throws: MediaError.self) { try fs.readFile(path) }
        #expect(throws: MediaError.self) { try fs.writeFile(path, bytes: Array("pwned".utf8)) }
        #expect(throws: MediaError.self) { try fs.writeFile(path, bytes: Array("pwned".utf8), append: true) }
        #expect(throws: MediaError.self) { try fs.mkdir(path, recursive: true) }
        #expect(throws: MediaError.self) { try fs.unlink(path) }
        #expect(throws: MediaError.self) { try fs.rmdir(path, recursive: true) }
        #expect(throws: MediaError.self) { try fs.copyFile(from: "wxfile://usr/inner/src.txt", to: path) }
        #expect(throws: MediaError.self) { try fs.rename(from: path, to: "wxfile://usr/stolen.txt") }
        #expect(throws: MediaError.self) { try t.session.files.saveFile(tempFilePath: path) }
        #expect(await t.failure("getFileInfo", ["filePath": .string(path)]) != nil)
        #expect(await t.failure("removeSavedFile", ["filePath": .string(path)]) != nil)
        #expect(snapshotOutside(data, sandbox: t.session.sandbox.root) == before)
        #expect(!FileManager.default.fileExists(atPath: t.session.sandbox.userDir.appendingPathComponent("stolen.txt").path))
    }

    @Test func refusalMessageIsPrecise() async throws {
        let (t, _) = try setUp()
        let f = await t.failure("getFileInfo", ["filePath": "wxfile://usr/../secret.txt"])
        #expect(f?.shaped["errMsg"] == "getFileInfo:fail permission denied, open wxfile://usr/../secret.txt ('..' is not allowed)")
        #expect(f?.shaped["errno"] == 1_300_013)
        let link = await t.failure("getFileInfo", ["filePath": "wxfile://usr/escape-link/secret.txt"])
        #expect(link?.error.message.contains("symbolic link leads outside the sandbox") == true)
    }

    @Test func absoluteHostPathStaysInPackage() throws {
        let (t, _) = try setUp()
        let p = try t.session.files.resolve("/etc/passwd")
        #expect(p.area == .package)
        #expect(p.hostPath.hasPrefix(t.session.sandbox.packageDir!.path + "/"))
        #expect(throws: MediaError.self) { try t.session.fileSystem.readFile("/etc/passwd") }
    }

    @Test func packageFilesAreReadOnly() throws {
        let (t, _) = try setUp()
        try Data("x".utf8).write(to: t.session.sandbox.packageDir!.appendingPathComponent("a.txt"))
        #expect(try t.session.fileSystem.readFile("/a.txt").array == Array("x".utf8))
        #expect(throws: MediaError.self) { try t.session.fileSystem.writeFile("/a.txt", bytes: [1]) }
    }

    @Test func userRootItselfCannotBeRemoved() throws {
        let (t, _) = try setUp()
        #expect(throws: MediaError.self) { try t.session.fileSystem.rmdir("wxfile://usr", recursive: true) }
        #expect(FileManager.default.fileExists(atPath: t.session.sandbox.userDir.path))
    }
}
