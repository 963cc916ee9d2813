import CV4L2
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// An in-memory V4L2 capture device implementing `V4L2Interface`, for tests without hardware.
///
/// It accepts the mmap streaming sequence, records every call (`callLog`), supports one pixel
/// format (YUYV by default, NV12 with `servesNV12`; S_FMT answers it whatever is asked, like many
/// webcams) at a few sizes, and serves frames whose luma is `(x + 2y + 3k) & 0xFF` for frame `k`,
/// or a caller-provided luminance image.
public final class FakeV4L2Device: V4L2Interface {
    /// Behaviour switches.
    public struct Options: Sendable {
        /// Device node the fake answers to.
        public var path = "/dev/video0"
        /// Sizes offered; S_FMT picks the closest by area.
        public var sizes: [(width: Int, height: Int)] = [(640, 480), (1280, 720), (320, 240)]
        /// Reported frame rate.
        public var frameRate = 30
        /// Whether QUERYCAP reports VIDEO_CAPTURE.
        public var isCaptureDevice = true
        /// Whether QUERYCAP reports STREAMING.
        public var supportsStreaming = true
        /// Padding bytes at the end of each row (bytesperline = width*bpp + padding).
        public var rowPadding = 0
        /// Serve NV12 instead of YUYV (S_FMT then answers NV12 whatever is asked).
        public var servesNV12 = false
        public init() {}
    }

    private struct State: @unchecked Sendable {
        var log: [String] = []
        var isOpen = false
        var width = 640, height = 480
        var buffers: [UnsafeMutableRawPointer] = []
        var bufferLength = 0
        var queued: [Int] = []
        var streaming = false
        var frameCounter = 0
        var luma: (pixels: [UInt8], width: Int, height: Int)? = nil
    }
    private let state: Mutex<State>
    /// Fixed behaviour of this fake.
    public let options: Options
    private static let fakeFD: Int32 = 1000
    private static let offsetStride = 0x100000

    /// Creates the fake device.
    public init(options: Options = Options()) {
        self.options = options
        state = Mutex(State())
    }

    deinit {
        state.withLock { s in
            for b in s.buffers { b.deallocate() }
            s.buffers.removeAll()
        }
    }

    /// Every call in order, e.g. `["open", "VIDIOC_QUERYCAP", "VIDIOC_S_FMT", ...]`.
    public var callLog: [String] { state.withLock { $0.log } }

    /// Number of frames dequeued so far.
    public var framesServed: Int { state.withLock { $0.frameCounter } }

    /// Whether the device is currently streaming.
    public var isStreaming: Bool { state.withLock { $0.streaming } }

    /// Serve this luminance image (nearest-neighbour scaled to the frame size) instead of the ramp.
    public func setLumaImage(_ pixels: [UInt8], width: Int, height: Int) {
        precondition(pixels.count == width * height)
        state.withLock { $0.luma = (pixels, width, height) }
    }

    /// Expected luma of pixel (x, y) in frame `k` of the built-in pattern.
    public static func patternLuma(x: Int, y: Int, frame k: Int) -> UInt8 {
        UInt8(truncatingIfNeeded: x + 2 * y + 3 * k)
    }

    public func open(_ path: String) -> Int32 {
        state.withLock { s in
            s.log.append("open")
            guard path == options.path else { return -ENOENT }
            guard !s.isOpen else { return -EBUSY }
            s.isOpen = true
            return Self.fakeFD
        }
    }

    public func close(_ fd: Int32) {
        state.withLock { s in
            s.log.append("close")
            s.isOpen = false
            s.streaming = false
            s.queued.removeAll()
        }
    }

