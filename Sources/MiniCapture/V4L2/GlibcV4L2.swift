import CV4L2
#if canImport(Glibc)
import Glibc
#endif

/// The real `V4L2Interface`: open/ioctl/mmap/close on Linux device nodes.
public struct GlibcV4L2: V4L2Interface {
    /// Open the device non-blocking (DQBUF then returns EAGAIN instead of waiting).
    public var nonBlocking: Bool

    /// Creates the interface (blocking I/O by default).
    public init(nonBlocking: Bool = false) {
        self.nonBlocking = nonBlocking
    }

    public func open(_ path: String) -> Int32 {
        let fd = cv4l2_open(path, nonBlocking ? 1 : 0)
        return fd >= 0 ? fd : -errno
    }

    public func ioctl(_ fd: Int32, _ request: UInt, _ argument: UnsafeMutableRawPointer) -> Int32 {
        cv4l2_ioctl(fd, request, argument) == 0 ? 0 : errno
    }

    public func mmap(_ fd: Int32, length: Int, offset: Int) -> UnsafeMutableRawPointer? {
        let p = Glibc.mmap(nil, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off_t(offset))
        guard let p, p != cv4l2_map_failed() else { return nil }
        return p
    }

    public func munmap(_ address: UnsafeMutableRawPointer, length: Int) {
        _ = Glibc.munmap(address, length)
    }

    public func close(_ fd: Int32) {
        _ = Glibc.close(fd)
    }
}
