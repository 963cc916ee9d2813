import MiniBarcode
import Foundation
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniImaging
import Synchronization

/// The state of one `<camera>` on a page: its device, settings, zoom, frame listener and scanner.
///
/// Opening, re-opening (device-position) and closing run in order on an `OperationChain`;
/// CameraContext calls wait for them (`readyDevice()`), so a `takePhoto` right after mount waits
/// for the permission prompt and the first open. One "pump" task pulls device frames while
/// someone needs them (a frame listener, or `mode="scanCode"`), converts each frame once and
/// hands it on.
public final class CameraController: Sendable {
    /// Where the camera's state stands.
    public enum Phase: Sendable, Equatable {
        case starting, ready, failed(MediaError), stopped
    }

    /// Counters for tests and benches.
    public struct Statistics: Sendable {
        /// Device frames the pump pulled.
        public var framesPulled = 0
        /// Frames converted to RGBA for JS.
        public var framesConverted = 0
        /// RGBA buffers allocated (pool misses), over all frame sizes.
        public var rgbaAllocations = 0
        /// Frames scanned for codes.
        public var framesScanned = 0
    }

    public let environment: CameraEnvironment
    public let session: AppSession
    private let emit: @Sendable (String, HostValue) -> Void
    private let ops = OperationChain()
    /// startRecord and stopRecord, in call order (a stop right after a start waits for it).
    public let recordingCalls = OperationChain()

    struct State {
        var settings: CameraSettings
        var phase: Phase = .starting
        /// `pageHidden` stopped the camera (so `pageShown` re-opens it).
        var hiddenByPage = false
        var device: (any CameraDevice)?
        var zoom = 1.0
        var openedPosition: MiniCapture.CameraPosition?
        var maxZoom = 1.0
        var mailbox: FrameMailbox?
        var mailboxOwner: UInt64?
        var framesKeepAlive: KeepAlive?
        var scanKeepAlive: KeepAlive?
        var pump: Task<Void, Never>?
        var pumpGeneration = 0
        var dedupe = ScanDeduplicator(absenceFrames: 15)
        /// The first code was reported (or the scan budget ran out): scanning no longer keeps
        /// the event loop alive.
        var scanSettled = false
        var stats = Statistics()
        var retiredAllocations = 0
        var pool: RGBABufferPool?
        /// The recording in progress (a consumer of the pump beside the mailbox and scanner).
        var recording: CameraRecording?
        /// A startRecord between its checks and its first frame.
        var recordingStarting = false
        var recordingTimeout: Task<Void, Never>?
        /// The newest frame the pump pulled (takePhoto's zero shutter lag).
        var latest: CameraFrame?
    }
    let state: Mutex<State>

    /// - Parameter emit: fires a component event (`initdone`, `stop`, `error`, `scancode`).
    public init(
        environment: CameraEnvironment, session: AppSession, settings: CameraSettings,
        emit: @escaping @Sendable (String, HostValue) -> Void
    ) {
        self.environment = environment
        self.session = session
        self.emit = emit
        state = Mutex(State(settings: settings))
    }

    public var phase: Phase { state.withLock { $0.phase } }
    public var settings: CameraSettings { state.withLock { $0.settings } }
    public var zoom: Double { state.withLock { $0.zoom } }
    public var statistics: Statistics {
        state.withLock { s in
            var st = s.stats
            st.rgbaAllocations = s.retiredAllocations + (s.pool?.allocations ?? 0)
            return st
        }
    }
    /// The open device (nil before the first open and after close).
    public var device: (any CameraDevice)? { state.withLock { $0.device } }
    /// The current frame listener's mailbox (tests).
    public var mailbox: FrameMailbox? { state.withLock { $0.mailbox } }

    /// Digital zoom limit when a device reports none (file and V4L2 cameras): MiniMedia choice.
    public static let defaultDigitalMaxZoom = 4.0

