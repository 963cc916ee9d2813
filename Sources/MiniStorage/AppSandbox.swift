import Foundation
import MiniCore

/// The folders one app may touch, created on demand, with their real (symlink-free) paths.
public struct AppSandbox: Sendable {
    public let appID: AppID
    public let root: URL
    public let tempDir: URL
    public let storeDir: URL
    public let userDir: URL
    /// The mini-program's own files (read-only), if it has a package folder.
    public let packageDir: URL?

    /// Throws a `StorageFault` reason when the data dir cannot hold the app's folders.
    public init(dataDirectory: DataDirectory, appID: AppID, packageDir: URL?) throws {
        self.appID = appID
        let root = dataDirectory.appRoot(appID)
        for sub in ["tmp", "store", "usr"] {
            try StorageFault.createDirectory(root.appendingPathComponent(sub).path)
        }
        let real = URL(fileURLWithPath: SandboxPath.realPath(root.path) ?? root.path)
        self.root = real
        tempDir = real.appendingPathComponent("tmp")
        storeDir = real.appendingPathComponent("store")
        userDir = real.appendingPathComponent("usr")
        self.packageDir = packageDir.map { URL(fileURLWithPath: SandboxPath.realPath($0.path) ?? $0.path) }
    }

    /// Deletes every temp file of an earlier run.
    public func sweepTemp() throws {
        let fm = FileManager.default
        for name in (try? fm.contentsOfDirectory(atPath: tempDir.path)) ?? [] {
            do { try fm.removeItem(at: tempDir.appendingPathComponent(name)) } catch {
                throw StorageFault.map(error, directory: tempDir.path)
            }
        }
    }
}
