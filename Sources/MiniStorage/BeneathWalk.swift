#if canImport(Glibc)
import Glibc
#endif
import CSandboxFS

/// Opens a path beneath a directory descriptor, so that no `..`, absolute path or symbolic link
/// — nor a folder swapped for a link while we look — can take the open outside it.
///
/// `.kernel` asks openat2(2) with RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS; `.userSpace` (for
/// kernels without openat2, or seccomp filters that hide it) walks one component at a time with
/// `openat(O_NOFOLLOW)` from the descriptor of the previous one, expanding symbolic links itself
/// under the same rule: relative targets that stay beneath are followed, absolute ones and `..`
/// past the root fail with EXDEV, more than 40 links with ELOOP. Both give the same answers.
public enum BeneathWalk: Sendable {
    case kernel
    case userSpace

    /// The kernel's way when it has it (probed once at run time), else the user-space walk.
    public static var automatic: BeneathWalk { mm_openat2_available() == 1 ? .kernel : .userSpace }

    static let maxLinks = 40

    /// Opens `components` (names without `/`; `..` allowed only inside link targets) below
    /// `root` with `flags` (O_CLOEXEC is added). Throws the `errno` of the failure.
    public func open(_ root: Int32, _ components: [String], flags: Int32, mode: mode_t = 0o644) throws -> Int32 {
        switch self {
        case .kernel:
            let path = components.isEmpty ? "." : PathBytes.join(components)
            let fd = mm_openat2_beneath(root, path, flags, UInt32(mode))
            guard fd >= 0 else { throw SystemError() }
            return fd
        case .userSpace:
            return try walk(root, components, flags: flags, mode: mode)
        }
    }

    private func walk(_ root: Int32, _ components: [String], flags: Int32, mode: mode_t) throws -> Int32 {
        var stack: [Int32] = []  // descriptors of the folders entered below root
        defer { stack.forEach { close($0) } }
        var pending = Array(components.reversed())
        var links = 0
        var top: Int32 { stack.last ?? root }

        func expand(_ name: String) throws -> Bool {
            var buf = [UInt8](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = buf.withUnsafeMutableBufferPointer { readlinkat(top, name, $0.baseAddress!, Int(PATH_MAX)) }
            guard n >= 0 else { return false }  // not (or no longer) a link: caller retries or fails
            links += 1
            guard links <= Self.maxLinks else { throw SystemError(ELOOP) }
            let target = String(decoding: buf[..<n], as: UTF8.self)
            if buf.first == PathBytes.separator { throw SystemError(EXDEV) }
            pending.append(contentsOf: PathBytes.components(target).reversed())
            return true
        }

        while let name = pending.popLast() {
            if PathBytes.isDot(name) { continue }
            if PathBytes.isDotDot(name) {
                guard let last = stack.popLast() else { throw SystemError(EXDEV) }
                close(last)
                continue
            }
            if pending.isEmpty {
                let fd = openat(top, name, flags | O_NOFOLLOW | O_CLOEXEC, mode)
                if fd >= 0 {
                    var st = Glibc.stat()
                    // O_PATH | O_NOFOLLOW opens a link itself: follow it like any other.
                    if (flags & O_PATH) == 0 || fstat(fd, &st) != 0 || (st.st_mode & S_IFMT) != S_IFLNK { return fd }
                    close(fd)
                    if try expand(name) { continue }
                    pending.append(name)
                    continue
                }
                let e = errno
                if e == ELOOP || e == ENOTDIR || e == EMLINK {
                    if try expand(name) { continue }
                    if links < Self.maxLinks, e == ELOOP { links += 1; pending.append(name); continue }  // swapped back
                }
                throw SystemError(e)
            }
            let fd = openat(top, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
            if fd >= 0 {
                stack.append(fd)
                continue
            }
            let e = errno
            if e == ELOOP || e == ENOTDIR, try expand(name) { continue }
            throw SystemError(e)
        }
        // Every component was `.` or `..` back to a folder: reopen that folder.
        let fd = openat(top, ".", flags | O_CLOEXEC, mode)
        guard fd >= 0 else { throw SystemError() }
        return fd
    }
}
