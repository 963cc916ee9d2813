import CV4L2

/// The system calls the V4L2 backend needs. `GlibcV4L2` talks to the kernel; `FakeV4L2Device`
/// is an in-memory device for tests.
public protocol V4L2Interface: Sendable {
    /// Opens a device node; returns a file descriptor, or a negative errno on failure.
    func open(_ path: String) -> Int32
    /// Performs an ioctl; returns 0 on success or a (positive) errno.
    func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Int32
    /// Maps `length` bytes of device memory at `offset`; `nil` on failure.
    func mmap(_ fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer?
    /// Unmaps memory returned by `mmap`.
    func munmap(_ address: UnsafeMutableRawPointer, length: Int)
    /// Closes the descriptor.
    func close(_ fd: Int32)
}

/// V4L2 ioctl request codes (from `linux/videodev2.h`, via the CV4L2 shim).
public enum V4L2Request {
    public static let querycap = UInt(cv4l2_vidioc_querycap())
    public static let enumFmt = UInt(cv4l2_vidioc_enum_fmt())
    public static let gFmt = UInt(cv4l2_vidioc_g_fmt())
    public static let sFmt = UInt(cv4l2_vidioc_s_fmt())
    public static let gParm = UInt(cv4l2_vidioc_g_parm())
    public static let sParm = UInt(cv4l2_vidioc_s_parm())
    public static let reqbufs = UInt(cv4l2_vidioc_reqbufs())
    public static let querybuf = UInt(cv4l2_vidioc_querybuf())
    public static let qbuf = UInt(cv4l2_vidioc_qbuf())
    public static let dqbuf = UInt(cv4l2_vidioc_dqbuf())
    public static let streamon = UInt(cv4l2_vidioc_streamon())
    public static let streamoff = UInt(cv4l2_vidioc_streamoff())

    /// Symbolic name of a request, e.g. `"VIDIOC_QBUF"`.
    public static func name(_ request: UInt) -> String {
        switch request {
        case querycap: return "VIDIOC_QUERYCAP"
        case enumFmt: return "VIDIOC_ENUM_FMT"
        case gFmt: return "VIDIOC_G_FMT"
        case sFmt: return "VIDIOC_S_FMT"
        case gParm: return "VIDIOC_G_PARM"
        case sParm: return "VIDIOC_S_PARM"
        case reqbufs: return "VIDIOC_REQBUFS"
        case querybuf: return "VIDIOC_QUERYBUF"
        case qbuf: return "VIDIOC_QBUF"
        case dqbuf: return "VIDIOC_DQBUF"
        case streamon: return "VIDIOC_STREAMON"
        case streamoff: return "VIDIOC_STREAMOFF"
        default: return "ioctl(0x\(String(request, radix: 16)))"
        }
    }
}

/// V4L2 pixel format FourCCs used by the backend.
public enum V4L2PixelFormat {
    public static let yuyv = UInt32(cv4l2_pix_fmt_yuyv())
    public static let nv12 = UInt32(cv4l2_pix_fmt_nv12())
    public static let yuv420 = UInt32(cv4l2_pix_fmt_yuv420())

    /// Four-character text of a FourCC, e.g. `"YUYV"`.
    public static func fourCC(_ code: UInt32) -> String {
        String(decoding: [UInt8(code & 0xFF), UInt8(code >> 8 & 0xFF), UInt8(code >> 16 & 0xFF), UInt8(code >> 24 & 0xFF)], as: UTF8.self)
    }
}
