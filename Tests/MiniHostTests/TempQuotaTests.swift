import Foundation
import MiniCore
import MiniMediaTesting
import MiniStorage
import Testing

@Suite("Temp files have a quota; partial files count in none")
struct TempQuotaTests {
    @Test func tempWritesStopAtTheTempQuota() throws {
        let c = try SandboxCanary(quota: 1 << 20, tempQuota: 10_000)
        let first = try c.files.createTempFile(ext: "bin", bytes: [UInt8](repeating: 7, count: 6_000))
        let over = #expect(throws: MediaError.self) {
            try c.files.createTempFile(ext: "bin", bytes: [UInt8](repeating: 8, count: 6_000))
        }
        #expect(over?.code == .storageLimitExceeded)
        #expect(c.files.tempUsage() == 6_000)
        // The refused write left nothing behind, staged or committed.
        #expect(try FileManager.default.contentsOfDirectory(atPath: c.sandbox.root.appendingPathComponent("partial").path).isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: c.sandbox.tempDir.path).count == 1)
        // Freeing temp space (saving the file moves it to the store) makes room again.
        _ = try c.files.saveFile(tempFilePath: first)
        _ = try c.files.createTempFile(ext: "bin", bytes: [UInt8](repeating: 8, count: 6_000))
        #expect(c.files.tempUsage() == 6_000)
        #expect(c.files.usage() == 6_003)  // + "src"
    }

    @Test func defaultTempQuotaIsTheDialectQuota() throws {
        for dialect in Dialect.allCases {
            let c = try SandboxCanary()
            let files = AppFiles(sandbox: c.sandbox, dialect: dialect)
            #expect(files.tempQuota == dialect.defaultStorageQuota)
        }
    }

    /// A write in progress is invisible: the user folder holds only finished files while the
    /// staged one sits in `partial/`, and the quota counts only the finished ones.
    @Test func stagedFilesAreOutsideAreasAndQuota() throws {
        let c = try SandboxCanary(quota: 8_000)
        let staged = try c.files.stageFile()
        try staged.file.write([UInt8](repeating: 1, count: 7_000))
        #expect(c.files.usage() == 3)  // "src"
        #expect(try c.fs.readdir("wxfile://usr") == ["src.txt"])
        try c.fs.writeFile("wxfile://usr/a.bin", bytes: [UInt8](repeating: 2, count: 7_000))
        #expect(c.files.usage() == 7_003)
        // Sweeping at start keeps the files of live writers (this process) and drops the rest.
        try Data([9]).write(to: c.sandbox.root.appendingPathComponent("partial/999999999-dead"))
        try c.sandbox.sweepPartial()
        let left = try FileManager.default.contentsOfDirectory(atPath: c.sandbox.root.appendingPathComponent("partial").path)
        #expect(left == [staged.name])
    }
}
