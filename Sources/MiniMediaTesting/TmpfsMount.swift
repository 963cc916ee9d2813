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

    /// Whether this process may mount a tmpfs (also unmounts what crashed test runs left).
    public static let isAvailable: Bool = {
        sweepStale()
        return TmpfsMount(kilobytes: 64) != nil
    }()

    /// The mount's source name, `minimedia-test-<pid>`, so a later run can tell a mount whose
    /// process died (a crashed test run never reaches deinit) and remove it.
    private static let source = "minimedia-test-\(getpid())"

    /// Mounts a tmpfs of `kilobytes` on `target` (created if needed) or on a new temporary
    /// folder, read-only from the start if asked.
    public init?(kilobytes: Int, readOnly: Bool = false, at target: URL? = nil) {
        owned = target == nil ? TemporaryDirectory("tmpfs") : nil
        url = target ?? owned!.url
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let flags: UInt = readOnly ? UInt(MS_RDONLY) : 0
        guard mount(Self.source, url.path, "tmpfs", flags, "size=\(kilobytes)k,mode=0755") == 0 else { return nil }
    }

    public var path: String { url.path }

    /// Makes the file system read-only (every file written so far must be closed).
    public func remountReadOnly() throws {
        guard mount(Self.source, path, "tmpfs", UInt(MS_REMOUNT | MS_RDONLY), nil) == 0 else {
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

    /// Unmounts the tmpfs mounts of test processes that are gone, and removes their folders.
    static func sweepStale() {
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 2, fields[2] == "tmpfs", fields[0].hasPrefix("minimedia-test-"),
                let pid = Int32(fields[0].dropFirst("minimedia-test-".count)), pid != getpid(),
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            umount2(point, Int32(MNT_DETACH))
            if (point as NSString).lastPathComponent.hasPrefix("tmpfs-") { try? FileManager.default.removeItem(atPath: point) }
        }
    }

    deinit {
        if filler >= 0 { close(filler) }
        umount2(path, Int32(MNT_DETACH))
    }
}
