#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fresh folder under the system temp dir, removed (with everything in it, whoever wrote it:
/// this process, a spawned CLI) when this value is deinitialised. Hold it for as long as the
/// folder is used, or use `withTemporaryDirectory` for a scope.
public final class TemporaryDirectory: @unchecked Sendable {
    public let url: URL

    public init(_ label: String = "minimedia") {
        _ = Self.sweptOnce
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("\(label)-\(UUID().uuidString.prefix(8))\(Self.marker)\(getpid())")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Names end in `-mmt<pid>`: a folder whose process is gone (a test run that crashed never
    /// reaches deinit) is removed by the next run's first `TemporaryDirectory`.
    static let marker = "-mmt"

    private static let sweptOnce: Void = sweepStale()

    /// Removes the temporary folders of test processes that are gone.
    public static func sweepStale() {
        let tmp = FileManager.default.temporaryDirectory.path
        for name in (try? FileManager.default.contentsOfDirectory(atPath: tmp)) ?? [] {
            guard let range = name.range(of: marker, options: .backwards),
                let pid = Int32(name[range.upperBound...]), pid != getpid(), kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            removeTree(tmp + "/" + name)
        }
    }

    public var path: String { url.path }

    public func file(_ relative: String) -> URL { url.appendingPathComponent(relative) }

    /// Writes a text file (creating folders).
    @discardableResult
    public func write(_ relative: String, _ text: String) throws -> URL {
        let u = file(relative)
        try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: u)
        return u
    }

    /// Removes the folder now (also done at deinit).
    public func remove() { Self.removeTree(url.path) }

    deinit { Self.removeTree(url.path) }

    /// Removes `path` and everything under it, making read-only folders writable first (a test
    /// may have taken the write bit away) and detaching anything still mounted inside.
    static func removeTree(_ path: String) {
        let fm = FileManager.default
        if (try? fm.removeItem(atPath: path)) != nil || !fm.fileExists(atPath: path) { return }
        let mounts = (try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8)) ?? ""
        for line in mounts.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count > 1 else { continue }
            let point = fields[1].replacingOccurrences(of: "\\040", with: " ")
            if point == path || point.hasPrefix(path + "/") { umount2(point, Int32(MNT_DETACH)) }
        }
        if let walker = fm.enumerator(atPath: path) {
            for case let sub as String in walker {
                try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path + "/" + sub)
            }
        }
        try? fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        try? fm.removeItem(atPath: path)
    }
}

/// Runs `body` with a fresh temporary folder, removed when `body` returns or throws.
public func withTemporaryDirectory<T>(_ label: String = "minimedia", _ body: (TemporaryDirectory) throws -> T) rethrows -> T {
    let dir = TemporaryDirectory(label)
    defer { dir.remove() }
    return try body(dir)
}

/// `withTemporaryDirectory` for async bodies.
public func withTemporaryDirectory<T>(
    _ label: String = "minimedia", isolation: isolated (any Actor)? = #isolation,
    _ body: (TemporaryDirectory) async throws -> T
) async rethrows -> T {
    let dir = TemporaryDirectory(label)
    defer { dir.remove() }
    return try await body(dir)
}
