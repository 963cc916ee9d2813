import Foundation
import MiniCore
import MiniMediaTesting
import Testing

@testable import MiniSimulator

/// `<video>`'s view in the simulator: a page plays a real MP4 of its package and the frames the
/// host's player shows reach the browser's client as JPEGs of the clip's size.
/// (The clip loops: on a loaded machine a player that falls behind drops frames, and a 4 s clip
/// could end before three reached the client.)
@Suite(.enabled(if: MediaTools.hasFFmpeg))
struct VideoViewTests {
    @Test func theHostsVideoFramesReachTheBrowser() async throws {
        let dir = TemporaryDirectory("sim-video")
        defer { dir.remove() }
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        try MediaTools.ffmpeg([
            "-f", "lavfi", "-i", "testsrc2=s=320x240:r=25:d=4", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-y", dir.file("pkg/clip.mp4").path,
        ])
        _ = try dir.write("pkg/pages/index/index.js", "Page({ data: {} })")
        _ = try dir.write("pkg/pages/index/index.wxml", #"<video id="v" src="/clip.mp4" autoplay loop></video>"#)
        var options = SimulatorOptions(path: dir.file("pkg").path)
        options.dataDirectory = dir.file("data")
        #expect(options.views.tags.isSuperset(of: ["camera", "live-player", "video"]))
        let sim = try Simulator(options)
        sim.start()
        let client = sim.connect()
        let frames = try await LivePlayerViewTests.frames(client, count: 3)
        await sim.stop()
        #expect(frames.count >= 3, "\(frames.count) frames")
        #expect(frames.allSatisfy { $0.0 == "video" })
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.1 < $1.1 }, "newer frames replace older")
        for (_, _, jpeg) in frames {
            #expect(LivePlayerViewTests.jpegSize(jpeg).map { [$0.0, $0.1] } == [320, 240])
        }
    }
}
