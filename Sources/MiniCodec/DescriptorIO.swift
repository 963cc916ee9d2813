import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// An AVIOContext that reads a borrowed file descriptor with `pread` (its own offset), so
/// FFmpeg reads a sandboxed file the caller opened beneath its area and never a path.
final class DescriptorIO {
    let fd: Int32
    var position: Int64 = 0
    let size: Int64
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    static let bufferSize = 64 * 1024

    init(fd: Int32) throws(CodecError) {
        self.fd = fd
        var st = stat()
        guard fstat(fd, &st) == 0, st.st_mode & S_IFMT == S_IFREG else { throw .unreadable(path: "fd \(fd)", reason: "not a regular file") }
        size = Int64(st.st_size)
        guard let buffer = av_malloc(Self.bufferSize) else { throw .unreadable(path: "fd \(fd)", reason: "out of memory") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        context = avio_alloc_context(buffer.assumingMemoryBound(to: UInt8.self), Int32(Self.bufferSize), 0, opaque,
                                     { opaque, buf, count in
                                         let io = Unmanaged<DescriptorIO>.fromOpaque(opaque!).takeUnretainedValue()
                                         let n = pread(io.fd, buf, Int(count), off_t(io.position))
                                         if n < 0 { return cffmpeg_averror_eio() }
                                         if n == 0 { return cffmpeg_averror_eof() }
                                         io.position += Int64(n)
                                         return Int32(n)
                                     }, nil,
                                     { opaque, offset, whence in
                                         let io = Unmanaged<DescriptorIO>.fromOpaque(opaque!).takeUnretainedValue()
                                         return DescriptorIO.seek(&io.position, size: io.size, offset: offset, whence: whence)
                                     })
        guard context != nil else {
            var b: UnsafeMutableRawPointer? = buffer
            av_freep(&b)
            throw .unreadable(path: "fd \(fd)", reason: "out of memory")
        }
    }

    deinit {
        if let c = context {
            var buffer: UnsafeMutableRawPointer? = UnsafeMutableRawPointer(c.pointee.buffer)
            av_freep(&buffer)
            avio_context_free(&context)
        }
    }
}

extension DescriptorIO {
    /// An AVIO seek callback's answer over a descriptor of `size` bytes at `position` (moved,
    /// never below 0): the size for AVSEEK_SIZE, -1 for an unknown `whence`.
    static func seek(_ position: inout Int64, size: Int64, offset: Int64, whence: Int32) -> Int64 {
        switch whence & ~cffmpeg_avseek_force() {
        case cffmpeg_avseek_size(): return size
        case SEEK_SET: position = offset
        case SEEK_CUR: position += offset
        case SEEK_END: position = size + offset
        default: return -1
        }
        if position < 0 { position = 0 }
        return position
    }
}
