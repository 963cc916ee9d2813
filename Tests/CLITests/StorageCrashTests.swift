#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniMediaTesting
import Testing

/// `setStorageSync` is one SQLite transaction: a process killed mid-write leaves the old value or
/// the new one, and every write that returned survives.
@Suite("Storage survives kill -9", .serialized)
struct StorageCrashTests {
    @Test func aKilledWriterLeavesAWholeValueAndEveryAcknowledgedOne() async throws {
        let page = TemporaryFolder()
        let data = CLI.newDataDir()
        try page.write("writer.js", """
            Page({ onLoad() {
              let i = 0
              setInterval(() => {
                for (let n = 0; n < 5; n++) {
                  i++
                  wx.setStorageSync('k', { i, pad: String(i).repeat(2000) })
                  console.log('acked', i)
                }
              }, 1)
            } })
            """)
        try page.write("reader.js", """
            Page({ onLoad() {
              const v = wx.getStorageSync('k')
              console.log('found', v.i, v.pad === String(v.i).repeat(2000))
            } })
            """)
        let (pagePath, dataPath) = (page.path, data.path)
        for round in 0..<3 {
            let acked = try await offCooperativePool { () -> Int in
                let p = ChildProcess()
                p.executableURL = CLI.binary
                p.arguments = ["run", pagePath + "/writer.js", "--app-id", "crash.storage", "--data-dir", dataPath, "--timeout", "60"]
                let out = Pipe()
                p.standardOutput = out
                p.standardError = FileHandle.nullDevice
                try p.run()
                // Let it write for a while, then kill it mid-stream.
                var text = ""
                let deadline = Date().addingTimeInterval(30)
                while !text.contains("acked 50\n"), Date() < deadline {
                    let chunk = out.fileHandleForReading.availableData
                    if chunk.isEmpty { break }
                    text += String(decoding: chunk, as: UTF8.self)
                }
                usleep(UInt32(50_000 + 70_000 * round))
                kill(p.processIdentifier, SIGKILL)
                p.waitUntilExit()
                text += String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
                return text.split(separator: "\n").compactMap { $0.hasPrefix("acked ") ? Int($0.dropFirst(6)) : nil }.max() ?? 0
            }
            #expect(acked >= 50, "round \(round): the writer acknowledged only \(acked) writes")
            let read = try await CLI.run(["run", page.path + "/reader.js", "--app-id", "crash.storage", "--data-dir", data.path])
            let fields = read.lines.first?.split(separator: " ") ?? []
            #expect(fields.count == 3 && fields[0] == "found" && fields[2] == "true", "\(read.stdout) \(read.stderr)")
            let found = fields.count == 3 ? Int(fields[1]) ?? -1 : -1
            // Each round starts again at 1, so the value is this round's: at least what was acknowledged.
            #expect(found >= acked, "round \(round): found \(found), acknowledged \(acked)")
        }
    }
}
