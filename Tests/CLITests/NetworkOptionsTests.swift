#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniMediaTesting
import Testing

/// `--allow-domain`, `--no-domain-check` and `--allow-local-network` against a local server.
@Suite("minimedia run: network options", .serialized)
struct NetworkOptionsTests {
    /// `python3 -m http.server` on 127.0.0.1 serving the imaging fixtures; its port.
    final class Server: @unchecked Sendable {
        let process = ChildProcess()
        var port = 0
        init() throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "-u", "-m", "http.server", "--bind", "127.0.0.1", "--directory",
                CLI.root.appendingPathComponent("Tests/MiniImagingTests/Fixtures").path, "0",
            ]
            let out = Pipe()
            process.standardOutput = out
            process.standardError = FileHandle.nullDevice
            try process.run()
            var text = ""
            while port == 0 {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
                if let r = text.range(of: " port "), let end = text[r.upperBound...].firstIndex(of: " ") {
                    port = Int(text[r.upperBound..<end]) ?? 0
                }
            }
        }
        func stop() {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    @Test func allowedDomainsFromTheCommandLine() async throws {
        let server = try await offCooperativePool { try Server() }
        defer { server.stop() }
        try #require(server.port > 0)
        let dir = TemporaryFolder()
        let data = TemporaryFolder()
        try dir.write("p.js", """
            Page({
              onLoad(q) {
                wx.getImageInfo({ src: q.src, success: r => console.log('ok', r.width, r.height), fail: e => console.log(e.errMsg) })
              },
            })
            """)
        let src = "http://127.0.0.1:\(server.port)/quad420.jpg"
        func run(_ options: [String]) async throws -> CLI.Output {
            try await CLI.run(["run", dir.path + "/p.js", "--query", "src=\(src)", "--data-dir", data.path] + options)
        }
        let listed = try await run(["--allow-domain", "http://127.0.0.1:\(server.port)"])
        #expect(listed.status == 0 && listed.lines == ["ok 64 48"], "\(listed.stderr)")
        let none = try await run([])
        #expect(none.lines == ["getImageInfo:fail download image fail"])
        #expect(none.stderr.contains("refused by policy") && none.stderr.contains("not an allowed host"), "\(none.stderr)")
        let unchecked = try await run(["--no-domain-check"])
        #expect(unchecked.lines == ["getImageInfo:fail download image fail"])
        #expect(unchecked.stderr.contains("loopback and not explicitly allowed"), "\(unchecked.stderr)")
        let local = try await run(["--no-domain-check", "--allow-local-network"])
        #expect(local.lines == ["ok 64 48"], "\(local.stderr)")
        let bad = try await run(["--allow-domain", "example.com/images"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--allow-domain"))
    }
}
