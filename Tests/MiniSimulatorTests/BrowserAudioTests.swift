import Foundation
import MiniCore
import MiniMediaTesting
import Testing

@testable import MiniSimulator

/// Audio reaching the browser: a page plays a 1 kHz WAV through InnerAudioContext; the
/// session's mixer plays it to the simulator's speaker, whose chunks reach the browser's client
/// in order, and they carry the tone.
@Suite(.enabled(if: MediaTools.hasFFmpeg))
struct BrowserAudioTests {
    @Test func whatTheMixerPlaysReachesTheBrowser() async throws {
        let dir = TemporaryDirectory("sim-audio")
        defer { dir.remove() }
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=44100:duration=3", "-ac", "2", "-y", dir.file("pkg/tone.wav").path])
        _ = try dir.write("pkg/pages/index/index.js", """
            Page({ onLoad() {
              const a = wx.createInnerAudioContext(); a.src = '/tone.wav'
              a.onPlay(() => console.log('playing')); a.onError((e) => console.error('audio error ' + e.errMsg)); a.play()
            } })
            """)
        _ = try dir.write("pkg/pages/index/index.wxml", "<text>tone</text>")
        var options = SimulatorOptions(path: dir.file("pkg").path)
        options.dataDirectory = dir.file("data")
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        var chunks: [AudioChunk] = []
        let end = Date().addingTimeInterval(60)
        while Date() < end, chunks.count < 12 {
            chunks += client.takeAudio()
            _ = client.take()
            try await Task.sleep(for: .milliseconds(20))
        }
        await sim.stop()
        #expect(chunks.count >= 12, "\(chunks.count) chunks")
        #expect(zip(chunks, chunks.dropFirst()).allSatisfy { $0.sequence < $1.sequence })
        #expect(chunks.allSatisfy { $0.channels == 2 && $0.sampleRate == 44_100 })
        let samples = chunks.dropFirst(2).flatMap(\.samples)
        let left = MediaTools.channel(samples, 0, of: 2)
        #expect(MediaTools.tonePower(left, sampleRate: 44_100, frequency: 1_000) > 0.5, "the 1 kHz tone reaches the browser")
        // The wire format the page reads: "audio", rate, channels, int16 LE.
        let wire = Array(SimulatorServer.audioBuffer(chunks[0]).readableBytesView)
        #expect(wire[12] == 5 && Array(wire[13..<18]) == Array("audio".utf8))
        #expect(wire.count == 18 + 5 + chunks[0].samples.count * 2)
    }
}
