#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

/// A saved file as `getSavedFileList` reports it.
public struct SavedFile: Sendable, Equatable {
    public let filePath: String
    public let size: Int64
    /// Seconds since 1970.
    public let createTime: Int64
}

/// The files of one app in one dialect: temp files of this run, saved files, the user folder,
/// and the quota shared by saved and user files.
public final class AppFiles: Sendable {
    public let sandbox: AppSandbox
    public let resolver: PathResolver
    public let quota: Int64

    public var dialect: Dialect { resolver.dialect }

    public init(sandbox: AppSandbox, dialect: Dialect, quota: Int64? = nil) {
        self.sandbox = sandbox
        self.resolver = PathResolver(sandbox: sandbox, dialect: dialect)
        self.quota = quota ?? dialect.defaultStorageQuota
    }

    public func resolve(_ path: String) throws -> SandboxPath { try resolver.resolve(path) }

    // MARK: Temp files

    /// A fresh temp file name: returns its virtual path and the host path to write.
    public func reserveTempFile(ext: String) -> (virtualPath: String, hostPath: String) {
        let id = Self.newID()
        let cleanExt = ext.filter { $0.isLetter || $0.isNumber }.lowercased()
        let name = cleanExt.isEmpty ? id : "\(id).\(cleanExt)"
        let (stem, e) = PathResolver.splitExtension(name)
        return (dialect.tempPath(id: stem, ext: e), sandbox.tempDir.appendingPathComponent(name).path)
    }

    /// Writes `bytes` to a new temp file and returns its virtual path.
    public func createTempFile(ext: String, bytes: [UInt8]) throws -> String {
        let (virtual, host) = reserveTempFile(ext: ext)
        try AtomicFile.write(bytes, to: host)
        return virtual
    }

    static func newID() -> String {
        var rng = SystemRandomNumberGenerator()
        let a = rng.next() as UInt64
        let b = rng.next() as UInt32
        return String(a, radix: 16).leftPadded(16) + String(b, radix: 16).leftPadded(8)
    }

    // MARK: Saved files

    /// Moves a temp file into persistent storage (or to `filePath` in the user folder).
    /// The temp path stops working.
    public func saveFile(tempFilePath: String, filePath: String? = nil) throws -> String {
        let source = try resolve(tempFilePath)
        guard source.area == .temp || source.area == .user, isRegularFile(source.hostPath) else {
            throw MediaError(.fileNotFound, "tempFilePath file not exist")
        }
        let size = fileSize(source.hostPath)
        let destVirtual: String
        let destHost: String
        if let filePath {
            let dest = try resolve(filePath)
            guard dest.area == .user, !dest.isAreaRoot else {
                throw MediaError(.permissionDenied, "permission denied, open \(filePath)")
            }
            guard isDirectory((dest.hostPath as NSString).deletingLastPathComponent) else {
                throw MediaError(.fileNotFound, "no such file or directory, open \(filePath)")
            }
            destVirtual = filePath
            destHost = dest.hostPath
        } else {
            let name = (source.hostPath as NSString).lastPathComponent
            let (_, ext) = PathResolver.splitExtension(name)
            let id = Self.newID()
            destVirtual = dialect.savedPath(id: id, ext: ext)
            destHost = sandbox.storeDir.appendingPathComponent(ext.isEmpty ? id : "\(id).\(ext)").path
        }
        let replaced = source.area == .user ? size : 0  // moving inside the quota area adds nothing
        try checkQuota(adding: size, replacing: replaced + (isRegularFile(destHost) ? fileSize(destHost) : 0))
        guard rename(source.hostPath, destHost) == 0 else { throw AtomicFile.ioError("rename", destVirtual) }
        return destVirtual
    }

    public func savedFiles() -> [SavedFile] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: sandbox.storeDir.path)) ?? [])
            .filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            let host = sandbox.storeDir.appendingPathComponent(name).path
            guard let st = Self.stat(host) else { return nil }
            return SavedFile(
                filePath: resolver.virtualPath(area: .saved, components: [name]),
                size: Int64(st.st_size), createTime: Int64(st.st_mtim.tv_sec))
        }
    }

    /// The saved file at `path`, which must be a saved-file path.
    public func savedFile(_ path: String) throws -> SavedFile {
        let p = try resolve(path)
        guard p.area == .saved, let st = Self.stat(p.hostPath), (st.st_mode & S_IFMT) == S_IFREG else {
            throw MediaError(.fileNotFound, "file not exist")
        }
        return SavedFile(filePath: path, size: Int64(st.st_size), createTime: Int64(st.st_mtim.tv_sec))
    }

    public func removeSavedFile(_ path: String) throws {
        let file = try savedFile(path)
        let p = try resolve(file.filePath)
        guard unlink(p.hostPath) == 0 else { throw MediaError(.fileNotFound, "file not exist") }
    }

    /// `getFileInfo`: size and digest of any readable file.
    public func fileInfo(_ path: String, algorithm: DigestAlgorithm) throws -> (size: Int64, digest: String) {
        let p = try resolve(path)
        guard isRegularFile(p.hostPath) else { throw MediaError(.fileNotFound, "file not exist") }
        return (fileSize(p.hostPath), try algorithm.hexDigest(ofFile: p.hostPath))
    }

    // MARK: Quota

    /// Bytes used by saved and user files.
    public func usage() -> Int64 {
        Self.treeSize(sandbox.storeDir.path) + Self.treeSize(sandbox.userDir.path)
    }

    /// Fails with the platform's storage-limit error if adding `adding` bytes (after freeing
    /// `replacing`) would exceed the quota.
    public func checkQuota(adding: Int64, replacing: Int64 = 0) throws {
        if usage() - replacing + adding > quota {
            throw MediaError(.storageLimitExceeded, "the maximum size of the file storage limit is exceeded")
        }
    }

    // MARK: Helpers

    static func stat(_ path: String) -> stat? {
        var st = Glibc.stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    func isRegularFile(_ path: String) -> Bool { Self.stat(path).map { ($0.st_mode & S_IFMT) == S_IFREG } ?? false }
    func isDirectory(_ path: String) -> Bool { Self.stat(path).map { ($0.st_mode & S_IFMT) == S_IFDIR } ?? false }
    func fileSize(_ path: String) -> Int64 { Self.stat(path).map { Int64($0.st_size) } ?? 0 }

    static func treeSize(_ path: String) -> Int64 {
        guard let e = FileManager.default.enumerator(atPath: path) else { return 0 }
        var total: Int64 = 0
        while let rel = e.nextObject() as? String {
            if let st = stat(path + "/" + rel), (st.st_mode & S_IFMT) == S_IFREG { total += Int64(st.st_size) }
        }
        return total
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
