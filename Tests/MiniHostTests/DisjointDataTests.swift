import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStorage
import Testing

/// With the data dir inside the package, package paths (`/…`) would read every app's files and
/// permission databases; the sandbox refuses to open such a layout at all.
@Suite("Package and data dir overlap")
struct DisjointDataTests {
    @Test func dataDirInsidePackageIsRefused() throws {
        let dir = TemporaryDirectory("mm-overlap")
        let e = #expect(throws: MediaError.self) {
            try AppSandbox(dataDirectory: DataDirectory(root: dir.file("pkg/.data")), appID: try AppID("a.app"), packageDir: dir.file("pkg"))
        }
        #expect(e?.code == .overlappingDataDirectory)
        #expect(!FileManager.default.fileExists(atPath: dir.file("pkg/.data").path))
    }

    @Test func packageInsideDataDirIsRefused() throws {
        let dir = TemporaryDirectory("mm-overlap")
        try FileManager.default.createDirectory(at: dir.file("data/apps/b.app/usr"), withIntermediateDirectories: true)
        let e = #expect(throws: MediaError.self) {
            try AppSandbox(
                dataDirectory: DataDirectory(root: dir.file("data")), appID: try AppID("a.app"), packageDir: dir.file("data/apps/b.app/usr"))
        }
        #expect(e?.code == .overlappingDataDirectory)
    }

    /// A link does not hide the overlap: the package is compared by its real path.
    @Test func overlapThroughALinkIsRefused() throws {
        let dir = TemporaryDirectory("mm-overlap")
        try FileManager.default.createDirectory(at: dir.file("pkg"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: dir.file("pkg-link").path, withDestinationPath: dir.file("pkg").path)
        #expect(throws: MediaError.self) {
            try AppSandbox(dataDirectory: DataDirectory(root: dir.file("pkg/data")), appID: try AppID("a.app"), packageDir: dir.file("pkg-link"))
        }
        #expect(throws: MediaError.self) {
            try AppSandbox(dataDirectory: DataDirectory(root: dir.file("pkg-link/data")), appID: try AppID("a.app"), packageDir: dir.file("pkg"))
        }
    }

    /// Side by side (the usual layout, and TestSession's) is fine, including names that share
    /// a prefix.
    @Test func siblingsAreAccepted() throws {
        let dir = TemporaryDirectory("mm-overlap")
        try FileManager.default.createDirectory(at: dir.file("pkg"), withIntermediateDirectories: true)
        _ = try AppSandbox(dataDirectory: DataDirectory(root: dir.file("pkg-data")), appID: try AppID("a.app"), packageDir: dir.file("pkg"))
        _ = try AppSandbox(dataDirectory: DataDirectory(root: dir.file("data")), appID: try AppID("a.app"), packageDir: dir.file("pkg"))
    }
}
