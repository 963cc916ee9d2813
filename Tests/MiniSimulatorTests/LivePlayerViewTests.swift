import Foundation
import MiniCore
import MiniMediaTesting
import MiniNet
import Testing

@testable import MiniSimulator

/// `<live-player>`'s view in the simulator: a page plays a real RTMP stream (nginx-rtmp fed by
/// ffmpeg) and the frames the host's player presents reach the browser's client as JPEGs of the
/// stream's size, newer ones replacing older.
@Suite(.enabled(if: LiveStreamServer.isAvailable, "needs nginx + libnginx-mod-rtmp + ffmpeg"))
struct LivePlayerViewTests {
    @Test func theHostsPlayerFramesReachTheBrowser() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try server.publish(LiveStreamServer.Stream(width: 320, height: 240))
        try await offCooperativePool { try server.waitForHLS(segments: 1, timeout: 30) }

        let dir = TemporaryDirectory("sim-live")
        defer { dir.remove() }
        _ = try dir.write("pkg/app.json", #"{"pages": ["pages/index/index"]}"#)
        _ = try dir.write("pkg/pages/index/index.js", "Page({ data: { src: \(JSONQuoting.quote(server.rtmpURL())) } })")
        _ = try dir.write("pkg/pages/index/index.wxml", #"<live-player id="live" src="{{src}}" autoplay></live-player>"#)
        var options = SimulatorOptions(path: dir.file("pkg").path)
        options.dataDirectory = dir.file("data")
        options.network = NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost("http://127.0.0.1:\(server.rtmpPort)")!]))
        let sim = try Simulator(options)
        #expect(options.views.tags.contains("live-player"))
        sim.start()
        let client = sim.connect()
        let frames = try await LivePlayerViewTests.frames(client, count: 3)
        await sim.stop()
        #expect(frames.count >= 3, "\(frames.count) frames")
        #expect(frames.allSatisfy { $0.0 == "live-player" })
        #expect(zip(frames, frames.dropFirst()).allSatisfy { $0.1 < $1.1 }, "newer frames replace older")
        // Each is a JPEG of the stream's size (SOF0/SOF2 height and width).
        for (_, _, jpeg) in frames {
            #expect(jpeg.starts(with: [0xFF, 0xD8, 0xFF]))
            #expect(Self.jpegSize(jpeg).map { [$0.0, $0.1] } == [320, 240])
        }
    }

    /// Width and height from a JPEG's start-of-frame marker.
    /// The first `count` distinct preview frames `client` receives within 60 s: (view, sequence, JPEG).
    static func frames(_ client: SimulatorClient, count: Int) async throws -> [(String, Int, [UInt8])] {
        var frames: [(String, Int, [UInt8])] = []
        let end = Date().addingTimeInterval(60)
        while Date() < end, frames.count < count {
            for (view, image) in client.take().frames where frames.last?.1 != image.sequence { frames.append((view, image.sequence, image.jpeg)) }
            try await Task.sleep(for: .milliseconds(30))
        }
        return frames
    }

    static func jpegSize(_ b: [UInt8]) -> (Int, Int)? {
        var i = 2
        while i + 9 < b.count {
            guard b[i] == 0xFF else { return nil }
            let marker = b[i + 1], length = Int(b[i + 2]) << 8 | Int(b[i + 3])
            if (0xC0...0xC2).contains(marker) { return (Int(b[i + 7]) << 8 | Int(b[i + 8]), Int(b[i + 5]) << 8 | Int(b[i + 6])) }
            i += 2 + length
        }
        return nil
    }
}
