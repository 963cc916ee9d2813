import Foundation
import MiniMediaTesting
import Testing

@Suite("Test folders are removed")
struct TemporaryDirectoryTests {
    @Test func removedAtDeinitAndAtScopeEnd() throws {
        var path = ""
        do {
            let dir = TemporaryDirectory("cleanup")
            path = dir.path
            try dir.write("a/b/c.txt", "x")
            #expect(FileManager.default.fileExists(atPath: path + "/a/b/c.txt"))
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        let inside = try withTemporaryDirectory("cleanup") { dir -> String in
            // Even a folder without its write bit (as a test of a read-only data dir may leave).
            try FileManager.default.createDirectory(atPath: dir.path + "/locked/deep", withIntermediateDirectories: true)
            try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path + "/locked")
            return dir.path
        }
        #expect(!FileManager.default.fileExists(atPath: inside))
    }

    @Test func foldersOfDeadTestProcessesAreSwept() throws {
        let tmp = FileManager.default.temporaryDirectory.path
        let dead = tmp + "/crashed-ABCDEF12-mmt2147483000"  // no such pid
        let alive = tmp + "/running-ABCDEF12-mmt1"  // pid 1 is always there
        for p in [dead, alive] { try FileManager.default.createDirectory(atPath: p + "/data", withIntermediateDirectories: true) }
        defer { try? FileManager.default.removeItem(atPath: alive) }
        TemporaryDirectory.sweepStale()
        #expect(!FileManager.default.fileExists(atPath: dead))
        #expect(FileManager.default.fileExists(atPath: alive))
    }
}
