#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

/// The operations behind `getFileSystemManager()`. Reads may name any area of the app's
/// sandbox (temp, saved, user, package); writes only the user folder, within the quota.
/// Error texts follow WeChat's (`no such file or directory, open <path>`).
public struct SandboxFileSystem: Sendable {
    public let files: AppFiles

    public init(files: AppFiles) { self.files = files }

    // MARK: Reading

    public func readFile(_ path: String, position: Int64? = nil, length: Int64? = nil) throws -> ByteBuffer {
        let p = try files.resolve(path)
        let st = try existing(p, "open")
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw MediaError(.isDirectory, "illegal operation on a directory, open \(path)")
        }
        let size = Int64(st.st_size)
        let start = position ?? 0
        guard start >= 0, start <= size else {
            throw MediaError(.parameterError, "the value of \"position\" is out of range")
        }
        let count = length ?? (size - start)
        guard count >= 0, start + count <= size else {
            throw MediaError(.parameterError, "the value of \"length\" is out of range")
        }
        let fd = open(p.hostPath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { throw posixError(path, "open") }
        defer { close(fd) }
        let buffer = ByteBuffer(zeroed: Int(count))
        var done = 0
        while done < Int(count) {
            let n = pread(fd, buffer.baseAddress + done, Int(count) - done, off_t(start) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw posixError(path, "read") }
            done += n
        }
        return buffer
    }

    public func access(_ path: String) throws {
        _ = try existing(try files.resolve(path), "access")
    }

    public func stat(_ path: String) throws -> FileStats {
        let st = try existing(try files.resolve(path), "stat")
        return Self.stats(st)
    }

    /// `stat` with `recursive: true`: every entry below a folder, keyed by relative path
    /// (`"/"` for the folder itself, then `"/a"`, `"/a/b"`…).
    public func statRecursive(_ path: String) throws -> [(String, FileStats)] {
        let p = try files.resolve(path)
        let root = try existing(p, "stat")
        var out: [(String, FileStats)] = [("/", Self.stats(root))]
        guard (root.st_mode & S_IFMT) == S_IFDIR else { return out }
        let e = FileManager.default.enumerator(atPath: p.hostPath)
        while let rel = e?.nextObject() as? String {
            if (rel as NSString).lastPathComponent.hasPrefix(".") && rel.contains(".partial-") { continue }
            if let st = AppFiles.stat(p.hostPath + "/" + rel) { out.append(("/" + rel, Self.stats(st))) }
        }
        return out
    }

    public func readdir(_ path: String) throws -> [String] {
        let p = try files.resolve(path)
        let st = try existing(p, "scandir")
        guard (st.st_mode & S_IFMT) == S_IFDIR else {
            throw MediaError(.notDirectory, "not a directory, scandir \(path)")
        }
        return ((try? FileManager.default.contentsOfDirectory(atPath: p.hostPath)) ?? [])
            .filter { !($0.hasPrefix(".") && $0.contains(".partial-")) }.sorted()
    }

    // MARK: Writing (user folder only)

    public func writeFile(_ path: String, bytes: [UInt8], append: Bool = false) throws {
        let p = try writable(path, "open")
        if let st = AppFiles.stat(p.hostPath) {
            if (st.st_mode & S_IFMT) == S_IFDIR {
                throw MediaError(.isDirectory, "illegal operation on a directory, open \(path)")
            }
        } else if append {
            throw MediaError(.fileNotFound, "no such file or directory, open \(path)")
        }
        try parentExists(p, "open")
        let old = files.fileSize(p.hostPath)
        try files.checkQuota(adding: Int64(bytes.count) + (append ? old : 0), replacing: old)
        try AtomicFile.write(bytes, to: p.hostPath, append: append)
    }

