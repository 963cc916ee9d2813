import CV4L2
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A Video4Linux2 capture device (`v4l2:/dev/video0`) using memory-mapped streaming I/O:
/// QUERYCAP → S_FMT (YUYV, else NV12) → G_PARM → REQBUFS → QUERYBUF/mmap → QBUF → STREAMON,
/// then DQBUF/copy/QBUF per frame, STREAMOFF/munmap/REQBUFS(0)/close on `close()`.
///
/// Frames are delivered in the driver's format (YUYV or NV12) and are paced by the hardware;
/// the `pacing` option is ignored. With a blocking interface `nextFrame()` blocks its thread
/// inside DQBUF until the driver has a frame.
public final class V4L2Camera: CameraDevice {
    /// Device node path.
    public let path: String
    /// System interface (real or fake).
    public let interface: any V4L2Interface
    /// Number of driver buffers requested.
    public let requestedBufferCount: Int
    public let controls = CameraControls(maxZoom: 1)

    private struct Mapping {
        var address: UnsafeMutableRawPointer
        var length: Int
    }
    private struct Session: @unchecked Sendable {
        var fd: Int32
        var format: FrameFormatDescription
        var bytesPerLine: Int
        var mappings: [Mapping]
        var pool: FramePool
        var sequence = 0
        var firstTimestamp: Duration?
    }
    private struct State: @unchecked Sendable {
        var session: Session?
        var stats = CaptureStatistics()
        var retiredAllocations = 0
    }
    private let state: Mutex<State>

    /// - Parameters:
    ///   - path: device node, e.g. `/dev/video0`.
    ///   - interface: system calls (default: the real kernel interface).
    ///   - bufferCount: driver buffers to request (2...32).
    public init(path: String, interface: any V4L2Interface = GlibcV4L2(), bufferCount: Int = 4) {
        self.path = path
        self.interface = interface
        requestedBufferCount = min(32, max(2, bufferCount))
        state = Mutex(State())
    }

    public var specDescription: String { CameraDeviceSpec.v4l2(path: path).description }

    public var formatDescription: FrameFormatDescription? { state.withLock { $0.session?.format } }

    public var statistics: CaptureStatistics {
        state.withLock { s in
            var st = s.stats
            st.buffersAllocated = s.retiredAllocations + (s.session?.pool.allocationCount ?? 0)
            return st
        }
    }

    private func check(_ fd: Int32, _ request: UInt, _ arg: UnsafeMutableRawPointer) throws(CameraError) {
        let e = interface.ioctl(fd, request, arg)
        if e != 0 { throw .deviceFailure(operation: "\(V4L2Request.name(request)) on \(path)", errno: e) }
    }

    private func ioctl<T>(_ fd: Int32, _ request: UInt, _ value: inout T) throws(CameraError) {
        let e = withUnsafeMutableBytes(of: &value) { interface.ioctl(fd, request, $0.baseAddress!) }
        if e != 0 { throw .deviceFailure(operation: "\(V4L2Request.name(request)) on \(path)", errno: e) }
    }

    public func open(_ configuration: CameraConfiguration) throws(CameraError) {
        close()
        let fd = interface.open(path)
        guard fd >= 0 else { throw .deviceFailure(operation: "open \(path)", errno: -fd) }
        var mappings: [Mapping] = []
        do {
            let session = try configure(fd: fd, configuration: configuration, mappings: &mappings)
            controls.setPosition(configuration.position)
            state.withLock { $0.session = session }
        } catch {
            for m in mappings { interface.munmap(m.address, length: m.length) }
            interface.close(fd)
            throw error
        }
    }