    /// The zoom range of `device`: its own `maxZoom`, or `defaultDigitalMaxZoom` when that is 1
    /// (zoom is a centre crop, so any device can zoom).
    public static func maxZoom(of device: any CameraDevice) -> Double {
        let m = device.controls.maxZoom
        return m > 1 ? m : defaultDigitalMaxZoom
    }

    // MARK: Lifecycle (component)

    /// Asks for `scope.camera` (before any frame is captured), opens the device and fires
    /// `initdone`; fires `error` when the user refuses or the device cannot open.
    public func start() {
        let alive = session.events.pendingWork("camera starting")
        ops.enqueue { [self] in
            defer { alive.end() }
            do {
                try await session.permissions.requireCamera()
            } catch {
                fail(MediaError.wrap(error))
                return
            }
            guard state.withLock({ $0.phase == .starting }) else { return }
            // A crashed run's recordings become playable files at the next start.
            recoverOrphans(in: recordingsDirectory)
            openAndAnnounce()
        }
    }

    /// Attribute changes after `setData`. `mode` and `resolution` are read at init only;
    /// a new `device-position` re-opens the device (`stop`, then `initdone`).
    public func update(_ changed: [String: HostValue]) {
        let (old, new, warnings) = state.withLock { s -> (CameraSettings, CameraSettings, [String]) in
            let old = s.settings
            let warnings = s.settings.apply(changed, dialect: session.dialect, initial: false)
            return (old, s.settings, warnings)
        }
        warnings.forEach(session.events.warn)
        if old.flash != new.flash { device?.controls.setFlashMode(new.flash) }
        guard old.position != new.position else { return }
        let alive = session.events.pendingWork("camera switching")
        ops.enqueue { [self] in
            defer { alive.end() }
            // Skipped when the first open already used the new position.
            guard state.withLock({ $0.phase == .ready && $0.openedPosition != $0.settings.position }) else { return }
            await endRecording()
            await stopPump()
            state.withLock { s in s.device?.close() }
            emit("stop", .object([:]))
            openAndAnnounce()
        }
    }

    /// Opens the device, fires `initdone` and starts delivering frames; fires `error` on failure.
    private func openAndAnnounce() {
        do {
            try open()
        } catch {
            fail(MediaError.camera(error))
            return
        }
        emitInitDone()
        ensurePump()
    }

    /// The page hid: capture stops and `stop` fires (at once, so the page hears it before it
    /// unloads).
    public func pageHidden() {
        let wasReady = state.withLock { s -> Bool in
            defer {
                if s.phase == .ready || s.phase == .starting {
                    s.phase = .stopped
                    s.hiddenByPage = true
                }
            }
            return s.phase == .ready
        }
        if wasReady { emit("stop", .object([:])) }
        // A recording cut short is finished and reported before the run may end.
        let finishing = isRecording ? session.events.pendingWork("recording finishing") : nil
        ops.enqueue { [self] in
            await shutDown()
            finishing?.end()
        }
    }

    /// The page showed again after `pageHidden`: the camera starts over (permission, open,
    /// `initdone`), as WeChat's camera re-opens when the user comes back to the page. Does
    /// nothing unless `pageHidden` stopped it.
    public func pageShown() {
        let alive = session.events.pendingWork("camera starting")
        // In order after the `pageHidden` shutdown: the phase changes only once it ran.
        ops.enqueue { [self] in
            defer { alive.end() }
            let resume = state.withLock { s -> Bool in
                guard s.phase == .stopped, s.hiddenByPage else { return false }
                s.hiddenByPage = false
                s.phase = .starting
                return true
            }
            guard resume else { return }
            do {
                try await session.permissions.requireCamera()
            } catch {
                fail(MediaError.wrap(error))
                return
            }
            guard state.withLock({ $0.phase == .starting }) else { return }
            openAndAnnounce()
        }
    }

    /// The page unloaded: release everything, no event. The run's last settle waits until the
    /// device is closed.
    public func unmount() {
        state.withLock { s in
            if s.phase == .ready || s.phase == .starting { s.phase = .stopped }
            s.hiddenByPage = false
        }
        let closing = session.events.pendingWork("camera closing")
        ops.enqueue { [self] in
            await shutDown()
            closing.end()
        }
    }