    public func unlink(_ path: String) throws {
        let p = try writable(path, "unlink")
        let st = try existing(p, "unlink")
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw MediaError(.isDirectory, "operation not permitted, unlink \(path)")
        }
        guard Glibc.unlink(p.hostPath) == 0 else { throw posixError(path, "unlink") }
    }

    public func mkdir(_ path: String, recursive: Bool = false) throws {
        let p = try writable(path, "mkdir")
        if AppFiles.stat(p.hostPath) != nil {
            throw MediaError(.fileExists, "file already exists, mkdir \(path)")
        }
        if recursive {
            try FileManager.default.createDirectory(atPath: p.hostPath, withIntermediateDirectories: true)
        } else {
            try parentExists(p, "mkdir")
            guard Glibc.mkdir(p.hostPath, 0o755) == 0 else { throw posixError(path, "mkdir") }
        }
    }

    public func rmdir(_ path: String, recursive: Bool = false) throws {
        let p = try writable(path, "rmdir")
        let st = try existing(p, "rmdir")
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw MediaError(.notDirectory, "not a directory, rmdir \(path)") }
        if recursive {
            try FileManager.default.removeItem(atPath: p.hostPath)
        } else if Glibc.rmdir(p.hostPath) != 0 {
            if errno == ENOTEMPTY || errno == EEXIST {
                throw MediaError(.directoryNotEmpty, "directory not empty, rmdir \(path)")
            }
            throw posixError(path, "rmdir")
        }
    }

    public func copyFile(from src: String, to dest: String) throws {
        let s = try files.resolve(src)
        let st = try existing(s, "copyFile")
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw MediaError(.isDirectory, "illegal operation on a directory, copyFile \(src)")
        }
        let d = try writable(dest, "copyFile")
        try parentExists(d, "copyFile")
        let data = try readFile(src)
        try files.checkQuota(adding: Int64(data.count), replacing: files.fileSize(d.hostPath))
        try AtomicFile.write(data.bytes, to: d.hostPath)
    }

    public func rename(from old: String, to new: String) throws {
        let o = try files.resolve(old)
        guard o.area == .user || o.area == .temp, !o.isAreaRoot else {
            throw MediaError(.permissionDenied, "permission denied, rename \(old)")
        }
        let st = try existing(o, "rename")
        let n = try writable(new, "rename")
        try parentExists(n, "rename")
        if o.area == .temp { try files.checkQuota(adding: Int64(st.st_size), replacing: files.fileSize(n.hostPath)) }
        guard Glibc.rename(o.hostPath, n.hostPath) == 0 else { throw posixError(new, "rename") }
    }

    // MARK: Helpers

    private func writable(_ path: String, _ op: String) throws -> SandboxPath {
        let p = try files.resolve(path)
        guard p.area == .user, !p.isAreaRoot else {
            throw MediaError(.permissionDenied, "permission denied, \(op) \(path)")
        }
        return p
    }

    private func existing(_ p: SandboxPath, _ op: String) throws -> Glibc.stat {
        guard let st = AppFiles.stat(p.hostPath) else {
            throw MediaError(.fileNotFound, "no such file or directory, \(op) \(p.virtualPath)")
        }
        return st
    }

    private func parentExists(_ p: SandboxPath, _ op: String) throws {
        let parent = (p.hostPath as NSString).deletingLastPathComponent
        guard files.isDirectory(parent) else {
            throw MediaError(.fileNotFound, "no such file or directory, \(op) \(p.virtualPath)")
        }
    }

    private func posixError(_ path: String, _ op: String) -> MediaError {
        let text = String(cString: strerror(errno)).lowercased()
        return MediaError(errno == ENOENT ? .fileNotFound : .ioError, "\(text), \(op) \(path)")
    }

    static func stats(_ st: Glibc.stat) -> FileStats {
        FileStats(
            mode: UInt32(st.st_mode), size: Int64(st.st_size),
            lastAccessedTime: Int64(st.st_atim.tv_sec), lastModifiedTime: Int64(st.st_mtim.tv_sec))
    }
}
