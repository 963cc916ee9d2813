import Foundation
import MiniMediaTesting
import Testing

/// A recording is written in the app's `partial/` folder and renamed into temp when it ends: a
/// process killed mid-recording leaves no result file, and the next run sweeps the partial one.
@Suite("RecorderManager survives kill -9")
struct RecorderCrashTests {
    @Test func aKilledRecorderLeavesNoResultFileAndItsPartialIsSwept() async throws {
        let data = CLI.newDataDir()
        let page = CLI.newDataDir()
        _ = try page.write("rec.js", """
            const rm = wx.getRecorderManager()
            rm.onStart(() => console.log('recording'))
            rm.onStop((r) => console.log('stopped', r.tempFilePath))
            Page({ onLoad() { rm.start({ format: 'wav', sampleRate: 16000, numberOfChannels: 1, encodeBitRate: 48000 }) } })
            """)
        _ = try page.write("idle.js", "Page({ onLoad() { console.log('idle') } })")
        let (pagePath, dataPath) = (page.path, data.path)
        let output = try await offCooperativePool { () -> String in
            let p = ChildProcess()
            p.executableURL = CLI.binary
            p.arguments = ["run", pagePath + "/rec.js", "--consent", "allow", "--app-id", "crash.rec", "--data-dir", dataPath, "--timeout", "60"]
            let out = Pipe()
            p.standardOutput = out
            p.standardError = FileHandle.nullDevice
            try p.run()
            var text = ""
            let deadline = Date().addingTimeInterval(30)
            while !text.contains("recording\n"), Date() < deadline {
                let chunk = out.fileHandleForReading.availableData
                if chunk.isEmpty { break }
                text += String(decoding: chunk, as: UTF8.self)
            }
            usleep(400_000)
            kill(p.processIdentifier, SIGKILL)
            p.waitUntilExit()
            return text + String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        }
        #expect(output == "recording\n", "\(output)")
        let app = dataPath + "/apps/crash.rec"
        let fm = FileManager.default
        #expect(try fm.contentsOfDirectory(atPath: app + "/tmp").isEmpty, "a result file is visible")
        let partial = try fm.contentsOfDirectory(atPath: app + "/partial")
        #expect(partial.count == 1, "\(partial)")
        let size = partial.first.flatMap { try? fm.attributesOfItem(atPath: app + "/partial/" + $0)[.size] as? Int } ?? 0
        #expect(size >= 44, "the partial recording has \(size) bytes (a WAV header at least)")
        let next = try await CLI.run(["run", page.path + "/idle.js", "--app-id", "crash.rec", "--data-dir", data.path])
        #expect(next.lines == ["idle"], "\(next.stderr)")
        #expect(try fm.contentsOfDirectory(atPath: app + "/partial").isEmpty)
    }
}

@Suite("minimedia run --audio-interruption")
struct AudioInterruptionOptionTests {
    @Test func aBadPlanIsAUsageErrorAndAGoodOneInterruptsTheRecording() async throws {
        let bad = try await CLI.run(["run", CLI.fixture("basics/page.js"), "--consent", "deny", "--audio-interruption", "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--audio-interruption: 'soon': expected AFTER_MS[:LENGTH_MS]"), "\(bad.stderr)")
        let data = CLI.newDataDir()
        let r = try await CLI.run(["run", CLI.root.appendingPathComponent("Examples/voice-tour").path, "--consent", "allow",
                                   "--audio-interruption", "300:200", "--call", "record"], dataDir: data.path)
        #expect(r.status == 0, "\(r.stderr)")
        let events = r.lines.filter { $0.hasPrefix("[voice] on") }.map { $0.split(separator: " ")[1] }
        #expect(events == ["onStart", "onInterruptionBegin", "onPause", "onInterruptionEnd", "onResume", "onStop"], "\(r.stdout)")
    }
}
