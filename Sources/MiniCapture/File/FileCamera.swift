import MiniCodec
import MiniCore
import Synchronization

/// A camera backed by a media file (`file:PATH`): any video or still image FFmpeg can decode,
/// converted to I420 at the source size and looped forever. Videos play at the file's own frame
/// rate (timestamps from the container); a still image yields the same frame at 30 fps.
public final class FileCamera: CameraDevice {
    /// The media file.
    public let path: String
    /// Clock used in `.paced` mode.
    public let clock: any MediaClock
    public let controls = CameraControls(maxZoom: 1)

    /// Frame rate used for still images and streams without a declared rate.
    public static let defaultFrameRate = 30.0

    private struct Session: @unchecked Sendable {
        var format: FrameFormatDescription
        var decoder: VideoDecoder?
        var pool: FramePool
        var pending: [(buffer: FrameBuffer, mediaTime: Duration)] = []
        var still: FrameBuffer?
        var pacing: FramePacing
        var pacer: FramePacer
        var sequence = 0
        var firstPts: Int64?
        var loopOffset: Duration = .zero
        var lastMediaTime: Duration?
        var framesThisPass = 0
    }
    private struct State: @unchecked Sendable {
        var session: Session?
        var stats = CaptureStatistics()
        var retiredAllocations = 0
    }
    private let state: Mutex<State>

    /// Creates a file camera; the file is opened by `open(_:)`.
    public init(path: String, clock: any MediaClock = SystemClock()) {
        self.path = path
        self.clock = clock
        state = Mutex(State())
    }

    public var specDescription: String { CameraDeviceSpec.file(path: path).description }

    public var formatDescription: FrameFormatDescription? { state.withLock { $0.session?.format } }

    public var statistics: CaptureStatistics {
        state.withLock { s in
            var st = s.stats
            st.buffersAllocated = s.retiredAllocations + (s.session?.pool.allocationCount ?? 0)
            st.pacingResets = s.session?.pacer.reanchorCount ?? 0
            return st
        }
    }

    /// Whether the open file is a still image (served repeatedly).
    public var isStillImage: Bool { state.withLock { $0.session?.still != nil } }

    /// Opens the file. The resolution request is ignored: frames have the source size.
    public func open(_ configuration: CameraConfiguration) throws(CameraError) {
        close()
        let decoder = try Self.codec { () throws(CodecError) in try VideoDecoder(path: path) }
        let w = decoder.width, h = decoder.height
        let pool = FramePool(pixelFormat: .i420, width: w, height: h)
        // Probe: decode up to two frames to tell a still image from a video.
        let first = pool.acquire()
        guard case .frame(let pts0) = try Self.codec({ () throws(CodecError) in try decoder.decodeNext(into: first.yuvDestination) }) else {
            throw .unsupportedMedia(path: path, reason: "no decodable video frames")
        }
        let second = pool.acquire()
        let probe2 = try Self.codec { () throws(CodecError) in try decoder.decodeNext(into: second.yuvDestination) }
        let fps: Double
        var session: Session
        if case .frame(let pts1) = probe2 {
            fps = decoder.nominalFrameRate ?? Self.defaultFrameRate
            let format = FrameFormatDescription(width: w, height: h, pixelFormat: .i420, frameRate: fps)
            session = Session(format: format, decoder: decoder, pool: pool, pacing: configuration.pacing,
                              pacer: FramePacer(lateTolerance: format.frameDuration))
            let t0 = Self.mediaTime(pts: pts0, decoder: decoder, session: &session)
            let t1 = Self.mediaTime(pts: pts1, decoder: decoder, session: &session)
            session.pending = [(first, t0), (second, t1)]
            session.framesThisPass = 2
        } else {
            fps = Self.defaultFrameRate
            let format = FrameFormatDescription(width: w, height: h, pixelFormat: .i420, frameRate: fps)
            let still = FrameBuffer(pixelFormat: .i420, width: w, height: h)
            still.copyPixels(from: first)
            session = Session(format: format, decoder: nil, pool: pool, still: still, pacing: configuration.pacing,
                              pacer: FramePacer(lateTolerance: format.frameDuration))
            decoder.release()
        }
        controls.setPosition(configuration.position)
        let ready = session
        state.withLock { s in
            s.session = ready
        }
    }

    public func close() {
        state.withLock { s in
            s.retiredAllocations += s.session?.pool.allocationCount ?? 0
            s.session = nil
        }
    }

