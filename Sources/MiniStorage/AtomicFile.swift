#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MiniCore

/// Writes files the host itself names (the album, exports) so a crash never leaves a
/// half-written one: data goes to a hidden temp name in the same folder, is flushed to disk,
/// then renamed over the target. Files JS names go through `StagedFile` instead (partial area
/// outside the sandbox's areas and quota, renamed in by descriptor).
public enum AtomicFile {
    public static func write(_ bytes: UnsafeRawBufferPointer, to path: String, append: Bool = false) throws {
        let p = Array(path.utf8)
        let slash = p.lastIndex(of: PathBytes.separator)
        let dir = slash.map { String(decoding: p[..<max($0, 1)], as: UTF8.self) } ?? "."
        let name = slash.map { String(decoding: p[($0 + 1)...], as: UTF8.self) } ?? path
        let tmp = dir + "/.\(name).partial-\(UInt64.random(in: 0...UInt64.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw ioError("open", path) }
        var ok = false
        defer {
            close(fd)
            if !ok { unlink(tmp) }
        }
        if append, let existing = FileManager.default.contents(atPath: path) {
            try existing.withUnsafeBytes { try writeAll(fd, $0, path) }
        }
        try writeAll(fd, bytes, path)
        guard fsync(fd) == 0 else { throw ioError("fsync", path) }
        guard rename(tmp, path) == 0 else { throw ioError("rename", path) }
        ok = true
    }

    public static func write(_ data: [UInt8], to path: String, append: Bool = false) throws {
        try data.withUnsafeBytes { try write($0, to: path, append: append) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, _ path: String) throws {
        var off = 0
        while off < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + off, bytes.count - off)
            if n < 0 {
                if errno == EINTR { continue }
                throw ioError("write", path)
            }
            off += n
        }
    }

    static func ioError(_ op: String, _ path: String) -> MediaError {
        MediaError(.ioError, "\(op) failed: \(String(cString: strerror(errno)))")
    }
}
