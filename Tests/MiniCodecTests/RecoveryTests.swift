import Foundation
import MiniCodec
import MiniMediaTesting
import Testing

@Suite("A recording killed with SIGKILL is recovered into a playable MP4",
       .enabled(if: CodecSupport.hasTools, "needs ffmpeg and ffprobe"))
struct RecoveryTests {
    static var probe: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent(".build/debug/minimedia-recordprobe")
    }

    /// Starts the recorder, waits for `fragments` fragments on disk plus a random moment, kills it.
    /// Returns the last acknowledged fragment count.
    static func runAndKill(work: String, destination: String, fragments: Int, extra: Double) throws -> (Int, ChildProcess.TerminationReason) {
        let process = ChildProcess()
        process.executableURL = probe
        process.arguments = [work, destination]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var text = ""
        var acked = 0
        while acked < fragments {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            acked = text.split(separator: "\n").compactMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.max() ?? 0
        }
        Thread.sleep(forTimeInterval: extra)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        text += String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        acked = text.split(separator: "\n").compactMap { Int($0.split(separator: " ").dropFirst().first ?? "") }.max() ?? 0
        return (acked, process.terminationReason)
    }

    @Test func twentyKillsAllRecover() async throws {
        let dir = TemporaryDirectory("recovery")
        var rng = SplitMix64(seed: 0x5EC0_4D)
        for run in 0..<20 {
            let dest = dir.file("run\(run).mp4").path
            let wantFragments = 1 + Int(rng.next() % 2)
            let extra = Double(rng.next() % 700) / 1_000
            let (acked, reason) = try await offCooperativePool {
                try Self.runAndKill(work: dir.path, destination: dest, fragments: wantFragments, extra: extra)
            }
            #expect(reason == .uncaughtSignal)
            #expect(acked >= wantFragments)
            // The fragment file and its journal are on disk; the destination is not yet.
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(names.contains { $0.hasSuffix(".fragmented.mp4") })
            #expect(!FileManager.default.fileExists(atPath: dest))
            let recovered = RecordingRecovery.recover(in: dir.path)
            #expect(recovered.count == 1)
            guard case .recovered(let summary)? = recovered.first?.outcome else {
                Issue.record("run \(run): \(String(describing: recovered.first?.outcome))")
                continue
            }
            #expect(recovered.first?.destination == dest)
            // Every frame of every acknowledged fragment (a fragment is one second: 30 frames).
            #expect(summary.videoPackets >= acked * 30, "run \(run): \(summary.videoPackets) frames, \(acked) fragments acked")
            let streams = try CodecSupport.probe(dest)
            let video = try #require(streams.first { $0["codec_type"] == "video" })
            #expect(video["codec_name"] == "h264")
            #expect(video.frames == summary.videoPackets)
            #expect(streams.contains { $0["codec_type"] == "audio" && $0["codec_name"] == "aac" })
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { !$0.hasSuffix(".mp4") || $0.contains("fragmented") }
            #expect(left.isEmpty, "left behind: \(left)")
        }
    }

    @Test func liveRecordingsAndJunkJournals() throws {
        let dir = TemporaryDirectory("recovery")
        // This process's own recording in progress is left alone.
        let rec = try MP4Recorder(destination: dir.file("live.mp4").path, workDirectory: dir.path,
                                  video: VideoEncodeSettings(width: 64, height: 64, preset: "ultrafast"))
        #expect(RecordingRecovery.recover(in: dir.path).isEmpty)
        #expect(FileManager.default.fileExists(atPath: rec.fragmentPath))
        rec.cancel()
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        // A journal of a dead process whose fragment holds no frame: reported, removed.
        let frag = dir.file("rec-1.fragmented.mp4").path
        try Data("not an mp4".utf8).write(to: URL(fileURLWithPath: frag))
        try Data("minimedia-recording 1\npid 999999999\ndestination \(dir.file("x.mp4").path)\n".utf8)
            .write(to: URL(fileURLWithPath: frag + ".journal"))
        let r = RecordingRecovery.recover(in: dir.path)
        #expect(r.count == 1)
        if case .recovered? = r.first?.outcome { Issue.record("junk cannot be recovered") }
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
        #expect(RecordingJournal(text: "minimedia-recording 1\npid 12\ndestination relative.mp4\n") == nil)
        #expect(RecordingJournal(text: "minimedia-recording 1\npid 12\ndestination /a/b.mp4\n")
            == RecordingJournal(destination: "/a/b.mp4", pid: 12))
    }
}