    private func shutDown() async {
        await endRecording()
        state.withLock { s in
            s.mailbox?.stop()
            s.mailbox = nil
            s.framesKeepAlive?.end()
            s.framesKeepAlive = nil
            s.scanKeepAlive?.end()
            s.scanKeepAlive = nil
        }
        await stopPump()
        state.withLock { s in
            s.latest = nil
            s.device?.close()
            if s.phase == .ready || s.phase == .starting { s.phase = .stopped }
        }
    }

    private func open() throws {
        let (settings, existing) = state.withLock { ($0.settings, $0.device) }
        let device = existing ?? environment.makeDevice(clock: session.clock)
        try device.open(CameraConfiguration(position: settings.position, resolution: .native, pacing: environment.pacing))
        device.controls.setFlashMode(settings.flash)
        let maxZoom = CameraController.maxZoom(of: device)
        state.withLock { s in
            s.device = device
            s.openedPosition = settings.position
            s.maxZoom = maxZoom
            s.zoom = min(s.zoom, maxZoom)
            s.phase = .ready
            s.dedupe.reset()
        }
        device.controls.setZoom(zoom)
    }

    private func fail(_ error: MediaError) {
        let alive = state.withLock { s -> [KeepAlive?] in
            s.phase = .failed(error)
            s.mailbox?.stop()
            s.mailbox = nil
            defer { (s.framesKeepAlive, s.scanKeepAlive) = (nil, nil) }
            return [s.framesKeepAlive, s.scanKeepAlive]
        }
        alive.forEach { $0?.end() }
        emit("error", session.failure(api: "insertCamera", error: error))
    }

    private func emitInitDone() {
        let (maxZoom, position) = state.withLock { ($0.maxZoom, $0.settings.position) }
        var detail = HostObjectValue(["maxZoom": .number(maxZoom)])
        if session.dialect == .tt { detail["devicePosition"] = .string(position.rawValue) }
        emit("initdone", .object(detail))
    }

    // MARK: CameraContext

    /// Waits for pending opens and returns the open device, or throws why there is none.
    public func readyDevice() async throws -> any CameraDevice {
        await ops.drain()
        return try state.withLock { s throws(MediaError) -> any CameraDevice in
            switch s.phase {
            case .ready:
                guard let d = s.device else { throw MediaError.internalError("camera is not open") }
                return d
            case .failed(let e): throw e
            case .starting: throw MediaError.internalError("camera is not ready")
            case .stopped: throw MediaError.internalError("camera has stopped")
            }
        }
    }

    /// `setZoom`: one decimal, clamped to `[1, maxZoom]`; returns the zoom set. Synchronous (in
    /// call order): before the first open completes it is kept and applied at open.
    public func setZoom(_ requested: Double) throws -> Double {
        try checkUsable()
        let device = state.withLock { $0.device } ?? environment.makeDevice(clock: session.clock)
        let z = state.withLock { s -> Double in
            if s.device == nil { s.device = device }
            s.maxZoom = CameraController.maxZoom(of: device)
            s.zoom = CameraGeometry.zoom(requested, maxZoom: s.maxZoom)
            return s.zoom
        }
        device.controls.setZoom(z)
        return z
    }

    /// Throws why the camera cannot be used (denied, failed, stopped); starting is fine.
    func checkUsable() throws {
        try state.withLock { s throws(MediaError) in
            switch s.phase {
            case .ready, .starting: return
            case .failed(let e): throw e
            case .stopped: throw MediaError.internalError("camera has stopped")
            }
        }
    }

