import Foundation
import MiniMediaTesting
import Testing

/// A data dir that is read-only, full or removed mid-run: one line on stderr, exit status 1,
/// never an NSError dump, and never an acknowledged decision that is not on disk.
@Suite("minimedia with a data dir that cannot be used")
struct DataDirFaultTests {
    static let page = """
        wx.authorize({ scope: 'scope.camera', success: r => console.log(r.errMsg), fail: e => console.log(e.errMsg) })
        Page({})
        """

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func readOnlyDataDir() async throws {
        let disk = try #require(TmpfsMount(kilobytes: 256, readOnly: true))
        let data = disk.path + "/data"
        let pages = TemporaryFolder()
        try pages.write("p.js", Self.page)
        let runs = [
            try await CLI.run(["run", pages.path + "/p.js", "--consent", "allow"], dataDir: data),
            try await CLI.run(["permissions", "ro.app", "--grant", "scope.camera"], dataDir: data),
            try await CLI.run(["album", "import", CLI.image("photo.jpg")], dataDir: data),
            try await CLI.run(["album", "list"], dataDir: data),
        ]
        for r in runs {
            #expect(r.status == 1)
            #expect(r.stderr == "minimedia: data directory is not writable: \(data)\n")
            #expect(r.stdout.isEmpty)
        }
    }

    @Test(.enabled(if: TmpfsMount.isAvailable, "needs root to mount a tmpfs"))
    func fullDataDir() async throws {
        let disk = try #require(TmpfsMount(kilobytes: 2048))
        let data = disk.path + "/data"
        #expect(try await CLI.run(["permissions", "full.app"], dataDir: data).status == 0)
        disk.fill()
        let grant = try await CLI.run(["permissions", "full.app", "--grant", "scope.camera"], dataDir: data)
        #expect(grant.status == 1)
        #expect(grant.stderr == "minimedia: data directory is full: \(data)\n")
        #expect(grant.stdout.isEmpty)  // no decision is printed as if it were kept
        let pages = TemporaryFolder()
        try pages.write("p.js", Self.page)
        let run = try await CLI.run(["run", pages.path + "/p.js", "--app-id", "full.app", "--consent", "allow"], dataDir: data)
        // The store opens on the first permission query, which needs its WAL back: that call
        // fails and says why; nothing is granted.
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.lines == ["authorize:fail data directory is full"])
        disk.drain()
        let list = try await CLI.run(["permissions", "full.app"], dataDir: data)
        #expect(list.lines == ["permissions of full.app:", "  (none asked yet)"])
    }

    @Test func dataDirRemovedMidRun() async throws {
        let dataDir = CLI.newDataDir()
        defer { dataDir.remove() }
        let data = dataDir.path + "/data"
        let pages = TemporaryFolder()
        // The page waits until its own folder is gone, then asks for the camera.
        try pages.write("p.js", """
            const fs = wx.getFileSystemManager()
            function poll() {
              fs.access({ path: wx.env.USER_DATA_PATH,
                success: () => setTimeout(poll, 20),
                fail: () => wx.authorize({ scope: 'scope.camera',
                  success: r => console.log(r.errMsg), fail: e => console.log(e.errMsg) }) })
            }
            console.log('ready')
            poll()
            Page({})
            """)
        let script = pages.path + "/p.js"
        let r = try await offCooperativePool { () throws -> CLI.Output in
            let p = ChildProcess()
            p.executableURL = CLI.binary
            p.arguments = ["run", script, "--consent", "allow", "--timeout", "60", "--data-dir", data]
            let (out, err) = (Pipe(), Pipe())
            p.standardOutput = out
            p.standardError = err
            try p.run()
            var head = Data()
            while !head.contains(UInt8(ascii: "\n")) {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                head += chunk
            }
            try? FileManager.default.removeItem(atPath: data)
            head += out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return CLI.Output(status: p.terminationStatus, stdout: String(decoding: head, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
        #expect(r.lines == ["ready", "authorize:fail data directory was removed or replaced"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: data))
    }
}
