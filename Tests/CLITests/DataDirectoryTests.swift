import Foundation
import MiniMediaTesting
import Testing

/// Package paths must never reach the data dir: a data dir inside the package (the default
/// `~/.local/share/minimedia` when the page lives in `$HOME`, or an explicit one) is a usage
/// error, exit 2, before anything is created.
@Suite("The data dir and the package are disjoint")
struct DataDirectoryTests {
    /// Runs the binary with exactly `environment`, waiting off the cooperative pool.
    static func run(_ args: [String], environment: [String: String]) async throws -> CLI.Output {
        try await offCooperativePool {
            let p = ChildProcess()
            p.executableURL = CLI.binary
            p.arguments = args
            p.environment = environment
            let out = Pipe()
            let err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            let e = err.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return CLI.Output(
                status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
    }

    static func page(in dir: URL) throws -> String {
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try "Page({ onLoad() { console.log('loaded') } })".write(to: dir.appendingPathComponent("page.js"), atomically: true, encoding: .utf8)
        try "<view>hi</view>".write(to: dir.appendingPathComponent("page.wxml"), atomically: true, encoding: .utf8)
        return dir.appendingPathComponent("page.js").path
    }

    /// HOME holds the page itself, so the page's package is HOME and the default data dir
    /// (HOME/.local/share/minimedia) lies inside it.
    @Test func defaultDataDirInsideAPageInHomeIsRefused() async throws {
        let home = TemporaryDirectory("mm-home")
        let page = try Self.page(in: home.url)
        let env = ["HOME": home.path, "PATH": "/usr/bin:/bin"]
        let r = try await Self.run(["run", page], environment: env)
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("lies inside the mini-program package"), "\(r.stderr)")
        #expect(r.stderr.contains("--data-dir"))
        #expect(!r.stdout.contains("loaded"))
        #expect(!FileManager.default.fileExists(atPath: home.file(".local/share/minimedia/apps").path))
        // The same page with a data dir outside it runs.
        let data = TemporaryDirectory("mm-data")
        let ok = try await Self.run(["run", page, "--data-dir", data.path], environment: env)
        #expect(ok.status == 0, "\(ok.stderr)")
        #expect(ok.stdout.contains("loaded"))
        // …and so does a page in a folder of HOME beside the default data dir.
        let beside = try Self.page(in: home.file("projects/demo"))
        let inFolder = try await Self.run(["run", beside], environment: env)
        #expect(inFolder.status == 0, "\(inFolder.stderr)")
        #expect(FileManager.default.fileExists(atPath: home.file(".local/share/minimedia/apps").path))
    }

    @Test func explicitDataDirInsideThePackageIsRefused() async throws {
        let dir = TemporaryDirectory("mm-pkg")
        let page = try Self.page(in: dir.url)
        let r = try await Self.run(["run", page, "--data-dir", dir.file("state").path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("lies inside the mini-program package"), "\(r.stderr)")
        #expect(!FileManager.default.fileExists(atPath: dir.file("state").path))
        // MINIMEDIA_HOME is the same data dir by another name.
        let viaEnv = try await Self.run(["run", page], environment: ["MINIMEDIA_HOME": dir.file("state").path, "PATH": "/usr/bin:/bin"])
        #expect(viaEnv.status == 2, "\(viaEnv.stderr)")
    }

    @Test func packageInsideTheDataDirIsRefused() async throws {
        let data = TemporaryDirectory("mm-data")
        let page = try Self.page(in: data.file("apps/other.app/usr"))
        let r = try await Self.run(["run", page, "--data-dir", data.path], environment: ["PATH": "/usr/bin:/bin"])
        #expect(r.status == 2, "\(r.stderr)")
        #expect(r.stderr.contains("lies inside the data dir"), "\(r.stderr)")
    }
}
