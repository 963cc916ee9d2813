#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

/// The operations behind `getFileSystemManager()`. Reads may name any area of the app's
/// sandbox (temp, saved, user, package); writes only the user folder, within the quota.
/// Error texts follow WeChat's (`no such file or directory, open <path>`).
///
/// Every operation is descriptor-relative: the path's parent folder is opened beneath the
/// area's folder (`SandboxDirectory`), then the leaf is acted on with `*at` calls that do not
/// follow a link at the leaf. Writes go through `StagedFile` (partial area, fsync, renameat).
public struct SandboxFileSystem: Sendable {
    public let files: AppFiles

    public init(files: AppFiles) { self.files = files }

    // MARK: Reading

    public func readFile(_ path: String, position: Int64? = nil, length: Int64? = nil) throws -> ByteBuffer {
        let p = try files.resolve(path)
        let file = try opened(p, "open")
        let st = try sys(path, "open") { try file.stat() }
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
        let buffer = ByteBuffer(zeroed: Int(count))
        var done = 0
        while done < Int(count) {
            let n = pread(file.fd, buffer.baseAddress + done, Int(count) - done, off_t(start) + off_t(done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw PathRefusal.failure(SystemError(n == 0 ? EIO : errno), "read", path) }
            done += n
        }
        return buffer
    }

    public func access(_ path: String) throws {
        _ = try opened(try files.resolve(path), "access", flags: O_PATH)
    }

    public func stat(_ path: String) throws -> FileStats {
        let file = try opened(try files.resolve(path), "stat", flags: O_PATH)
        return Self.stats(try sys(path, "stat") { try file.stat() })
    }

    /// `stat` with `recursive: true`: every entry below a folder, keyed by relative path
    /// (`"/"` for the folder itself, then `"/a"`, `"/a/b"`…). Links are listed, not entered.
    public func statRecursive(_ path: String) throws -> [(String, FileStats)] {
        let file = try opened(try files.resolve(path), "stat")
        let root = try sys(path, "stat") { try file.stat() }
        var out: [(String, FileStats)] = [("/", Self.stats(root))]
        guard (root.st_mode & S_IFMT) == S_IFDIR else { return out }
        SandboxDirectory.walkTree(file) { rel, st in out.append(("/" + PathBytes.join(rel), Self.stats(st))) }
        return out
    }

    public func readdir(_ path: String) throws -> [String] {
        let file = try opened(try files.resolve(path), "scandir", flags: O_RDONLY)
        guard file.isDirectory else { throw MediaError(.notDirectory, "not a directory, scandir \(path)") }
        return try sys(path, "scandir") { try SandboxDirectory.entries(file) }.sorted()
    }

    // MARK: Writing (user folder only)

    public func writeFile(_ path: String, bytes: [UInt8], append: Bool = false) throws {
        let p = try writable(path, "open")
        let (folder, name) = try parent(p, "open")
        var old: Int64 = 0
        var previous: OpenFile?
        if let st = SandboxDirectory.lstat(folder, name) {
            if (st.st_mode & S_IFMT) == S_IFDIR {
                throw MediaError(.isDirectory, "illegal operation on a directory, open \(path)")
            }
            if (st.st_mode & S_IFMT) == S_IFREG { old = Int64(st.st_size) }
            if append { previous = try opened(p, "open") }
        } else if append {
            throw MediaError(.fileNotFound, "no such file or directory, open \(path)")
        }
        try files.checkQuota(adding: Int64(bytes.count) + (append ? old : 0), replacing: old)
        let staged = try files.stageFile()
        try sys(path, "write") {
            if let previous { try staged.copy(from: previous) }
            try staged.file.write(bytes)
            try staged.commit(into: folder, as: name)
        }
    }

    public func unlink(_ path: String) throws {
        let p = try writable(path, "unlink")
        let (folder, name) = try parent(p, "unlink")
        guard let st = SandboxDirectory.lstat(folder, name) else {
            throw MediaError(.fileNotFound, "no such file or directory, unlink \(path)")
        }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            throw MediaError(.isDirectory, "operation not permitted, unlink \(path)")
        }
        guard unlinkat(folder.fd, name, 0) == 0 else { throw PathRefusal.failure(SystemError(), "unlink", path) }
    }

    public func mkdir(_ path: String, recursive: Bool = false) throws {
        let p = try writable(path, "mkdir")
        let count = p.components.count
        // Recursive: each missing folder in turn, each made inside its opened parent.
        for end in (recursive ? 1 : count)...count {
            let prefix = SandboxPath(
                area: p.area, virtualPath: path, components: Array(p.components.prefix(end)), directory: p.directory)
            if end < count, (try? prefix.open(flags: O_PATH | O_DIRECTORY)) != nil { continue }
            let (folder, name) = try parent(prefix, "mkdir")
            if mkdirat(folder.fd, name, 0o755) != 0 {
                if errno == EEXIST && end < count { continue }
                throw PathRefusal.failure(SystemError(), "mkdir", path)
            }
        }
    }

