#if canImport(Glibc)
import Glibc
#endif

/// A file being written in the app's `partial/` folder: outside every area JS can name and
/// outside the quota-counted tree. `commit` flushes it to disk and renames it into place in one
/// step, so a crash leaves the old file or the new one, never half of one; an uncommitted file
/// is removed on deinit, and `AppSandbox` sweeps any a killed process left behind.
public final class StagedFile: @unchecked Sendable {
    public let staging: SandboxDirectory
    public let name: String
    public let file: OpenFile
    private var committed = false

    public init(in staging: SandboxDirectory) throws {
        var rng = SystemRandomNumberGenerator()
        let name = "\(getpid())-\(String(rng.next() as UInt64, radix: 16))"
        let fd = openat(staging.fd, name, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw SystemError() }
        self.staging = staging
        self.name = name
        self.file = OpenFile(adopting: fd)
    }

    public var size: Int64 { file.size }

    /// Copies everything from `source` (from its start) into this file.
    public func copy(from source: OpenFile) throws {
        var offset: Int64 = 0
        while true {
            let chunk = try source.read(at: offset, count: 1 << 20)
            if chunk.isEmpty { break }
            try file.write(chunk)
            offset += Int64(chunk.count)
        }
    }

    /// fsync, then `renameat` over `name` inside `folder`.
    public func commit(into folder: OpenFile, as target: String) throws {
        try file.sync()
        guard renameat(staging.fd, name, folder.fd, target) == 0 else { throw SystemError() }
        committed = true
        fsync(folder.fd)
    }

    deinit {
        if !committed { unlinkat(staging.fd, name, 0) }
    }
}
