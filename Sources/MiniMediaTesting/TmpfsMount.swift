#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A small tmpfs, for data-dir faults that need a real file system: a full disk (`fill()`) and
/// a read-only one (`readOnly:` or `remountReadOnly()`). Mounted on a temporary folder of its
/// own, or on a folder the test names (say `<data>/album`, to fault only the album). Needs root
/// (the test machines are); `TmpfsMount.isAvailable` says whether mounting works here.
///
/// Unmounted at deinit (lazily, so an open file cannot keep it mounted); its own folder is
/// removed too.
public final class TmpfsMount: @unchecked Sendable {
    public let url: URL
    private let owned: TemporaryDirectory?
    private var filler: Int32 = -1

    /// Whether this process may mount a tmpfs.
    public static let isAvailable: Bool = TmpfsMount(kilobytes: 64) != nil

    /// Mounts a tmpfs of `kilobytes` on `target` (created if needed) or on a new temporary
    /// folder, read-only from the start if asked.
    public init?(kilobytes: Int, readOnly: Bool = false, at target: URL? = nil) {
        owned = target == nil ? TemporaryDirectory("tmpfs") : nil
        url = target ?? owned!.url
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let flags: UInt = readOnly ? UInt(MS_RDONLY) : 0
        guard mount("tmpfs", url.path, "tmpfs", flags, "size=\(kilobytes)k,mode=0755") == 0 else { return nil }
    }

    public var path: String { url.path }

    /// Makes the file system read-only (every file written so far must be closed).
    public func remountReadOnly() throws {
        guard mount("tmpfs", path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
        }
    }

    /// Fills every free block with one file, so the next write fails with ENOSPC.
    public func fill() {
        if filler < 0 { filler = open(path + "/.filler", O_WRONLY | O_CREAT | O_CLOEXEC, 0o644) }
        guard filler >= 0 else { return }
        var chunk = [UInt8](repeating: 0xA5, count: 64 * 1024)
        for size in [64 * 1024, 4096, 512, 1] {
            while chunk.withUnsafeMutableBytes({ write(filler, $0.baseAddress!, size) }) == size {}
        }
    }

    /// Frees what `fill()` took.
    public func drain() {
        if filler >= 0 { close(filler) }
        filler = -1
        unlink(path + "/.filler")
    }

    deinit {
        if filler >= 0 { close(filler) }
        umount2(path, Int32(MNT_DETACH))
    }
}