    private func configure(fd: Int32, configuration: CameraConfiguration, mappings: inout [Mapping]) throws(CameraError) -> Session {
        // Capabilities
        var cap = v4l2_capability()
        try ioctl(fd, V4L2Request.querycap, &cap)
        let caps = cap.capabilities & UInt32(V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities
        guard caps & UInt32(V4L2_CAP_VIDEO_CAPTURE) != 0 else { throw .notACaptureDevice("\(path) has no video capture capability") }
        guard caps & UInt32(V4L2_CAP_STREAMING) != 0 else { throw .notACaptureDevice("\(path) does not support streaming I/O") }

        // Format: YUYV preferred, NV12 accepted.
        let (rw, rh) = configuration.resolution.dimensions ?? (1280, 720)
        var chosen: (PixelFormat, v4l2_format)? = nil
        var offered: UInt32 = 0
        for (fourcc, pf) in [(V4L2PixelFormat.yuyv, PixelFormat.yuyv), (V4L2PixelFormat.nv12, PixelFormat.nv12)] {
            var fmt = v4l2_format()
            fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            fmt.fmt.pix.width = UInt32(max(1, rw))
            fmt.fmt.pix.height = UInt32(max(1, rh))
            fmt.fmt.pix.pixelformat = fourcc
            fmt.fmt.pix.field = V4L2_FIELD_NONE.rawValue
            try ioctl(fd, V4L2Request.sFmt, &fmt)
            offered = fmt.fmt.pix.pixelformat
            if fmt.fmt.pix.pixelformat == fourcc {
                chosen = (pf, fmt)
                break
            }
        }
        guard let (pixelFormat, fmt) = chosen else {
            throw .unsupportedPixelFormat("\(path) offers \(V4L2PixelFormat.fourCC(offered)), need YUYV or NV12")
        }
        let width = Int(fmt.fmt.pix.width), height = Int(fmt.fmt.pix.height)
        guard width > 0, height > 0 else { throw .invalidConfiguration("driver returned size \(width)x\(height)") }
        let minLine = pixelFormat == .yuyv ? width * 2 : width
        let bytesPerLine = max(Int(fmt.fmt.pix.bytesperline), minLine)

        // Frame rate (optional)
        var fps = 30.0
        var parm = v4l2_streamparm()
        parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        if withUnsafeMutableBytes(of: &parm, { interface.ioctl(fd, V4L2Request.gParm, $0.baseAddress!) }) == 0 {
            let tpf = parm.parm.capture.timeperframe
            if tpf.numerator > 0 && tpf.denominator > 0 { fps = Double(tpf.denominator) / Double(tpf.numerator) }
        }

        // Buffers
        var req = v4l2_requestbuffers()
        req.count = UInt32(requestedBufferCount)
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        req.memory = V4L2_MEMORY_MMAP.rawValue
        try ioctl(fd, V4L2Request.reqbufs, &req)
        guard req.count >= 1 else { throw .deviceFailure(operation: "VIDIOC_REQBUFS on \(path) granted no buffers", errno: ENOMEM) }
        for i in 0..<req.count {
            var buf = v4l2_buffer()
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buf.memory = V4L2_MEMORY_MMAP.rawValue
            buf.index = i
            try ioctl(fd, V4L2Request.querybuf, &buf)
            guard let p = interface.mmap(fd, length: Int(buf.length), offset: Int(buf.m.offset)) else {
                throw .deviceFailure(operation: "mmap buffer \(i) of \(path)", errno: errno)
            }
            mappings.append(Mapping(address: p, length: Int(buf.length)))
        }
        for i in 0..<req.count {
            var buf = v4l2_buffer()
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buf.memory = V4L2_MEMORY_MMAP.rawValue
            buf.index = i
            try ioctl(fd, V4L2Request.qbuf, &buf)
        }
        var type = Int32(bitPattern: V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        try ioctl(fd, V4L2Request.streamon, &type)

        let format = FrameFormatDescription(width: width, height: height, pixelFormat: pixelFormat, frameRate: fps)
        return Session(fd: fd, format: format, bytesPerLine: bytesPerLine, mappings: mappings,
                       pool: FramePool(pixelFormat: pixelFormat, width: width, height: height))
    }

    public func close() {
        let session: Session? = state.withLock { s in
            let old = s.session
            s.retiredAllocations += old?.pool.allocationCount ?? 0
            s.session = nil
            return old
        }
        guard let session else { return }
        let fd = session.fd
        var type = Int32(bitPattern: V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue)
        _ = withUnsafeMutableBytes(of: &type) { interface.ioctl(fd, V4L2Request.streamoff, $0.baseAddress!) }
        for m in session.mappings { interface.munmap(m.address, length: m.length) }
        var req = v4l2_requestbuffers()
        req.count = 0
        req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
        req.memory = V4L2_MEMORY_MMAP.rawValue
        _ = withUnsafeMutableBytes(of: &req) { interface.ioctl(fd, V4L2Request.reqbufs, $0.baseAddress!) }
        interface.close(fd)
    }

    public func nextFrame() async throws -> CameraFrame {
        try Task.checkCancellation()
        return try state.withLock { s throws(CameraError) in
            guard var session = s.session else { throw .notOpen }
            var buf = v4l2_buffer()
            buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            buf.memory = V4L2_MEMORY_MMAP.rawValue
            try ioctl(session.fd, V4L2Request.dqbuf, &buf)
            let index = Int(buf.index)
            guard index < session.mappings.count else {
                throw .deviceFailure(operation: "VIDIOC_DQBUF returned bad index \(index)", errno: EINVAL)
            }
            let out = session.pool.acquire()
            Self.copy(from: session.mappings[index], bytesUsed: Int(buf.bytesused), bytesPerLine: session.bytesPerLine, into: out)
            // Give the buffer back to the driver before returning.
            var again = v4l2_buffer()
            again.type = V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue
            again.memory = V4L2_MEMORY_MMAP.rawValue
            again.index = buf.index
            try ioctl(session.fd, V4L2Request.qbuf, &again)

            let ts = Duration.seconds(Int64(buf.timestamp.tv_sec)) + .microseconds(Int64(buf.timestamp.tv_usec))
            if session.firstTimestamp == nil { session.firstTimestamp = ts }
            let n = session.sequence
            session.sequence += 1
            s.session = session
            s.stats.framesDelivered += 1
            return CameraFrame(sequence: n, presentationTime: ts - session.firstTimestamp!, captureTime: ts, buffer: out)
        }
    }

    /// Copies a driver buffer (rows of `bytesPerLine`) into a tightly packed pool buffer.
    private static func copy(from m: Mapping, bytesUsed: Int, bytesPerLine: Int, into out: FrameBuffer) {
        let available = min(bytesUsed > 0 ? bytesUsed : m.length, m.length)
        var srcOffset = 0
        for plane in out.planes {
            for row in 0..<plane.rows {
                let n = min(plane.bytesPerRow, bytesPerLine, max(0, available - srcOffset))
                if n > 0 {
                    plane.mutableBaseAddress.advanced(by: row * plane.bytesPerRow)
                        .copyMemory(from: m.address.advanced(by: srcOffset), byteCount: n)
                }
                srcOffset += bytesPerLine
            }
        }
    }
}
