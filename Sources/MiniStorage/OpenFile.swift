#if canImport(Glibc)
import Glibc
#endif
import CSandboxFS

/// O_PATH: a descriptor that names a file without opening it for reading.
public let O_PATH: Int32 = MM_O_PATH

/// A failed system call: its `errno`.
public struct SystemError: Error, Sendable, Equatable {
    public let code: Int32
    public init(_ code: Int32 = errno) { self.code = code }
    public var text: String { String(cString: strerror(code)).lowercased() }
}

/// A descriptor this process owns, closed on deinit. What the sandbox hands to consumers that
/// need a file's contents (decoders, digests, copies) instead of a host path to re-open.
public final class OpenFile: @unchecked Sendable {
    public let fd: Int32

    public init(adopting fd: Int32) { self.fd = fd }
    deinit { close(fd) }

    public func stat() throws -> Glibc.stat {
        var st = Glibc.stat()
        guard fstat(fd, &st) == 0 else { throw SystemError() }
        return st
    }

    public var isDirectory: Bool { ((try? stat())?.st_mode ?? 0) & S_IFMT == S_IFDIR }
    public var isRegularFile: Bool { ((try? stat())?.st_mode ?? 0) & S_IFMT == S_IFREG }
    public var size: Int64 { (try? stat()).map { Int64($0.st_size) } ?? 0 }

    /// Reads `count` bytes at `offset` (fewer only at end of file).
    public func read(at offset: Int64, count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var done = 0
        while done < count {
            let n = out.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + done, count - done, off_t(offset) + off_t(done)) }
            if n < 0 && errno == EINTR { continue }
            guard n >= 0 else { throw SystemError() }
            if n == 0 { break }
            done += n
        }
        if done < count { out.removeLast(count - done) }
        return out
    }

    /// The whole file, refusing files larger than `maxBytes`.
    public func readAll(maxBytes: Int64 = .max) throws -> [UInt8] {
        let size = try stat().st_size
        guard Int64(size) <= maxBytes else { throw SystemError(EFBIG) }
        return try read(at: 0, count: Int(size))
    }

    /// Writes all of `bytes` at the current offset.
    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw SystemError()
            }
            off += n
        }
    }

    public func write(_ bytes: [UInt8]) throws { try bytes.withUnsafeBytes { try write($0) } }

    public func sync() throws {
        guard fsync(fd) == 0 else { throw SystemError() }
    }
}
