#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

extension MediaError.Code {
    /// The data dir and the package overlap (one inside the other): a usage error.
    public static let overlappingDataDirectory = Self(rawValue: "overlappingDataDirectory")
}

/// The folders one app may touch, created on demand and held open by descriptor
/// (`SandboxDirectory`), so every access from JS is resolved beneath them by the kernel.
///
/// The package and the data dir must be disjoint: a data dir inside the package (for example the
/// default `~/.local/share/minimedia` when the page lives in `$HOME`) would let package paths
/// read every app's files and settings, and a package inside the data dir would let them read
/// another app's; both are refused with `.overlappingDataDirectory`.
public struct AppSandbox: Sendable {
    public let appID: AppID
    public let root: URL
    public let tempDir: URL
    public let storeDir: URL
    public let userDir: URL
    /// The mini-program's own files (read-only), if it has a package folder.
    public let packageDir: URL?

    public let temp: SandboxDirectory
    public let store: SandboxDirectory
    public let user: SandboxDirectory
    /// nil when there is no package folder (or it cannot be opened).
    public let package: SandboxDirectory?
    /// Files being written (`StagedFile`): not an area, not counted in any quota.
    public let partial: SandboxDirectory
    /// The app's own folder, held open so that its removal under a running app is noticed.
    public let home: SandboxDirectory

    public init(dataDirectory: DataDirectory, appID: AppID, packageDir: URL?, walk: BeneathWalk = .automatic) throws {
        self.appID = appID
        let realPackage = packageDir.map { URL(fileURLWithPath: SandboxPath.realPath($0.path) ?? $0.path) }
        if let realPackage { try Self.checkDisjoint(data: dataDirectory.root, package: realPackage) }
        let root = dataDirectory.appRoot(appID)
        // Throws a `StorageFault` reason when the data dir cannot hold the app's folders.
        try StorageFault.createDirectory(root.path)
        let real = URL(fileURLWithPath: SandboxPath.realPath(root.path) ?? root.path)
        self.root = real
        tempDir = real.appendingPathComponent("tmp")
        storeDir = real.appendingPathComponent("store")
        userDir = real.appendingPathComponent("usr")
        self.packageDir = realPackage
        func open(_ url: URL) throws -> SandboxDirectory {
            do { return try SandboxDirectory(path: url.path, create: true, walk: walk) } catch {
                throw StorageFault.map(error, directory: url.path)
            }
        }
        home = try open(real)
        temp = try open(tempDir)
        store = try open(storeDir)
        user = try open(userDir)
        partial = try open(real.appendingPathComponent("partial"))
        package = realPackage.flatMap { try? SandboxDirectory(path: $0.path, walk: walk) }
        try sweepPartial()
    }

    /// True once the app's folder was removed (its data dir deleted mid-run): nothing may be
    /// created in its place, or what the app keeps there would silently start over.
    public var isRemoved: Bool { home.isRemoved }

    public func directory(_ area: FileArea) -> SandboxDirectory? {
        switch area {
        case .temp: temp
        case .saved: store
        case .user: user
        case .package: package
        }
    }

    /// Deletes every temp file of an earlier run.
    public func sweepTemp() throws {
        do { try temp.removeAll() } catch { throw StorageFault.map(error, directory: tempDir.path) }
    }

    /// Deletes the partial files that processes no longer running left behind (killed mid-write:
    /// they count in no quota, but use disk). Files of live processes (this one included) stay.
    public func sweepPartial() throws {
        do {
            for name in try SandboxDirectory.entries(partial.handle) where !Self.writerIsAlive(name) {
                try SandboxDirectory.removeTree(partial.handle, name)
            }
        } catch let e as SystemError {
            throw MediaError(.ioError, "cannot sweep partial files: \(e.text)")
        }
    }

    /// Partial files are named `<pid>-<random>` by `StagedFile`.
    static func writerIsAlive(_ name: String) -> Bool {
        guard let dash = name.utf8.firstIndex(of: 0x2D), let pid = Int32(String(name[..<dash])), pid > 0 else { return false }
        return pid == getpid() || kill(pid, 0) == 0 || errno == EPERM
    }

    /// Refuses a data dir inside the package, or a package inside the data dir.
    static func checkDisjoint(data: URL, package: URL) throws {
        let d = Self.realPrefix(data.path)
        let p = package.path
        func inside(_ a: String, _ b: String) -> Bool { a == b || PathBytes.hasPrefix(a, b == "/" ? "/" : b + "/") }
        if inside(d, p) {
            throw MediaError(
                .overlappingDataDirectory,
                "the data dir \(d) lies inside the mini-program package \(p): page code could read it; "
                    + "choose a data dir outside the package (--data-dir or MINIMEDIA_HOME)")
        }
        if inside(p, d) {
            throw MediaError(
                .overlappingDataDirectory,
                "the mini-program package \(p) lies inside the data dir \(d); move the package or choose another data dir")
        }
    }

    /// `realpath` of the longest existing prefix of `path`, with the rest appended (the data
    /// dir may not exist yet).
    static func realPrefix(_ path: String) -> String {
        var head = URL(fileURLWithPath: path).standardizedFileURL.path
        var tail: [String] = []
        while head != "/" && !head.isEmpty {
            if let real = SandboxPath.realPath(head) { return ([real == "/" ? "" : real] + tail.reversed()).joined(separator: "/") }
            tail.append(PathBytes.lastComponent(head))
            head = URL(fileURLWithPath: head).deletingLastPathComponent().path
        }
        return "/" + tail.reversed().joined(separator: "/")
    }
}
