#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX file helpers that map failures to `ImagingError`.
enum FileIO {
    /// Maps the current `errno` after a failed open of `path`.
    static func openError(_ path: String, _ err: Int32) -> ImagingError {
        switch err {
        case ENOENT, ENOTDIR: ImagingError(.fileNotFound, "no such file: \(path)")
        default: ImagingError(.ioFailed, "cannot open \(path): \(String(cString: strerror(err)))")
        }
    }

    /// Opens `path` read-only and returns the descriptor.
    static func openForReading(_ path: String) throws -> Int32 {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw openError(path, errno) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            close(fd)
            throw ImagingError(.ioFailed, "\(path) is a directory")
        }
        return fd
    }

    /// Size of an open file.
    static func size(of fd: Int32) throws -> Int {
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            throw ImagingError(.ioFailed, "fstat failed: \(String(cString: strerror(errno)))")
        }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset` into `buffer`; returns bytes read (short at EOF).
    static func pread(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int) throws -> Int {
        var done = 0
        while done < buffer.count {
            let r = Glibc.pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if r < 0 {
                if errno == EINTR { continue }
                throw ImagingError(.ioFailed, "read failed: \(String(cString: strerror(errno)))")
            }
            if r == 0 { break }
            done += r
        }
        return done
    }

    /// Reads a whole file, refusing files larger than `maxBytes`.
    static func readAll(_ path: String, maxBytes: Int) throws -> [UInt8] {
        let fd = try openForReading(path)
        defer { close(fd) }
        let size = try self.size(of: fd)
        guard size <= maxBytes else {
            throw ImagingError(.tooLarge, "file is \(size) bytes, limit is \(maxBytes)")
        }
        var failure: ImagingError?
        let bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
            do {
                initialized = try pread(fd, UnsafeMutableRawBufferPointer(buf), at: 0)
            } catch {
                failure = error as? ImagingError
                initialized = 0
            }
        }
        if let failure { throw failure }
        return bytes
    }

    /// Writes `bytes` to a temporary file next to `path`, then renames it into place,
    /// so readers never observe a partially written file.
    static func writeAtomically(_ bytes: UnsafeRawBufferPointer, to path: String) throws {
        let slash = path.lastIndex(of: "/")
        let dir = slash.map { String(path[..<$0]) } ?? "."
        let base = slash.map { String(path[path.index(after: $0)...]) } ?? path
        guard !base.isEmpty else { throw ImagingError(.invalidArgument, "output path has no file name: \(path)") }
        let temp = "\(dir.isEmpty ? "/" : dir)/.\(base).\(getpid()).\(UInt32.random(in: 0 ... .max)).tmp"
        let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ImagingError(.ioFailed, "cannot create \(temp): \(String(cString: strerror(errno)))")
        }
        var ok = false
        defer {
            if !ok { unlink(temp) }
        }
        var done = 0
        while done < bytes.count {
            let w = write(fd, bytes.baseAddress! + done, bytes.count - done)
            if w < 0 {
                if errno == EINTR { continue }
                let e = errno
                close(fd)
                throw ImagingError(.ioFailed, "write to \(temp) failed: \(String(cString: strerror(e)))")
            }
            done += w
        }
        guard close(fd) == 0 else {
            throw ImagingError(.ioFailed, "close of \(temp) failed: \(String(cString: strerror(errno)))")
        }
        guard rename(temp, path) == 0 else {
            throw ImagingError(.ioFailed, "rename to \(path) failed: \(String(cString: strerror(errno)))")
        }
        ok = true
    }

    /// A fresh, unused path in the temporary directory (`$TMPDIR` or `/tmp`).
    static func temporaryPath(prefix: String, suffix: String, directory: String? = nil) -> String {
        let dir = directory ?? (getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp")
        let trimmed = dir.hasSuffix("/") && dir.count > 1 ? String(dir.dropLast()) : dir
        let token = String(UInt64.random(in: 0 ... .max), radix: 16)
        return "\(trimmed)/\(prefix)\(token)\(suffix)"
    }
}
