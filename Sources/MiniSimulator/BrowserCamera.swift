import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniImaging
import Synchronization

/// The browser's own webcam, as the browser sends it: JPEG frames of `width` × `height`
/// (getUserMedia drawn onto a canvas) arriving over the simulator's WebSocket. Frames are
/// untrusted: each is decoded with MiniImaging's limits and must have exactly the feed's size,
/// otherwise it is refused with the reason. The newest frame wins; nothing queues.
public final class WebcamFeed: Sendable {
    public let width: Int
    public let height: Int
    private struct State {
        var frame: (rgba: [UInt8], sequence: Int)?
        var next = 0
        var waiters: [CheckedContinuation<Void, Never>] = []
        var refused = 0
    }
    private let state = Mutex(State())
    public static let maxFrameBytes = 4 << 20

    public init(width: Int = 640, height: Int = 480) {
        (self.width, self.height) = (width, height)
    }

    /// One frame from the browser. Returns why it was refused, nil when it was taken.
    @discardableResult
    public func offer(jpeg: [UInt8]) -> String? {
        guard !jpeg.isEmpty, jpeg.count <= Self.maxFrameBytes else { return refuse("webcam frame: 1 byte to \(Self.maxFrameBytes >> 20) MiB of JPEG") }
        guard jpeg.starts(with: [0xFF, 0xD8, 0xFF]) else { return refuse("webcam frame: not a JPEG") }
        let image: DecodedImage
        do { image = try ImageDecoder.decode(data: jpeg) } catch { return refuse("webcam frame: \(error)") }
        guard image.pixels.width == width, image.pixels.height == height else {
            return refuse("webcam frame: \(image.pixels.width)x\(image.pixels.height), expected \(width)x\(height)")
        }
        let rgba = image.pixels.withUnsafeBytes { raw -> [UInt8] in
            let row = image.pixels.bytesPerRow
            var out = [UInt8](repeating: 0, count: width * height * 4)
            for y in 0..<height {
                for i in 0..<(width * 4) { out[y * width * 4 + i] = raw[y * row + i] }
            }
            return out
        }
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            s.frame = (rgba, s.next)
            s.next += 1
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.resume() }
        return nil
    }

    /// Frames refused so far.
    public var refused: Int { state.withLock { $0.refused } }

    private func refuse(_ reason: String) -> String {
        state.withLock { $0.refused += 1 }
        return reason
    }

    /// The newest frame with a sequence above `after`, waiting for it (cancellable).
    func frame(after: Int) async throws -> (rgba: [UInt8], sequence: Int) {
        while true {
            try Task.checkCancellation()
            if let f = state.withLock({ s in s.frame.flatMap { $0.sequence > after ? $0 : nil } }) { return f }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
                    let ready = state.withLock { s -> Bool in
                        if let f = s.frame, f.sequence > after { return true }
                        s.waiters.append(c)
                        return false
                    }
                    if ready { c.resume() }
                }
            } onCancel: { [weak self] in self?.wakeAll() }
        }
    }

    private func wakeAll() {
        let waiters = state.withLock { s -> [CheckedContinuation<Void, Never>] in
            defer { s.waiters.removeAll() }
            return s.waiters
        }
        for w in waiters { w.resume() }
    }
}

/// A `CameraDevice` over a `WebcamFeed` (`--camera browser`, or "browser" in the Device panel):
/// each `nextFrame` is the browser's next frame, converted from RGB to I420 (BT.601, studio
/// range, as the other cameras deliver) at the feed's size. Pacing is the browser's own rate.
public final class BrowserCamera: CameraDevice {
    public let feed: WebcamFeed
    public let clock: any MediaClock
    public let controls = CameraControls(maxZoom: 1)
    private struct State: @unchecked Sendable {
        var open = false
        var last = -1
        var sequence = 0
        var started: Duration = .zero
        var stats = CaptureStatistics()
    }
    private let state = Mutex(State())
    /// Called with true when the device opens and false when it closes (the browser starts and
    /// stops sending).
    private let onActive: @Sendable (Bool) -> Void

    public init(feed: WebcamFeed, clock: any MediaClock = SystemClock(), onActive: @escaping @Sendable (Bool) -> Void = { _ in }) {
        self.feed = feed
        self.clock = clock
        self.onActive = onActive
    }

    public var specDescription: String { "browser" }

    public var formatDescription: FrameFormatDescription? {
        state.withLock { $0.open } ? FrameFormatDescription(width: feed.width, height: feed.height, pixelFormat: .i420, frameRate: 30) : nil
    }

    public var statistics: CaptureStatistics { state.withLock { $0.stats } }

    public func open(_ configuration: CameraConfiguration) throws(CameraError) {
        let now = clock.now()
        state.withLock { s in
            s.open = true
            s.sequence = 0
            s.started = now
        }
        controls.setPosition(configuration.position)
        onActive(true)
    }

    public func close() {
        let was = state.withLock { s -> Bool in
            defer { s.open = false }
            return s.open
        }
        if was { onActive(false) }
    }

    public func nextFrame() async throws -> CameraFrame {
        guard let last = state.withLock({ $0.open ? $0.last : nil }) else { throw CameraError.notOpen }
        let (rgba, seq) = try await feed.frame(after: last)
        let buffer = FrameBuffer(pixelFormat: .i420, width: feed.width, height: feed.height)
        Self.convert(rgba, width: feed.width, height: feed.height, into: buffer.yuvDestination)
        let now = clock.now()
        return try state.withLock { s throws(CameraError) -> CameraFrame in
            guard s.open else { throw .notOpen }
            s.last = seq
            let n = s.sequence
            s.sequence += 1
            s.stats.framesDelivered += 1
            return CameraFrame(sequence: n, presentationTime: now - s.started, captureTime: now, buffer: buffer)
        }
    }

    /// RGBA → I420 (BT.601 studio range; chroma averaged over 2×2).
    static func convert(_ rgba: [UInt8], width w: Int, height h: Int, into d: MutableYUVPlanes) {
        rgba.withUnsafeBufferPointer { p in
            for y in 0..<h {
                for x in 0..<w {
                    let i = (y * w + x) * 4
                    let r = Int(p[i]), g = Int(p[i + 1]), b = Int(p[i + 2])
                    d.y[y * d.yStride + x] = UInt8(clamping: ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16)
                }
            }
            for cy in 0..<((h + 1) / 2) {
                for cx in 0..<((w + 1) / 2) {
                    var (r, g, b, n) = (0, 0, 0, 0)
                    for (dx, dy) in [(0, 0), (1, 0), (0, 1), (1, 1)] where cx * 2 + dx < w && cy * 2 + dy < h {
                        let i = ((cy * 2 + dy) * w + cx * 2 + dx) * 4
                        r += Int(p[i]); g += Int(p[i + 1]); b += Int(p[i + 2]); n += 1
                    }
                    (r, g, b) = (r / n, g / n, b / n)
                    d.u[cy * d.uStride + cx] = UInt8(clamping: ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128)
                    d.v[cy * d.vStride + cx] = UInt8(clamping: ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128)
                }
            }
        }
    }
}