    public func mmap(_ fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer? {
        state.withLock { s in
            s.log.append("mmap")
            let i = offset / Self.offsetStride
            guard fd == Self.fakeFD, offset % Self.offsetStride == 0, i < s.buffers.count, length <= s.bufferLength else { return nil }
            return s.buffers[i]
        }
    }

    public func munmap(_ address: UnsafeMutableRawPointer, length: Int) {
        state.withLock { $0.log.append("munmap") }
    }

    public func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Int32 {
        state.withLock { s in
            s.log.append(V4L2Request.name(request))
            guard fd == Self.fakeFD, s.isOpen else { return EBADF }
            switch request {
            case V4L2Request.querycap: return querycap(argument)
            case V4L2Request.sFmt, V4L2Request.gFmt: return format(&s, argument, set: request == V4L2Request.sFmt)
            case V4L2Request.gParm: return gParm(argument)
            case V4L2Request.reqbufs: return reqbufs(&s, argument)
            case V4L2Request.querybuf: return querybuf(&s, argument)
            case V4L2Request.qbuf: return qbuf(&s, argument)
            case V4L2Request.dqbuf: return dqbuf(&s, argument)
            case V4L2Request.streamon:
                guard !s.buffers.isEmpty else { return EINVAL }
                s.streaming = true
                return 0
            case V4L2Request.streamoff:
                s.streaming = false
                s.queued.removeAll()
                return 0
            default: return ENOTTY
            }
        }
    }

    // MARK: - ioctl handlers

    private func querycap(_ arg: UnsafeMutableRawPointer) -> Int32 {
        let cap = arg.assumingMemoryBound(to: v4l2_capability.self)
        cap.pointee = v4l2_capability()
        withUnsafeMutableBytes(of: &cap.pointee.driver) { b in
            for (i, c) in "fakev4l2".utf8.enumerated() { b[i] = c }
        }
        withUnsafeMutableBytes(of: &cap.pointee.card) { b in
            for (i, c) in "Fake Camera".utf8.enumerated() { b[i] = c }
        }
        var caps: UInt32 = 0
        if options.isCaptureDevice { caps |= UInt32(V4L2_CAP_VIDEO_CAPTURE) }
        if options.supportsStreaming { caps |= UInt32(V4L2_CAP_STREAMING) }
        cap.pointee.device_caps = caps
        cap.pointee.capabilities = caps | UInt32(V4L2_CAP_DEVICE_CAPS)
        return 0
    }

    private func format(_ s: inout State, _ arg: UnsafeMutableRawPointer, set: Bool) -> Int32 {
        let f = arg.assumingMemoryBound(to: v4l2_format.self)
        guard f.pointee.type == V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue else { return EINVAL }
        if set {
            guard !s.streaming, s.buffers.isEmpty else { return EBUSY }
            let want = Int(f.pointee.fmt.pix.width) * Int(f.pointee.fmt.pix.height)
            let best = options.sizes.min { abs($0.width * $0.height - want) < abs($1.width * $1.height - want) } ?? (640, 480)
            s.width = best.width
            s.height = best.height
        }
        f.pointee.fmt.pix.width = UInt32(s.width)
        f.pointee.fmt.pix.height = UInt32(s.height)
        f.pointee.fmt.pix.pixelformat = options.servesNV12 ? V4L2PixelFormat.nv12 : V4L2PixelFormat.yuyv
        f.pointee.fmt.pix.field = V4L2_FIELD_NONE.rawValue
        f.pointee.fmt.pix.bytesperline = UInt32(bytesPerLine(s.width))
        f.pointee.fmt.pix.sizeimage = UInt32(imageSize(s.width, s.height))
        return 0
    }

    private func gParm(_ arg: UnsafeMutableRawPointer) -> Int32 {
        let p = arg.assumingMemoryBound(to: v4l2_streamparm.self)
        guard p.pointee.type == V4L2_BUF_TYPE_VIDEO_CAPTURE.rawValue else { return EINVAL }
        p.pointee.parm.capture.timeperframe.numerator = 1
        p.pointee.parm.capture.timeperframe.denominator = UInt32(options.frameRate)
        return 0
    }

    private func reqbufs(_ s: inout State, _ arg: UnsafeMutableRawPointer) -> Int32 {
        let r = arg.assumingMemoryBound(to: v4l2_requestbuffers.self)
        guard r.pointee.memory == V4L2_MEMORY_MMAP.rawValue else { return EINVAL }
        guard !s.streaming else { return EBUSY }
        for b in s.buffers { b.deallocate() }
        s.buffers.removeAll()
        s.queued.removeAll()
        let count = min(Int(r.pointee.count), 8)
        s.bufferLength = imageSize(s.width, s.height)
        for _ in 0..<count {
            let b = UnsafeMutableRawPointer.allocate(byteCount: s.bufferLength, alignment: 64)
            b.initializeMemory(as: UInt8.self, repeating: 0, count: s.bufferLength)
            s.buffers.append(b)
        }
        r.pointee.count = UInt32(count)
        return 0
    }

    private func querybuf(_ s: inout State, _ arg: UnsafeMutableRawPointer) -> Int32 {
        let b = arg.assumingMemoryBound(to: v4l2_buffer.self)
        let i = Int(b.pointee.index)
        guard i < s.buffers.count else { return EINVAL }
        b.pointee.length = UInt32(s.bufferLength)
        b.pointee.m.offset = UInt32(i * Self.offsetStride)
        return 0
    }

    private func qbuf(_ s: inout State, _ arg: UnsafeMutableRawPointer) -> Int32 {
        let b = arg.assumingMemoryBound(to: v4l2_buffer.self)
        let i = Int(b.pointee.index)
        guard i < s.buffers.count, !s.queued.contains(i) else { return EINVAL }
        s.queued.append(i)
        return 0
    }

    private func dqbuf(_ s: inout State, _ arg: UnsafeMutableRawPointer) -> Int32 {
        guard s.streaming else { return EINVAL }
        guard !s.queued.isEmpty else { return EAGAIN }
        let i = s.queued.removeFirst()
        let k = s.frameCounter
        s.frameCounter += 1
        fill(s.buffers[i], width: s.width, height: s.height, frame: k, luma: s.luma)
        let b = arg.assumingMemoryBound(to: v4l2_buffer.self)
        b.pointee.index = UInt32(i)
        b.pointee.bytesused = UInt32(s.bufferLength)
        b.pointee.sequence = UInt32(k)
        let us = k * 1_000_000 / options.frameRate
        b.pointee.timestamp.tv_sec = us / 1_000_000
        b.pointee.timestamp.tv_usec = us % 1_000_000
        b.pointee.flags = 0
        return 0
    }

    private func bytesPerLine(_ width: Int) -> Int {
        (options.servesNV12 ? width : width * 2) + options.rowPadding
    }

    private func imageSize(_ width: Int, _ height: Int) -> Int {
        options.servesNV12 ? bytesPerLine(width) * (height + (height + 1) / 2) : bytesPerLine(width) * height
    }

    private func fill(_ p: UnsafeMutableRawPointer, width: Int, height: Int, frame k: Int,
                      luma: (pixels: [UInt8], width: Int, height: Int)?) {
        let stride = bytesPerLine(width)
        let bytes = p.assumingMemoryBound(to: UInt8.self)
        if options.servesNV12 {
            for y in 0..<height {
                for x in 0..<width {
                    bytes[y * stride + x] = luma.map { $0.pixels[(y * $0.height / height) * $0.width + x * $0.width / width] }
                        ?? Self.patternLuma(x: x, y: y, frame: k)
                }
            }
            (p + stride * height).initializeMemory(as: UInt8.self, repeating: 128, count: stride * ((height + 1) / 2))
            return
        }
        for y in 0..<height {
            let row = bytes + y * stride
            for x in 0..<width {
                let yv: UInt8
                if let l = luma {
                    yv = l.pixels[(y * l.height / height) * l.width + x * l.width / width]
                } else {
                    yv = Self.patternLuma(x: x, y: y, frame: k)
                }
                row[2 * x] = yv
                row[2 * x + 1] = 128 // U for even x, V for odd x
            }
        }
    }
}
