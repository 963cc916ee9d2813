#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// One folder of an app's sandbox (temp, store, user, package, partial), held open by
/// descriptor. Every operation on a path from JS goes through here, relative to that descriptor
/// and resolved beneath it (`BeneathWalk`), so the kernel — not an earlier check of a path
/// string — keeps each access inside, even while another process swaps folders for links.
///
/// Leaf operations (`mkdirat`, `unlinkat`, `renameat`, `fstatat(AT_SYMLINK_NOFOLLOW)`) act on
/// the last name inside its parent's descriptor and never follow a link at the leaf.
public final class SandboxDirectory: @unchecked Sendable {
    /// The folder's host path (for messages, sweeps and tests; never re-opened by name for JS).
    public let path: String
    public let handle: OpenFile
    public let walk: BeneathWalk
    var fd: Int32 { handle.fd }

    /// Opens `path` (created when `create`), refusing a symbolic link at the folder itself.
    public init(path: String, create: Bool = false, walk: BeneathWalk = .automatic) throws {
        if create { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        let fd = Glibc.open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw SystemError() }
        self.path = path
        self.handle = OpenFile(adopting: fd)
        self.walk = walk
    }

    /// True once the folder itself was removed (a deleted directory has no links left): the data
    /// dir was deleted under a running app, and nothing written beneath it could be found again.
    public var isRemoved: Bool { (try? handle.stat().st_nlink == 0) ?? true }

    // MARK: Opening

    /// Opens `components` beneath this folder (links that stay inside are followed).
    public func open(_ components: [String], flags: Int32 = O_RDONLY, mode: mode_t = 0o644) throws -> OpenFile {
        OpenFile(adopting: try walk.open(fd, components, flags: flags, mode: mode))
    }

    /// The folder holding the last component, and that component's name.
    public func parent(of components: [String]) throws -> (folder: OpenFile, name: String) {
        guard let name = components.last else { throw SystemError(EINVAL) }
        return (try open(Array(components.dropLast()), flags: O_RDONLY | O_DIRECTORY), name)
    }

    /// `stat` of `components`, following links beneath; nil when it does not exist.
    /// Throws for escapes (EXDEV), link loops (ELOOP) and other failures.
    public func stat(_ components: [String]) throws -> Glibc.stat? {
        do { return try open(components, flags: O_PATH).stat() } catch let e as SystemError where e.code == ENOENT || e.code == ENOTDIR {
            return nil
        }
    }

    /// `fstatat(AT_SYMLINK_NOFOLLOW)` of `name` inside `folder`; nil when missing.
    public static func lstat(_ folder: OpenFile, _ name: String) -> Glibc.stat? {
        var st = Glibc.stat()
        return fstatat(folder.fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 ? st : nil
    }

    // MARK: Listing and sizes

    /// Names in an open folder (without `.` and `..`), unsorted.
    public static func entries(_ folder: OpenFile) throws -> [String] {
        let copy = dup(folder.fd)
        guard copy >= 0, let dir = fdopendir(copy) else {
            if copy >= 0 { close(copy) }
            throw SystemError()
        }
        defer { closedir(dir) }
        rewinddir(dir)
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            names.append(name)
        }
        return names
    }

    /// Entries below an open folder, depth first, as relative components with their lstat.
    /// Links are reported, never entered.
    public static func walkTree(_ folder: OpenFile, prefix: [String] = [], _ visit: ([String], Glibc.stat) -> Void) {
        for name in ((try? entries(folder)) ?? []).sorted() {
            guard let st = lstat(folder, name) else { continue }
            visit(prefix + [name], st)
            if (st.st_mode & S_IFMT) == S_IFDIR {
                let fd = openat(folder.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
                if fd >= 0 { walkTree(OpenFile(adopting: fd), prefix: prefix + [name], visit) }
            }
        }
    }

    /// Bytes in regular files below this folder.
    public func treeSize() -> Int64 {
        var total: Int64 = 0
        Self.walkTree(handle) { _, st in if (st.st_mode & S_IFMT) == S_IFREG { total += Int64(st.st_size) } }
        return total
    }

    // MARK: Removing

    /// Removes `name` inside `folder` and, for a folder, everything below it, by descriptor
    /// (links are removed, never followed).
    public static func removeTree(_ folder: OpenFile, _ name: String) throws {
        guard let st = lstat(folder, name) else { throw SystemError(ENOENT) }
        if (st.st_mode & S_IFMT) == S_IFDIR {
            let fd = openat(folder.fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            guard fd >= 0 else { throw SystemError() }
            let inner = OpenFile(adopting: fd)
            for child in try entries(inner) { try removeTree(inner, child) }
            guard unlinkat(folder.fd, name, AT_REMOVEDIR) == 0 else { throw SystemError() }
        } else {
            guard unlinkat(folder.fd, name, 0) == 0 else { throw SystemError() }
        }
    }

    /// Empties this folder.
    public func removeAll() throws {
        for name in try Self.entries(handle) { try Self.removeTree(handle, name) }
    }
}
