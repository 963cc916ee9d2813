import Dispatch
import Foundation
import MiniCapture
import MiniImaging
import Synchronization

/// A consumer of the camera's pumped frames outside the page — the browser simulator's live
/// `<camera>` (set with `CameraHub.setPreview`). `offer` is called on the pump for every frame
/// and must return at once: keep the newest, drop the rest.
public protocol CameraPreviewSink: AnyObject, Sendable {
    /// A frame the camera pulled, with the digital-zoom crop the page sees.
    func offer(_ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int))
}

/// One preview image: a JPEG of the newest frame, downscaled.
public struct PreviewImage: Sendable {
    public var jpeg: [UInt8]
    public var width: Int
    public var height: Int
    /// The frame's sequence number from the device.
    public var sequence: Int
    /// Wall-clock time (ms since 1970) when the pump handed the frame over: capture→display
    /// latency is measured from it.
    public var capturedAtMs: Double

    /// An encoded frame for a component view (the camera's preview, a player's screen).
    public init(jpeg: [UInt8], width: Int, height: Int, sequence: Int, capturedAtMs: Double) {
        (self.jpeg, self.width, self.height, self.sequence, self.capturedAtMs) = (jpeg, width, height, sequence, capturedAtMs)
    }
}

/// Encodes the newest offered frame to JPEG on a queue of its own (never the pump, never the
/// cooperative pool); a frame offered while one is encoding replaces the waiting one, so at most
/// one frame waits and nothing queues without bound.
public final class CameraPreviewEncoder: CameraPreviewSink {
    private struct Slot {
        var waiting: (CameraFrame, (x: Int, y: Int, width: Int, height: Int), Double)?
        var busy = false
        var encoded = 0
        var dropped = 0
    }
    private let slot = Mutex(Slot())
    private let queue = DispatchQueue(label: "minimedia.camera.preview", qos: .userInitiated)
    private let longEdge: Int
    private let quality: Int
    private let output: @Sendable (PreviewImage) -> Void

    /// - Parameters:
    ///   - longEdge: the preview's long edge in pixels (frames are never upscaled).
    ///   - quality: JPEG quality 1…100.
    ///   - output: called on the encoder's queue with each image.
    public init(longEdge: Int = 640, quality: Int = 70, output: @escaping @Sendable (PreviewImage) -> Void) {
        self.longEdge = max(16, longEdge)
        self.quality = min(100, max(1, quality))
        self.output = output
    }

    /// Frames encoded and frames replaced before they were encoded.
    public var counts: (encoded: Int, dropped: Int) { slot.withLock { ($0.encoded, $0.dropped) } }

    public func offer(_ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int)) {
        let now = Date().timeIntervalSince1970 * 1000
        let start = slot.withLock { s -> Bool in
            if s.waiting != nil { s.dropped += 1 }
            s.waiting = (frame, crop, now)
            guard !s.busy else { return false }
            s.busy = true
            return true
        }
        if start { queue.async { [self] in drain() } }
    }

    private func drain() {
        let converter = FrameConverter()
        while let (frame, crop, at) = slot.withLock({ s -> (CameraFrame, (x: Int, y: Int, width: Int, height: Int), Double)? in
            guard let next = s.waiting else {
                s.busy = false
                return nil
            }
            s.waiting = nil
            return next
        }) {
            let long = min(longEdge, max(crop.width, crop.height))
            let (w, h) = CameraGeometry.fit(width: crop.width, height: crop.height, longEdge: long)
            guard var pixels = try? PixelBuffer(width: w, height: h), (try? converter.convert(try frame.yuv(crop: crop), into: &pixels)) != nil,
                let jpeg = try? JPEGEncoder(quality: quality).encode(pixels)
            else { continue }
            slot.withLock { $0.encoded += 1 }
            output(PreviewImage(jpeg: jpeg, width: w, height: h, sequence: frame.sequence, capturedAtMs: at))
        }
    }
}
