import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

/// Links that stay inside the area are followed (RESOLVE_BENEATH semantics); ones that lead out
/// — absolute, or `..` past the area — fail with the sandbox's refusal. The kernel's openat2 and
/// the user-space walk give the same answers.
@Suite("Links inside the sandbox")
struct InsideLinkTests {
    static func setUp(_ walk: BeneathWalk) throws -> SandboxCanary {
        let c = try SandboxCanary(walk: walk)
        let usr = c.sandbox.userDir.path
        try c.fs.mkdir("wxfile://usr/real/sub", recursive: true)
        try c.fs.writeFile("wxfile://usr/real/sub/f.txt", bytes: Array("deep".utf8))
        try FileManager.default.createSymbolicLink(atPath: usr + "/alias", withDestinationPath: "real")
        try FileManager.default.createSymbolicLink(atPath: usr + "/real/up", withDestinationPath: "../real/sub")
        try FileManager.default.createSymbolicLink(atPath: usr + "/chain", withDestinationPath: "alias/up")
        try FileManager.default.createSymbolicLink(atPath: usr + "/out", withDestinationPath: "../store")
        try FileManager.default.createSymbolicLink(atPath: usr + "/abs", withDestinationPath: usr + "/real")
        try FileManager.default.createSymbolicLink(atPath: usr + "/loop", withDestinationPath: "loop")
        return c
    }

    @Test(arguments: [BeneathWalk.kernel, .userSpace])
    func followedInsideRefusedOutside(walk: BeneathWalk) throws {
        if walk == .kernel && BeneathWalk.automatic != .kernel { return }
        let c = try Self.setUp(walk)
        let fs = c.fs
        #expect(try fs.readFile("wxfile://usr/alias/sub/f.txt").array == Array("deep".utf8))
        #expect(try fs.readFile("wxfile://usr/chain/f.txt").array == Array("deep".utf8))
        #expect(try fs.readdir("wxfile://usr/alias/up") == ["f.txt"])
        try fs.writeFile("wxfile://usr/alias/new.txt", bytes: [1])
        #expect(FileManager.default.fileExists(atPath: c.sandbox.userDir.path + "/real/new.txt"))
        try fs.mkdir("wxfile://usr/chain/made", recursive: true)
        #expect(FileManager.default.fileExists(atPath: c.sandbox.userDir.path + "/real/sub/made"))
        for path in ["wxfile://usr/out", "wxfile://usr/out/x", "wxfile://usr/abs/sub/f.txt", "wxfile://usr/loop/x"] {
            let e = #expect(throws: MediaError.self, "\(path)") { try fs.readFile(path) }
            #expect(e?.code == .permissionDenied, "\(path): \(String(describing: e))")
            #expect(throws: MediaError.self, "\(path)") { try fs.writeFile(path + "/w", bytes: [1]) }
        }
        let e = #expect(throws: MediaError.self) { try fs.readFile("wxfile://usr/out/x") }
        #expect(e?.message.contains("symbolic link leads outside the sandbox") == true)
        // Removing a link removes the link, never what it points at.
        try fs.unlink("wxfile://usr/alias")
        #expect(try fs.readFile("wxfile://usr/real/sub/f.txt").array == Array("deep".utf8))
    }
}
