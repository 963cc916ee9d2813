#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Bounds-checked random access to encoded bytes, either in memory or in a file.
///
/// File access is windowed: a 16 KiB window is read with `pread` and refilled only
/// when a request falls outside it, so header probing touches as little of the
/// file as possible. Every read past the end throws `.truncated`.
final class ByteSource {
    private enum Backing {
        case memory([UInt8])
        case file(fd: Int32)
    }

    private let backing: Backing
    /// Total size in bytes.
    let count: Int
    private var window: [UInt8] = []
    private var windowStart = 0
    private static let windowSize = 16 * 1024

    /// Wraps bytes already in memory.
    init(bytes: [UInt8]) {
        backing = .memory(bytes)
        count = bytes.count
    }

    /// Opens a file; the descriptor is closed on deinit.
    convenience init(path: String) throws {
        try self.init(adopting: try FileIO.openForReading(path))
    }

    /// Reads an open file (a duplicate of `descriptor` is kept and closed on deinit), so callers
    /// that opened a file safely (the sandbox) never hand over a path to re-open.
    convenience init(descriptor: Int32) throws {
        let fd = dup(descriptor)
        guard fd >= 0 else { throw ImagingError(.ioFailed, "dup failed: \(String(cString: strerror(errno)))") }
        try self.init(adopting: fd)
    }

    /// Takes ownership of `fd` (closed on deinit, or at once if its size cannot be read).
    private init(adopting fd: Int32) throws {
        do {
            count = try FileIO.size(of: fd)
        } catch {
            close(fd)
            throw error
        }
        backing = .file(fd: fd)
    }

    deinit {
        if case .file(let fd) = backing { close(fd) }
    }

    /// Returns exactly `length` bytes at `offset` or throws `.truncated`.
    func read(_ offset: Int, _ length: Int) throws -> ArraySlice<UInt8> {
        guard offset >= 0, length >= 0, offset <= count, length <= count - offset else {
            throw ImagingError(.truncated, "unexpected end of data (wanted \(length) bytes at \(offset), size \(count))")
        }
        switch backing {
        case .memory(let bytes):
            return bytes[offset ..< offset + length]
        case .file(let fd):
            if offset >= windowStart, offset + length <= windowStart + window.count {
                let s = offset - windowStart
                return window[s ..< s + length]
            }
            let want = min(max(length, Self.windowSize), count - offset)
            var got = 0
            var failure: ImagingError?
            window = [UInt8](unsafeUninitializedCapacity: want) { buf, initialized in
                do {
                    got = try FileIO.pread(fd, UnsafeMutableRawBufferPointer(buf), at: offset)
                } catch {
                    failure = error as? ImagingError
                }
                initialized = got
            }
            windowStart = offset
            if let failure { throw failure }
            guard got >= length else {
                throw ImagingError(.truncated, "file shrank while reading")
            }
            return window[0 ..< length]
        }
    }

    func u8(_ offset: Int) throws -> UInt8 { try read(offset, 1).first! }

    func u16be(_ offset: Int) throws -> Int {
        let s = try read(offset, 2); let i = s.startIndex
        return Int(s[i]) << 8 | Int(s[i + 1])
    }

    func u16le(_ offset: Int) throws -> Int {
        let s = try read(offset, 2); let i = s.startIndex
        return Int(s[i]) | Int(s[i + 1]) << 8
    }

    func u24le(_ offset: Int) throws -> Int {
        let s = try read(offset, 3); let i = s.startIndex
        return Int(s[i]) | Int(s[i + 1]) << 8 | Int(s[i + 2]) << 16
    }

    func u32be(_ offset: Int) throws -> Int {
        let s = try read(offset, 4); let i = s.startIndex
        return Int(s[i]) << 24 | Int(s[i + 1]) << 16 | Int(s[i + 2]) << 8 | Int(s[i + 3])
    }

    func u32le(_ offset: Int) throws -> Int {
        let s = try read(offset, 4); let i = s.startIndex
        return Int(s[i]) | Int(s[i + 1]) << 8 | Int(s[i + 2]) << 16 | Int(s[i + 3]) << 24
    }

    func i32le(_ offset: Int) throws -> Int { Int(Int32(truncatingIfNeeded: try u32le(offset))) }
}
