import Foundation
import MiniCapture
import MiniCore
import MiniMediaTesting
import Synchronization
import Testing

@testable import MiniSimulator

/// The browser's webcam as a camera device: JPEG frames fed to the `WebcamFeed` come out of
/// `BrowserCamera.nextFrame` as I420 of the feed's size, with the picture's brightness and
/// colour; frames of the wrong size, not JPEG or corrupt are refused with a reason.
@Suite struct BrowserCameraTests {
    static func jpeg(_ dir: TemporaryDirectory, _ name: String, source: String) throws -> [UInt8] {
        let path = dir.file(name).path
        try MediaTools.ffmpeg(["-f", "lavfi", "-i", source, "-frames:v", "1", "-q:v", "2", "-y", path])
        return [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func mean(_ bytes: [UInt8]) -> Double { Double(bytes.reduce(0) { $0 + Int($1) }) / Double(max(1, bytes.count)) }

    @Test(.enabled(if: MediaTools.hasFFmpeg)) func framesFedFromTheBrowserComeOutAsI420() async throws {
        let dir = TemporaryDirectory("sim-webcam")
        defer { dir.remove() }
        let feed = WebcamFeed(width: 640, height: 480)
        let opened = Mutex<[Bool]>([])
        let camera = BrowserCamera(feed: feed, clock: ManualClock(), onActive: { on in opened.withLock { $0.append(on) } })
        await #expect(throws: CameraError.self) { _ = try await camera.nextFrame() }
        try camera.open(CameraConfiguration())
        #expect(camera.formatDescription?.width == 640 && camera.formatDescription?.height == 480)

        // Untrusted frames: refused with the reason, nothing delivered.
        #expect(feed.offer(jpeg: []) == "webcam frame: 1 byte to 4 MiB of JPEG")
        #expect(feed.offer(jpeg: Array("GIF89a....".utf8)) == "webcam frame: not a JPEG")
        #expect(feed.offer(jpeg: [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3])?.hasPrefix("webcam frame: ") == true)
        let small = try Self.jpeg(dir, "small.jpg", source: "color=c=red:s=320x240")
        #expect(feed.offer(jpeg: small) == "webcam frame: 320x240, expected 640x480")
        #expect(feed.refused == 4)

        // A waiting nextFrame gets the next good frame: white, then red.
        let waiting = Task { try await camera.nextFrame() }
        try await Task.sleep(for: .milliseconds(50))
        #expect(feed.offer(jpeg: try Self.jpeg(dir, "white.jpg", source: "color=c=white:s=640x480")) == nil)
        let white = try await waiting.value
        #expect((white.width, white.height, white.pixelFormat) == (640, 480, .i420))
        #expect(Self.mean(white.copyPlane(0)) > 225, "white luma \(Self.mean(white.copyPlane(0)))")
        #expect(feed.offer(jpeg: try Self.jpeg(dir, "red.jpg", source: "color=c=red:s=640x480")) == nil)
        let red = try await camera.nextFrame()
        #expect(red.sequence == white.sequence + 1)
        let (y, v) = (Self.mean(red.copyPlane(0)), Self.mean(red.copyPlane(2)))
        #expect(abs(y - 81) < 12, "red luma \(y)")
        #expect(v > 220, "red Cr \(v)")

        // Closed: nextFrame refuses; the simulator was told on open and close.
        camera.close()
        await #expect(throws: CameraError.self) { _ = try await camera.nextFrame() }
        #expect(opened.withLock { $0 } == [true, false])
    }

    @Test func aCancelledWaitEnds() async throws {
        let camera = BrowserCamera(feed: WebcamFeed(), clock: ManualClock())
        try camera.open(CameraConfiguration())
        let waiting = Task { try await camera.nextFrame() }
        try await Task.sleep(for: .milliseconds(50))
        waiting.cancel()
        await #expect(throws: CancellationError.self) { _ = try await waiting.value }
    }
}
