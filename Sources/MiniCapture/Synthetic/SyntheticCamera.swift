import MiniCore
import Synchronization

/// The synthetic camera (`synthetic:WxH`): a deterministic moving test card in I420 at a fixed
/// frame rate, different for front and back, optionally showing a barcode overlay.
///
/// Static content is rendered once per session into a template; each frame copies the template
/// into a pooled buffer and draws the counter, time and moving square.
public final class SyntheticCamera: CameraDevice {
    /// Native ("sensor") width used for `.native` resolution requests.
    public let sensorWidth: Int
    /// Native ("sensor") height.
    public let sensorHeight: Int
    /// Frames per second.
    public let frameRate: Int
    /// Clock used in `.paced` mode.
    public let clock: any MediaClock
    public let controls = CameraControls(maxZoom: 10)

    private struct Session {
        var format: FrameFormatDescription
        var renderer: TestCardRenderer
        var template: FrameBuffer
        var pool: FramePool
        var pacing: FramePacing
        var pacer: FramePacer
        var sequence = 0
    }
    private struct State {
        var session: Session?
        var overlay: CodeOverlay?
        var stats = CaptureStatistics()
        var retiredAllocations = 0
    }
    private let state: Mutex<State>

    /// - Parameters:
    ///   - width, height: native size (even, 64...8192); default 1920x1080.
    ///   - frameRate: frames per second (default 30).
    ///   - clock: pacing clock (default the real monotonic clock).
    ///   - overlay: optional barcode drawn centred on every frame.
    public init(width: Int = 1920, height: Int = 1080, frameRate: Int = 30,
                clock: any MediaClock = SystemClock(), overlay: CodeOverlay? = nil) {
        sensorWidth = width
        sensorHeight = height
        self.frameRate = max(1, frameRate)
        self.clock = clock
        state = Mutex(State(overlay: overlay))
    }

    public var specDescription: String {
        CameraDeviceSpec.synthetic(width: sensorWidth, height: sensorHeight, frameRate: frameRate).description
    }

    public var formatDescription: FrameFormatDescription? {
        state.withLock { $0.session?.format }
    }

    public var statistics: CaptureStatistics {
        state.withLock { s in
            var st = s.stats
            st.buffersAllocated = s.retiredAllocations + (s.session?.pool.allocationCount ?? 0)
            st.pacingResets = s.session?.pacer.reanchorCount ?? 0
            return st
        }
    }

    /// The barcode currently drawn on frames.
    public var overlay: CodeOverlay? {
        state.withLock { $0.overlay }
    }

    /// Replaces the barcode overlay (`nil` removes it); takes effect from the next frame.
    public func setOverlay(_ overlay: CodeOverlay?) {
        state.withLock { s in
            s.overlay = overlay
            guard var session = s.session else { return }
            let r = session.renderer
            session.renderer = TestCardRenderer(width: r.width, height: r.height, frameRate: r.frameRate,
                                                position: r.position, overlay: overlay)
            // New template buffer: frames still referencing the old one stay intact.
            let t = FrameBuffer(pixelFormat: .i420, width: r.width, height: r.height)
            session.renderer.renderStatic(into: t)
            session.template = t
            s.session = session
        }
    }

    public func open(_ configuration: CameraConfiguration) throws(CameraError) {
        var w = sensorWidth, h = sensorHeight
        if let d = configuration.resolution.dimensions {
            w = d.width & ~1
            h = d.height & ~1
        }
        guard w >= 64, h >= 64, w <= CameraDeviceSpec.maxSyntheticDimension, h <= CameraDeviceSpec.maxSyntheticDimension else {
            throw .invalidConfiguration("synthetic size \(w)x\(h) out of range 64...\(CameraDeviceSpec.maxSyntheticDimension)")
        }
        controls.setPosition(configuration.position)
        let fps = frameRate
        state.withLock { s in
            let renderer = TestCardRenderer(width: w, height: h, frameRate: fps, position: configuration.position, overlay: s.overlay)
            let template = FrameBuffer(pixelFormat: .i420, width: w, height: h)
            renderer.renderStatic(into: template)
            let format = FrameFormatDescription(width: w, height: h, pixelFormat: .i420, frameRate: Double(fps))
            s.retiredAllocations += s.session?.pool.allocationCount ?? 0
            s.session = Session(format: format, renderer: renderer, template: template,
                                pool: FramePool(pixelFormat: .i420, width: w, height: h),
                                pacing: configuration.pacing,
                                pacer: FramePacer(lateTolerance: format.frameDuration))
        }
    }

    public func close() {
        state.withLock { s in
            s.retiredAllocations += s.session?.pool.allocationCount ?? 0
            s.session = nil
        }
    }

    public func nextFrame() async throws -> CameraFrame {
        try Task.checkCancellation()
        let now = clock.now()
        let (frame, deadline): (CameraFrame, Duration?) = try state.withLock { s throws(CameraError) in
            guard var session = s.session else { throw .notOpen }
            let n = session.sequence
            session.sequence += 1
            let buffer = session.pool.acquire()
            buffer.copyPixels(from: session.template)
            session.renderer.renderDynamic(sequence: n, into: buffer)
            let mediaTime = session.format.frameDuration * n
            let (deadline, captureTime) = session.pacer.schedule(mediaTime: mediaTime, now: now, pacing: session.pacing)
            s.session = session
            s.stats.framesDelivered += 1
            return (CameraFrame(sequence: n, presentationTime: mediaTime, captureTime: captureTime, buffer: buffer), deadline)
        }
        if let deadline { try await clock.sleep(until: deadline) }
        return frame
    }
}