    /// `takePhoto`: the next device frame as a JPEG temp file.
    public func takePhoto(quality: PhotoQuality, selfieMirror: Bool) async throws -> (path: String, width: Int, height: Int) {
        let device = try await readyDevice()
        let frame: CameraFrame
        if let fresh = freshFrame(device) {
            frame = fresh
        } else {
            do { frame = try await device.nextFrame() } catch { throw MediaError.camera(error) }
        }
        let (settings, zoom) = state.withLock { ($0.settings, $0.zoom) }
        let request = PhotoRequest(
            quality: quality, resolution: settings.resolution, mirror: selfieMirror && settings.position == .front,
            zoom: zoom, model: device.specDescription, dateTime: PhotoEncoder.exifDate(session.clock.wallTime()))
        let photo = try PhotoEncoder.encode(frame, request)
        let path = try session.files.createTempFile(ext: "jpg", bytes: photo.jpeg)
        return (path, photo.width, photo.height)
    }

    /// The newest pumped frame if it is at most one frame period old (zero shutter lag).
    private func freshFrame(_ device: any CameraDevice) -> CameraFrame? {
        guard let period = device.formatDescription?.frameDuration else { return nil }
        let now = session.clock.now()
        return state.withLock { s -> CameraFrame? in
            guard let f = s.latest, now - f.captureTime <= period else { return nil }
            return f
        }
    }

    /// `CameraFrameListener.start`: frames go to `callback` until `stopFrames`. A new listener
    /// replaces the previous one. Synchronous (in call order): while the camera is still
    /// starting, frames begin once it is open.
    public func startFrames(owner: UInt64, callback: FunctionRef) throws {
        try checkUsable()
        let alive = session.events.keepAlive("camera frames")
        let mailbox = FrameMailbox(sink: session.events, callback: callback)
        let old = state.withLock { s -> KeepAlive? in
            s.mailbox?.stop()
            s.mailbox = mailbox
            s.mailboxOwner = owner
            defer { s.framesKeepAlive = alive }
            return s.framesKeepAlive
        }
        old?.end()
        ensurePump()
    }

    /// `CameraFrameListener.stop`: no more frames to this listener.
    public func stopFrames(owner: UInt64) {
        let alive = state.withLock { s -> KeepAlive? in
            guard s.mailboxOwner == owner else { return nil }
            s.mailbox?.stop()
            s.mailbox = nil
            s.mailboxOwner = nil
            defer { s.framesKeepAlive = nil }
            return s.framesKeepAlive
        }
        alive?.end()
    }

    // MARK: The pump

    func ensurePump() {
        state.withLock { s in
            let scanning = s.settings.mode == .scanCode
            let previewing = CameraHub.of(session).preview != nil
            guard s.phase == .ready, let device = s.device, s.mailbox != nil || scanning || s.recording != nil || previewing else { return }
            if scanning && !s.scanSettled && s.scanKeepAlive == nil {
                s.scanKeepAlive = session.events.keepAlive("camera scanning")
            }
            guard s.pump == nil else { return }
            s.pumpGeneration += 1
            let generation = s.pumpGeneration
            s.pump = Task.detached(priority: .userInitiated) { [self] in await pump(device, generation) }
        }
    }

    private func stopPump() async {
        let task = state.withLock { s -> Task<Void, Never>? in
            s.pumpGeneration += 1
            defer { s.pump = nil }
            return s.pump
        }
        task?.cancel()
        await task?.value
    }

