import Dispatch
import Foundation
import MiniCamera
import MiniCodec
import MiniHost
import MiniImaging
import MiniVideo
import Synchronization

/// `<live-player>`'s live view: what the host's player presents (`LiveScreen`, the latest
/// decoded frame) as JPEGs, 640 px long edge. A timer on its own queue (never the cooperative
/// pool) looks at the page's first mounted `<live-player>` every `interval` and encodes its frame
/// when a new one was presented since; nothing queues (the browser's client keeps the newest).
public final class LivePlayerView: ComponentView, @unchecked Sendable {
    // Timers by session, behind `lock` (DispatchSourceTimer is not Sendable).
    private let lock = NSLock()
    private var timers: [ObjectIdentifier: any DispatchSourceTimer] = [:]
    private let queue = DispatchQueue(label: "minimedia.simulator.live-player", qos: .userInitiated)
    public let longEdge: Int
    public let interval: Duration

    public init(longEdge: Int = 640, interval: Duration = .milliseconds(30)) {
        self.longEdge = max(16, longEdge)
        self.interval = interval
    }

    public func start(session: AppSession, frames: @escaping @Sendable (PreviewImage) -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let shown = Mutex<Int>(-1)
        let longEdge = self.longEdge
        timer.setEventHandler {
            guard let player = (session.components.all(tag: "live-player").first?.component as? LivePlayerComponent)?.player else { return }
            let presented = player.screen.presentedFrames
            guard presented != shown.withLock({ $0 }), let frame = player.screen.frame else { return }
            shown.withLock { $0 = presented }
            if let image = Self.encode(frame, longEdge: longEdge, sequence: presented) { frames(image) }
        }
        let ms = Int(interval.components.seconds * 1000 + interval.components.attoseconds / 1_000_000_000_000_000)
        timer.schedule(deadline: .now(), repeating: .milliseconds(max(5, ms)))
        lock.withLock {
            timers[ObjectIdentifier(session)]?.cancel()
            timers[ObjectIdentifier(session)] = timer
        }
        timer.resume()
    }

    public func stop(session: AppSession) {
        let timer = lock.withLock { timers.removeValue(forKey: ObjectIdentifier(session)) }
        timer?.cancel()
    }

    /// A presented frame (I420) as a JPEG no larger than `longEdge`; nil for a frame whose
    /// planes do not match its size.
    static func encode(_ frame: LiveVideoFrame, longEdge: Int, sequence: Int) -> PreviewImage? {
        let cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2
        let ySize = frame.width * frame.height, cSize = cw * ch
        guard frame.width > 0, frame.height > 0, frame.i420.count >= ySize + 2 * cSize else { return nil }
        let long = min(longEdge, max(frame.width, frame.height))
        let (w, h) = CameraGeometry.fit(width: frame.width, height: frame.height, longEdge: long)
        let jpeg: [UInt8]? = frame.i420.withUnsafeBytes { raw in
            let yuv = YUVFrame.i420(
                y: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[0..<ySize]), stride: frame.width),
                u: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[ySize..<ySize + cSize]), stride: cw),
                v: YUVPlane(bytes: UnsafeRawBufferPointer(rebasing: raw[ySize + cSize..<ySize + 2 * cSize]), stride: cw),
                width: frame.width, height: frame.height)
            guard var pixels = try? PixelBuffer(width: w, height: h), (try? FrameConverter().convert(yuv, into: &pixels)) != nil else { return nil }
            return try? JPEGEncoder(quality: 70).encode(pixels)
        }
        guard let jpeg else { return nil }
        return PreviewImage(jpeg: jpeg, width: w, height: h, sequence: sequence, capturedAtMs: Date().timeIntervalSince1970 * 1000)
    }
}