    /// Media time for a decoded frame: container timestamps, continued across loops and forced
    /// to increase by at least one frame duration.
    private static func mediaTime(pts: Int64?, decoder: VideoDecoder, session: inout Session) -> Duration {
        let fd = session.format.frameDuration
        var t: Duration
        if let pts {
            if session.firstPts == nil { session.firstPts = pts }
            t = session.loopOffset + decoder.duration(ofTicks: pts - session.firstPts!)
        } else {
            t = (session.lastMediaTime.map { $0 + fd }) ?? session.loopOffset
        }
        if let last = session.lastMediaTime, t <= last { t = last + fd }
        session.lastMediaTime = t
        return t
    }

    public func nextFrame() async throws -> CameraFrame {
        try Task.checkCancellation()
        let now = clock.now()
        let (frame, deadline): (CameraFrame, Duration?) = try state.withLock { s throws(CameraError) in
            guard var session = s.session else { throw .notOpen }
            let buffer: FrameBuffer
            let mediaTime: Duration
            if let still = session.still {
                buffer = session.pool.acquire()
                buffer.copyPixels(from: still)
                mediaTime = session.format.frameDuration * session.sequence
            } else if !session.pending.isEmpty {
                let p = session.pending.removeFirst()
                buffer = p.buffer
                mediaTime = p.mediaTime
            } else {
                guard let decoder = session.decoder else { throw .notOpen }
                buffer = session.pool.acquire()
                var outcome = try Self.codec { () throws(CodecError) in try decoder.decodeNext(into: buffer.yuvDestination) }
                if case .endOfStream = outcome {
                    guard session.framesThisPass > 0 else {
                        throw .unsupportedMedia(path: path, reason: "no decodable frames after rewinding")
                    }
                    try Self.codec { () throws(CodecError) in try decoder.rewind() }
                    s.stats.loops += 1
                    session.loopOffset = (session.lastMediaTime ?? .zero) + session.format.frameDuration
                    session.framesThisPass = 0
                    outcome = try Self.codec { () throws(CodecError) in try decoder.decodeNext(into: buffer.yuvDestination) }
                }
                guard case .frame(let pts) = outcome else {
                    throw .unsupportedMedia(path: path, reason: "no frames after rewinding")
                }
                session.framesThisPass += 1
                // Rebase so the new pass starts right after the previous one.
                if session.framesThisPass == 1, let pts, session.firstPts != nil, s.stats.loops > 0 {
                    session.loopOffset = session.loopOffset - decoder.duration(ofTicks: pts - session.firstPts!)
                }
                mediaTime = Self.mediaTime(pts: pts, decoder: decoder, session: &session)
            }
            let n = session.sequence
            session.sequence += 1
            let (deadline, captureTime) = session.pacer.schedule(mediaTime: mediaTime, now: now, pacing: session.pacing)
            s.session = session
            s.stats.framesDelivered += 1
            return (CameraFrame(sequence: n, presentationTime: mediaTime, captureTime: captureTime, buffer: buffer), deadline)
        }
        if let deadline { try await clock.sleep(until: deadline) }
        return frame
    }

    /// Runs a MiniCodec call, mapping its errors to the camera's.
    static func codec<T>(_ body: () throws(CodecError) -> T) throws(CameraError) -> T {
        do {
            return try body()
        } catch {
            throw CameraError(error)
        }
    }
}

extension CameraError {
    /// The camera error for a codec error (a missing file stays `fileNotFound`).
    init(_ error: CodecError) {
        switch error {
        case .fileNotFound(let p): self = .fileNotFound(p)
        case .unreadable(let p, let r), .output(let p, let r): self = .unsupportedMedia(path: p, reason: r)
        case .noStream(let p, let k): self = .unsupportedMedia(path: p, reason: "no \(k) stream")
        case .encoder(let r), .invalidArgument(let r): self = .unsupportedMedia(path: "", reason: r)
        }
    }
}

extension FrameBuffer {
    /// The buffer's I420 planes as a MiniCodec destination.
    public var yuvDestination: MutableYUVPlanes {
        precondition(pixelFormat == .i420, "MiniCodec writes I420")
        let p = planes
        return MutableYUVPlanes(
            width: width, height: height, y: p[0].mutableBaseAddress.assumingMemoryBound(to: UInt8.self), yStride: p[0].bytesPerRow,
            u: p[1].mutableBaseAddress.assumingMemoryBound(to: UInt8.self), uStride: p[1].bytesPerRow,
            v: p[2].mutableBaseAddress.assumingMemoryBound(to: UInt8.self), vStride: p[2].bytesPerRow)
    }

    /// The buffer's I420 planes, read-only (for encoders).
    public var yuvPlanes: YUVPlanes { yuvDestination.readOnly }
}