    private func pump(_ device: any CameraDevice, _ generation: Int) async {
        let converter = FrameConverter()
        let scanner = BarcodeScanner(options: .camera)
        while true {
            let preview = CameraHub.of(session).preview
            let work = state.withLock { s -> (FrameMailbox?, Bool, CameraFrameSize, Double)? in
                let scanning = s.settings.mode == .scanCode
                guard s.pumpGeneration == generation, !Task.isCancelled, s.phase == .ready,
                    s.mailbox != nil || scanning || s.recording != nil || preview != nil
                else {
                    if s.pumpGeneration == generation { s.pump = nil }
                    s.latest = nil
                    return nil
                }
                return (s.mailbox, scanning, s.settings.frameSize, s.zoom)
            }
            guard let (mailbox, scanning, frameSize, zoom) = work else { return }
            if let mailbox, environment.pacing == .unpaced, !scanning, mailbox.isFull { await mailbox.waitForRoom() }
            // A device that never waits (unpaced, test clocks) must not hold a pool thread.
            await Task.yield()
            let frame: CameraFrame
            do {
                frame = try await device.nextFrame()
            } catch {
                deviceLost(error, generation)
                return
            }
            // One capture, several consumers: the recorder and scanner read the frame itself (no
            // copy), the listener gets one RGBA conversion, takePhoto may take it as the newest.
            let recording = state.withLock { s -> CameraRecording? in
                s.stats.framesPulled += 1
                s.latest = frame
                return s.recording
            }
            let crop = CameraGeometry.zoomCrop(width: frame.width, height: frame.height, zoom: zoom)
            recording?.offer(frame, crop: crop)
            preview?.offer(frame, crop: crop)
            if scanning { scan(frame, crop: crop, scanner: scanner) }
            if let mailbox {
                do { try deliver(frame, crop: crop, size: frameSize, to: mailbox, converter: converter) } catch {
                    deviceLost(error, generation)
                    return
                }
            }
        }
    }

    private func deliver(
        _ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int), size: CameraFrameSize,
        to mailbox: FrameMailbox, converter: FrameConverter
    ) throws {
        let (w, h) = CameraGeometry.fit(width: crop.width, height: crop.height, longEdge: size.longEdge)
        let pool = state.withLock { s -> RGBABufferPool in
            if let p = s.pool, p.byteCount == w * h * 4 { return p }
            s.retiredAllocations += s.pool?.allocations ?? 0
            let p = RGBABufferPool(byteCount: w * h * 4)
            s.pool = p
            return p
        }
        let buffer = pool.acquire()
        try converter.convert(
            try frame.yuv(crop: crop), into: UnsafeMutableRawBufferPointer(start: buffer.baseAddress, count: buffer.count),
            bytesPerRow: w * 4, width: w, height: h)
        state.withLock { $0.stats.framesConverted += 1 }
        mailbox.offer(.object(["width": .number(Double(w)), "height": .number(Double(h)), "data": .bytes(buffer)]))
    }

    private func scan(_ frame: CameraFrame, crop: (x: Int, y: Int, width: Int, height: Int), scanner: BarcodeScanner) {
        guard let (base, stride, step) = frame.luma(crop: crop) else { return }
        let results = (try? scanner.scan(luminance: base, width: crop.width, height: crop.height, bytesPerRow: stride, pixelStride: step)) ?? []
        let (fresh, release) = state.withLock { s -> ([ScanResult], KeepAlive?) in
            s.stats.framesScanned += 1
            let fresh = s.dedupe.filter(results, at: frame.captureTime)
            // The loop stays alive for the first code (or the scan budget), not forever.
            guard !fresh.isEmpty || s.stats.framesScanned >= environment.scanFrameBudget else { return (fresh, nil) }
            s.scanSettled = true
            defer { s.scanKeepAlive = nil }
            return (fresh, s.scanKeepAlive)
        }
        for r in fresh {
            emit(
                "scancode",
                .object([
                    "type": .string(r.type.wechatName), "result": .string(r.result), "charSet": .string(r.charSet),
                    "rawData": .string(r.rawDataBase64),
                ]))
        }
        release?.end()
    }

    private func deviceLost(_ error: any Error, _ generation: Int) {
        let lost = state.withLock { s -> Bool in
            guard s.pumpGeneration == generation else { return false }
            s.pump = nil
            guard !(error is CancellationError), s.phase == .ready else { return false }
            s.phase = .failed(MediaError.camera(error))
            s.mailbox?.stop()
            s.mailbox = nil
            s.framesKeepAlive?.end()
            s.framesKeepAlive = nil
            s.scanKeepAlive?.end()
            s.scanKeepAlive = nil
            return true
        }
        if lost {
            emit("stop", .object(["errMsg": .string("camera stopped: \(MediaError.camera(error).message)")]))
            let finishing = session.events.pendingWork("recording finishing")
            Task { [self] in
                await endRecording()
                finishing.end()
            }
        }
    }
}
