import Dispatch
import Foundation
import MiniCamera
import MiniCodec
import MiniHost
import MiniImaging
import MiniVideo
import Synchronization

/// The live view of a player component: what the host's player shows (`<live-player>`'s
/// `LiveScreen`, `<video>`'s `VideoScreen`: the latest decoded I420 frame) as JPEGs, 640 px long
/// edge. A timer on its own queue (never the cooperative pool) looks at the page's first mounted
/// component of the tag every `interval` and encodes its frame when a new one was shown since;
/// nothing queues (the browser's client keeps the newest).
public final class PlayerScreenView: ComponentView, @unchecked Sendable {
    /// What a player shows now: frames shown so far and the frame on screen (width, height, I420).
    public typealias Reading = (shown: Int, frame: (width: Int, height: Int, i420: [UInt8])?)

    /// `<live-player>`'s screen.
    public static func livePlayer() -> PlayerScreenView {
        PlayerScreenView(tag: "live-player") { session in
            guard let player = (session.components.all(tag: "live-player").first?.component as? LivePlayerComponent)?.player else { return nil }
            return (player.screen.presentedFrames, player.screen.frame.map { ($0.width, $0.height, $0.i420) })
        }
    }

    /// `<video>`'s screen.
    public static func video() -> PlayerScreenView {
        PlayerScreenView(tag: "video") { session in
            guard let screen = (session.components.all(tag: "video").first?.component as? VideoComponent)?.controller.player.screen else { return nil }
            return (screen.framesShown, screen.latest.map { ($0.width, $0.height, $0.pixels) })
        }
    }

    public let tag: String
    private let read: @Sendable (AppSession) -> Reading?
    // Timers by session, behind `lock` (DispatchSourceTimer is not Sendable).
    private let lock = NSLock()
    private var timers: [ObjectIdentifier: any DispatchSourceTimer] = [:]
    private let queue = DispatchQueue(label: "minimedia.simulator.live-player", qos: .userInitiated)
    public let longEdge: Int
    public let interval: Duration

    public init(tag: String, longEdge: Int = 640, interval: Duration = .milliseconds(30), read: @escaping @Sendable (AppSession) -> Reading?) {
        self.tag = tag
        self.read = read
        self.longEdge = max(16, longEdge)
        self.interval = interval
    }

    public func start(session: AppSession, frames: @escaping @Sendable (PreviewImage) -> Void) {
        let timer = DispatchSource.makeTimerSource(queue: queue)
        let shown = Mutex<Int>(-1)
        let longEdge = self.longEdge
        let read = self.read
        timer.setEventHandler {
            guard let now = read(session), now.shown != shown.withLock({ $0 }), let frame = now.frame else { return }
            shown.withLock { $0 = now.shown }
            if let image = Self.encode(width: frame.width, height: frame.height, i420: frame.i420, longEdge: longEdge, sequence: now.shown) { frames(image) }
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
    static func encode(width: Int, height: Int, i420: [UInt8], longEdge: Int, sequence: Int) -> PreviewImage? {
        let frame = (width: width, height: height)
        let cw = (frame.width + 1) / 2, ch = (frame.height + 1) / 2
        let ySize = frame.width * frame.height, cSize = cw * ch
        guard frame.width > 0, frame.height > 0, i420.count >= ySize + 2 * cSize else { return nil }
        let long = min(longEdge, max(frame.width, frame.height))
        let (w, h) = CameraGeometry.fit(width: frame.width, height: frame.height, longEdge: long)
        let jpeg: [UInt8]? = i420.withUnsafeBytes { raw in
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