    public func rmdir(_ path: String, recursive: Bool = false) throws {
        let p = try writable(path, "rmdir")
        let (folder, name) = try parent(p, "rmdir")
        guard let st = SandboxDirectory.lstat(folder, name) else {
            throw MediaError(.fileNotFound, "no such file or directory, rmdir \(path)")
        }
        guard (st.st_mode & S_IFMT) == S_IFDIR else { throw MediaError(.notDirectory, "not a directory, rmdir \(path)") }
        if recursive {
            try sys(path, "rmdir") { try SandboxDirectory.removeTree(folder, name) }
        } else if unlinkat(folder.fd, name, AT_REMOVEDIR) != 0 {
            if errno == ENOTEMPTY || errno == EEXIST {
                throw MediaError(.directoryNotEmpty, "directory not empty, rmdir \(path)")
            }
            throw PathRefusal.failure(SystemError(), "rmdir", path)
        }
    }

    public func copyFile(from src: String, to dest: String) throws {
        let s = try files.resolve(src)
        let source = try opened(s, "copyFile")
        guard source.isRegularFile else {
            throw MediaError(.isDirectory, "illegal operation on a directory, copyFile \(src)")
        }
        let d = try writable(dest, "copyFile")
        let (folder, name) = try parent(d, "copyFile")
        let old = SandboxDirectory.lstat(folder, name).map { ($0.st_mode & S_IFMT) == S_IFREG ? Int64($0.st_size) : 0 } ?? 0
        try files.checkQuota(adding: source.size, replacing: old)
        let staged = try files.stageFile()
        try sys(dest, "copyFile") {
            try staged.copy(from: source)
            try staged.commit(into: folder, as: name)
        }
    }

    public func rename(from old: String, to new: String) throws {
        let o = try files.resolve(old)
        guard o.area == .user || o.area == .temp, !o.isAreaRoot else {
            throw MediaError(.permissionDenied, "permission denied, rename \(old)")
        }
        let (oldFolder, oldName) = try parent(o, "rename")
        guard let st = SandboxDirectory.lstat(oldFolder, oldName) else {
            throw MediaError(.fileNotFound, "no such file or directory, rename \(old)")
        }
        let n = try writable(new, "rename")
        let (newFolder, newName) = try parent(n, "rename")
        if o.area == .temp {
            let replaced = SandboxDirectory.lstat(newFolder, newName).map { ($0.st_mode & S_IFMT) == S_IFREG ? Int64($0.st_size) : 0 } ?? 0
            try files.checkQuota(adding: Int64(st.st_size), replacing: replaced)
        }
        guard renameat(oldFolder.fd, oldName, newFolder.fd, newName) == 0 else {
            throw PathRefusal.failure(SystemError(), "rename", new)
        }
    }

    /// Checks that `path` names a file the app may write in its user folder (a download's
    /// `filePath`), before any transfer starts.
    @discardableResult
    public func writableTarget(_ path: String) throws -> SandboxPath { try writable(path, "open") }

    /// Moves a complete staged file (a download) to the user path `path`, within the quota,
    /// replacing a file there.
    public func commit(_ staged: StagedFile, to path: String) throws {
        let p = try writable(path, "open")
        let (folder, name) = try parent(p, "open")
        var old: Int64 = 0
        if let st = SandboxDirectory.lstat(folder, name) {
            if (st.st_mode & S_IFMT) == S_IFDIR { throw MediaError(.isDirectory, "illegal operation on a directory, open \(path)") }
            if (st.st_mode & S_IFMT) == S_IFREG { old = Int64(st.st_size) }
        }
        try files.checkQuota(adding: staged.size, replacing: old)
        try sys(path, "write") { try staged.commit(into: folder, as: name) }
    }

    // MARK: Helpers

    private func writable(_ path: String, _ op: String) throws -> SandboxPath {
        let p = try files.resolve(path)
        guard p.area == .user, !p.isAreaRoot else {
            throw MediaError(.permissionDenied, "permission denied, \(op) \(path)")
        }
        return p
    }

    /// The path opened beneath its area (links inside followed); missing → `no such file`.
    private func opened(_ p: SandboxPath, _ op: String, flags: Int32 = O_RDONLY) throws -> OpenFile {
        do { return try p.open(flags: flags) } catch let e as SystemError { throw PathRefusal.failure(e, op, p.virtualPath) }
    }

    /// The parent folder, opened beneath the area, and the leaf name.
    private func parent(_ p: SandboxPath, _ op: String) throws -> (OpenFile, String) {
        do { return try p.directory.parent(of: p.components) } catch let e as SystemError {
            throw PathRefusal.failure(e, op, p.virtualPath)
        }
    }

    private func sys<T>(_ path: String, _ op: String, _ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as SystemError { throw PathRefusal.failure(e, op, path) }
    }

    static func stats(_ st: Glibc.stat) -> FileStats {
        FileStats(
            mode: UInt32(st.st_mode), size: Int64(st.st_size),
            lastAccessedTime: Int64(st.st_atim.tv_sec), lastModifiedTime: Int64(st.st_mtim.tv_sec))
    }
}
