import CFFmpeg
#if canImport(Glibc)
import Glibc
#endif

/// A writable, seekable AVIOContext over a borrowed file descriptor (`pwrite` at its own
/// offset), so a muxer writes into a file the caller opened — a staged file in the sandbox's
/// `partial/` folder — and never opens a path itself. Muxers that patch their header on finish
/// (mp4's `moov`/`mdat` size, WAV's RIFF sizes, MP3's Xing frame) seek back through it.
final class DescriptorOutput {
    let fd: Int32
    var position: Int64 = 0
    /// Bytes in the file (the furthest write).
    private(set) var size: Int64 = 0
    /// The first write error (`errno`), if any.
    private(set) var failure: Int32 = 0
    private(set) var context: UnsafeMutablePointer<AVIOContext>?

    static let bufferSize = 32 * 1024

    init(fd: Int32) throws(CodecError) {
        self.fd = fd
        guard let buffer = av_malloc(Self.bufferSize) else { throw .output(path: "fd \(fd)", reason: "out of memory") }
        let opaque = Unmanaged.passUnretained(self).toOpaque()
        context = avio_alloc_context(
            buffer.assumingMemoryBound(to: UInt8.self), Int32(Self.bufferSize), 1, opaque, nil,
            { opaque, buf, count in
                let io = Unmanaged<DescriptorOutput>.fromOpaque(opaque!).takeUnretainedValue()
                return io.write(UnsafeRawPointer(buf!), Int(count))
            },
            { opaque, offset, whence in
                let io = Unmanaged<DescriptorOutput>.fromOpaque(opaque!).takeUnretainedValue()
                return DescriptorIO.seek(&io.position, size: io.size, offset: offset, whence: whence)
            })
        guard context != nil else {
            var b: UnsafeMutableRawPointer? = buffer
            av_freep(&b)
            throw .output(path: "fd \(fd)", reason: "out of memory")
        }
    }

    private func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int32 {
        var done = 0
        while done < count {
            let n = pwrite(fd, bytes + done, count - done, off_t(position + Int64(done)))
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return cffmpeg_averror_eio()
            }
            done += n
        }
        position += Int64(count)
        size = max(size, position)
        return Int32(count)
    }

    /// Pushes FFmpeg's buffered bytes to the descriptor.
    func flush() {
        if let c = context { avio_flush(c) }
    }

    deinit {
        if let c = context {
            var buffer: UnsafeMutableRawPointer? = UnsafeMutableRawPointer(c.pointee.buffer)
            av_freep(&buffer)
            avio_context_free(&context)
        }
    }
}
