import Foundation
import MiniMediaTesting
import Testing

/// What a run loads, in the dynamic loader's own words: `LD_DEBUG=files` on the real binary
/// prints every shared object it maps and who asked for it (`needed by` a DT_NEEDED entry,
/// `dynamically loaded by` a dlopen).
@Suite("start-up: what a page loads", .disabled(if: ProcessInfo.processInfo.environment["MINIMEDIA_EAGER_LINK"] != nil))
struct StartUpTests {
    /// Libraries that only CLazyLibs' trampolines load, on the first call of one of their functions.
    static let codecs = [
        "libturbojpeg.so", "libpng16.so", "libwebp.so", "libwebpdemux.so", "libgif.so", "libheif.so", "libyuv.so",
        "libavformat.so", "libavcodec.so", "libavutil.so", "libswscale.so", "libswresample.so", "libZXing.so",
    ]
    static let crypto = "libcrypto.so"

    @Test func anEmptyPageLoadsNoCodecOpensNoDatabaseAndLinksNoLazyLibrary() async throws {
        let dir = TemporaryDirectory("mm-startup")
        let page = try dir.write("page/empty.js", "Page({})\n")
        let run = try await Self.run(["run", page.path, "--data-dir", dir.file("data").path, "--consent", "deny"])
        #expect(run.status == 0, "\(run.stderr.suffix(2_000))")
        // A page that needs no permission opens no permission database.
        #expect(!FileManager.default.fileExists(atPath: dir.file("data/apps/empty/settings.sqlite").path))
        let loads = run.loads
        #expect(loads.count > 10, "LD_DEBUG=files gave no account of the run")
        for codec in Self.codecs {
            #expect(!loads.contains { $0.library.hasPrefix(codec) }, "\(codec) loaded by an empty page")
        }
        // The binary itself asks for none of them (nor for libcrypto, which another system
        // library may still need while FoundationNetworking is linked).
        for lazy in Self.codecs + [Self.crypto] {
            let direct = loads.filter { $0.library.hasPrefix(lazy) && $0.requester.hasSuffix("/minimedia") }
            #expect(direct.isEmpty, "minimedia links \(lazy) directly: \(direct)")
        }
    }

    @Test func aDigestBindsLibcryptoOnFirstUse() async throws {
        let dir = TemporaryDirectory("mm-startup")
        let page = try dir.write("page/digest.js", """
            const fs = wx.getFileSystemManager()
            fs.writeFileSync('wxfile://usr/abc.txt', 'abc', 'utf8')
            Page({ onLoad() {
              wx.getFileInfo({ filePath: 'wxfile://usr/abc.txt', digestAlgorithm: 'sha1', success(r) { console.log(r.digest) } })
            } })
            """)
        let run = try await Self.run(["run", page.path, "--data-dir", dir.file("data").path, "--consent", "deny"])
        #expect(run.status == 0, "\(run.stderr.suffix(2_000))")
        #expect(run.stdoutLines == ["a9993e364706816aba3e25717850c26c9cd0d89d"])
        // Mapped by now: by the trampolines' dlopen, or earlier as another library's dependency.
        let crypto = run.loads.filter { $0.library.hasPrefix(Self.crypto) }
        #expect(crypto.count == 1, "\(crypto)")
        #expect(crypto.allSatisfy { !$0.requester.hasSuffix("/minimedia") || $0.how == "dynamically loaded by" })
    }

    /// One shared object the loader mapped, and who asked for it.
    struct Load: CustomStringConvertible {
        let library: String
        let how: String
        let requester: String
        var description: String { "\(library) \(how) \(requester)" }
    }

    struct Run {
        let status: Int32
        let stdout: String
        let stderr: String
        var stdoutLines: [String] { stdout.split(separator: "\n").map(String.init) }

        /// `file=libX.so.N [0];  needed by /path/requester [0]` (or `dynamically loaded by`).
        var loads: [Load] {
            stderr.split(separator: "\n").compactMap { line in
                guard let file = line.range(of: "file="), let semicolon = line.range(of: ";", range: file.upperBound..<line.endIndex)
                else { return nil }
                let library = line[file.upperBound..<semicolon.lowerBound].split(separator: " ").first.map(String.init) ?? ""
                let rest = line[semicolon.upperBound...].trimmingCharacters(in: .whitespaces)
                for how in ["needed by", "dynamically loaded by"] where rest.hasPrefix(how) {
                    let requester = rest.dropFirst(how.count).split(separator: " ").first.map(String.init) ?? ""
                    return Load(library: library, how: how, requester: requester)
                }
                return nil
            }
        }
    }

    /// Runs the built binary with the loader's account of its files on stderr.
    static func run(_ args: [String]) async throws -> Run {
        try await offCooperativePool {
            let p = ChildProcess()
            p.executableURL = CLI.binary
            p.arguments = args
            var env = ProcessInfo.processInfo.environment
            env["LD_DEBUG"] = "files"
            p.environment = env
            let out = Pipe()
            let err = Pipe()
            p.standardOutput = out
            p.standardError = err
            p.standardInput = FileHandle.nullDevice
            try p.run()
            // stderr on its own thread so that neither pipe can fill while the other is read.
            let errData = LockedData()
            let reader = Thread { errData.set(err.fileHandleForReading.readDataToEndOfFile()) }
            reader.start()
            let o = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            let e = errData.wait()
            return Run(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self), stderr: String(decoding: e, as: UTF8.self))
        }
    }
}

/// Data handed from a reader thread, waited for once.
private final class LockedData: @unchecked Sendable {
    private let done = NSCondition()
    private var data: Data?

    func set(_ value: Data) {
        done.lock()
        data = value
        done.signal()
        done.unlock()
    }

    func wait() -> Data {
        done.lock()
        defer { done.unlock() }
        while data == nil { done.wait() }
        return data!
    }
}
