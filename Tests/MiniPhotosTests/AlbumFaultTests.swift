import Foundation
import MiniCore
import MiniMediaTesting
import MiniPhotos
import MiniStorage
import Testing

@Suite("Album saves fail clearly when the data dir cannot take them")
struct AlbumFaultTests {
    @Test func removedDataDirFailsTheSave() async throws {
        let s = try PhotoSession()
        let first = try s.temp("orient_1.jpg")
        _ = try await s.call("saveImageToPhotosAlbum", ["filePath": .string(first)])
        let second = try s.temp("orient_1.jpg")
        try FileManager.default.removeItem(at: s.test.directory.file("data/album"))
        let failure = await s.failure("saveImageToPhotosAlbum", ["filePath": .string(second)])
        #expect(failure?.shaped["errMsg"] == "saveImageToPhotosAlbum:fail data directory was removed or replaced")
        #expect(!FileManager.default.fileExists(atPath: s.test.directory.file("data/album").path))
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func readOnlyAlbumFailsTheSave() async throws {
        let s = try PhotoSession()
        // The album folder is a read-only file system; the app's own folders are not.
        let readOnly = try #require(TmpfsMount(kilobytes: 256, readOnly: true, at: s.test.directory.file("data/album")))
        let failure = await s.failure("saveImageToPhotosAlbum", ["filePath": .string(try s.temp("orient_1.jpg"))])
        #expect(failure?.shaped["errMsg"] == "saveImageToPhotosAlbum:fail data directory is not writable")
        withExtendedLifetime(readOnly) {}
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func fullDiskFailsTheSaveAndKeepsTheAlbumConsistent() async throws {
        let s = try PhotoSession()
        let disk = try #require(TmpfsMount(kilobytes: 1024, at: s.test.directory.file("data/album")))
        _ = try await s.call("saveImageToPhotosAlbum", ["filePath": .string(try s.temp("orient_1.jpg"))])
        disk.fill()
        let failure = await s.failure("saveImageToPhotosAlbum", ["filePath": .string(try s.temp("photo.jpg"))])
        #expect(failure?.shaped["errMsg"] == "saveImageToPhotosAlbum:fail data directory is full")
        disk.drain()
        let library = try s.session.photoLibrary()
        #expect(try library.items().count == 1)
        #expect(try library.integrityCheck() == "ok")
        // No half-copied file was left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: library.filesDir.path).count == 1)
    }
}

