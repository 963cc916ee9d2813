import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniImaging
import Synchronization
import Testing

/// The simulator's camera preview: newest frame wins, real downscaled JPEGs, nothing queued.
@Suite struct CameraPreviewTests {
    final class Collected: Sendable {
        let images = Mutex<[PreviewImage]>([])
    }

    @Test func theNewestFrameWinsAndEachImageIsADownscaledJPEG() async throws {
        let cam = SyntheticCamera(width: 1280, height: 720, clock: ManualClock())
        try cam.open(CameraConfiguration())
        var frames: [CameraFrame] = []
        for _ in 0..<6 { frames.append(try await awaitFrame(cam)) }
        let collected = Collected()
        let encoder = CameraPreviewEncoder(longEdge: 640, quality: 70) { image in collected.images.withLock { $0.append(image) } }
        let full = (x: 0, y: 0, width: 1280, height: 720)
        for f in frames { encoder.offer(f, crop: full) }
        let end = Date().addingTimeInterval(30)
        while encoder.counts.encoded + encoder.counts.dropped < frames.count, Date() < end {
            try await Task.sleep(for: .milliseconds(10))
        }
        let (encoded, dropped) = encoder.counts
        #expect(encoded + dropped == frames.count)
        #expect(encoded >= 1)
        let images = collected.images.withLock { $0 }
        #expect(images.count == encoded)
        // Whatever was dropped, the last frame offered is the last one shown.
        #expect(images.last?.sequence == frames.last?.sequence)
        #expect(images.map(\.sequence) == images.map(\.sequence).sorted())
        for image in images {
            #expect((image.width, image.height) == (640, 360))
            let decoded = try ImageDecoder.decode(data: image.jpeg)
            #expect(decoded.pixels.width == 640 && decoded.pixels.height == 360)
            #expect(abs(image.capturedAtMs - Date().timeIntervalSince1970 * 1000) < 60_000)
        }
    }
}
