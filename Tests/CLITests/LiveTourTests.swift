import Foundation
import MiniMediaTesting
import Testing

/// The README's live tour: `minimedia run Examples/live-tour` against a local nginx-rtmp server.
@Suite("minimedia run Examples/live-tour", .enabled(if: LiveStreamServer.isAvailable, "needs nginx + libnginx-mod-rtmp + ffmpeg"))
struct LiveTourTests {
    @Test func tourPlaysSnapshotsAndStops() async throws {
        let server = try await LiveStreamServer.make()
        defer { server.stop() }
        try server.publish()
        try await offCooperativePool { try server.waitForHLS(segments: 1, timeout: 30) }
        let tour = CLI.root.appendingPathComponent("Examples/live-tour").path
        let r = try await CLI.run(["run", tour, "--query", "src=\(server.rtmpURL())", "--allow-domain",
                                   "http://127.0.0.1:\(server.rtmpPort)", "--timeout", "20"])
        #expect(r.status == 0, "\(r.stderr)")
        let states = r.lines.filter { $0.hasPrefix("[live] statechange") }.map { $0.split(separator: " ").last.map(String.init) ?? "" }
        #expect(Array(states.prefix(6)) == ["2001", "2002", "2008", "2003", "2009", "2004"], "\(r.lines)")
        #expect(r.lines.contains { $0.hasPrefix("[live] snapshot 320x240 wxfile://tmp_") }, "\(r.lines)")
        #expect(r.lines.filter { $0.hasPrefix("[live] netstatus 320x240") }.count == 3, "\(r.lines)")
        #expect(r.lines.last == "[live] stopped")

        // Without the allowance the loopback server is refused: -2302, and the page stops.
        let refused = try await CLI.run(["run", tour, "--query", "src=\(server.rtmpURL())", "--timeout", "20"])
        #expect(refused.status == 0)
        #expect(refused.lines.contains("[live] statechange -2302"), "\(refused.lines)")
        #expect(!refused.lines.contains("[live] statechange 2001"))
    }
}
