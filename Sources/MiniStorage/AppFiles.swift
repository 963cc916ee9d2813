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
/// the quota shared by saved and user files, and the separate quota of temp files.
///
/// Everything goes through the sandbox's folder descriptors (`SandboxDirectory`): consumers get
/// bytes or an `OpenFile`, never a host path to open.
public final class AppFiles: Sendable {
    public let sandbox: AppSandbox
    public let resolver: PathResolver
    /// Bytes allowed in saved and user files.
    public let quota: Int64
    /// Bytes allowed in temp files (downloads, photos, compressed images, copies); default the
    /// dialect's storage quota.
    public let tempQuota: Int64

    public var dialect: Dialect { resolver.dialect }

    public init(sandbox: AppSandbox, dialect: Dialect, quota: Int64? = nil, tempQuota: Int64? = nil) {
        self.sandbox = sandbox
        self.resolver = PathResolver(sandbox: sandbox, dialect: dialect)
        self.quota = quota ?? dialect.defaultStorageQuota
        self.tempQuota = tempQuota ?? dialect.defaultStorageQuota
    }

    public func resolve(_ path: String) throws -> SandboxPath { try resolver.resolve(path) }

    // MARK: Reading

    /// Opens a regular file JS names (any area), beneath its area's folder.
    public func openFile(_ path: String) throws -> OpenFile {
        try openFile(try resolve(path))
    }

    public func openFile(_ p: SandboxPath) throws -> OpenFile {
        let file: OpenFile
        do { file = try p.open() } catch let e as SystemError { throw PathRefusal.failure(e, "open", p.virtualPath) }
        guard file.isRegularFile else {
            throw file.isDirectory
                ? MediaError(.isDirectory, "illegal operation on a directory, open \(p.virtualPath)")
                : MediaError(.fileNotFound, "no such file or directory, open \(p.virtualPath)")
        }
        return file
    }

    /// The contents of a regular file JS names.
    public func read(_ path: String, maxBytes: Int64 = .max) throws -> [UInt8] {
        let file = try openFile(path)
        do { return try file.readAll(maxBytes: maxBytes) } catch let e as SystemError {
            throw e.code == EFBIG ? MediaError(.ioError, "file too large, open \(path)") : PathRefusal.failure(e, "read", path)
        }
    }

    // MARK: Temp files

    /// A partial file to fill, then hand to `commitTempFile`.
    public func stageFile() throws -> StagedFile {
        do { return try StagedFile(in: sandbox.partial) } catch let e as SystemError {
            throw MediaError(.ioError, "cannot create a partial file: \(e.text)")
        }
    }

    /// Moves a staged file into temp as a new temp file, within the temp quota.
    public func commitTempFile(_ staged: StagedFile, ext: String) throws -> String {
        try checkTempQuota(adding: staged.size)
        let id = Self.newID()
        let cleanExt = ext.unicodeScalars.filter { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)) }
        let e = String(String.UnicodeScalarView(cleanExt)).lowercased()
        let name = e.isEmpty ? id : "\(id).\(e)"
        do { try staged.commit(into: sandbox.temp.handle, as: name) } catch let err as SystemError {
            throw MediaError(.ioError, "cannot write a temp file: \(err.text)")
        }
        let (stem, ext2) = PathResolver.splitExtension(name)
        return dialect.tempPath(id: stem, ext: ext2)
    }

    /// Writes `bytes` to a new temp file and returns its virtual path.
    public func createTempFile(ext: String, bytes: [UInt8]) throws -> String {
        let staged = try stageFile()
        do { try staged.file.write(bytes) } catch let e as SystemError { throw MediaError(.ioError, "write failed: \(e.text)") }
        return try commitTempFile(staged, ext: ext)
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
        guard source.area == .temp || source.area == .user, !source.isAreaRoot,
            let (srcFolder, srcName) = try? source.directory.parent(of: source.components),
            let st = SandboxDirectory.lstat(srcFolder, srcName), (st.st_mode & S_IFMT) == S_IFREG
        else {
            throw MediaError(.fileNotFound, "tempFilePath file not exist")
        }
        let size = Int64(st.st_size)
        let destVirtual: String
        let destFolder: OpenFile
        let destName: String
        if let filePath {
            let dest = try resolve(filePath)
            guard dest.area == .user, !dest.isAreaRoot else {
                throw MediaError(.permissionDenied, "permission denied, open \(filePath)")
            }
            guard let (folder, name) = try? dest.directory.parent(of: dest.components) else {
                throw MediaError(.fileNotFound, "no such file or directory, open \(filePath)")
            }
            (destVirtual, destFolder, destName) = (filePath, folder, name)
        } else {
            let (_, ext) = PathResolver.splitExtension(srcName)
            let id = Self.newID()
            destVirtual = dialect.savedPath(id: id, ext: ext)
            (destFolder, destName) = (sandbox.store.handle, ext.isEmpty ? id : "\(id).\(ext)")
        }
        let replaced = source.area == .user ? size : 0  // moving inside the quota area adds nothing
        let existing = SandboxDirectory.lstat(destFolder, destName).map { ($0.st_mode & S_IFMT) == S_IFREG ? Int64($0.st_size) : 0 } ?? 0
        try checkQuota(adding: size, replacing: replaced + existing)
        guard renameat(srcFolder.fd, srcName, destFolder.fd, destName) == 0 else {
            throw AtomicFile.ioError("rename", destVirtual)
        }
        return destVirtual
    }

    public func savedFiles() -> [SavedFile] {
        let names = ((try? SandboxDirectory.entries(sandbox.store.handle)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
        return names.compactMap { name in
            guard let st = SandboxDirectory.lstat(sandbox.store.handle, name), (st.st_mode & S_IFMT) == S_IFREG else { return nil }
            return SavedFile(
                filePath: resolver.virtualPath(area: .saved, components: [name]),
                size: Int64(st.st_size), createTime: Int64(st.st_mtim.tv_sec))
        }
    }

    /// The saved file at `path`, which must be a saved-file path.
    public func savedFile(_ path: String) throws -> SavedFile {
        let p = try resolve(path)
        guard p.area == .saved, p.components.count == 1,
            let st = SandboxDirectory.lstat(sandbox.store.handle, p.components[0]), (st.st_mode & S_IFMT) == S_IFREG
        else {
            throw MediaError(.fileNotFound, "file not exist")
        }
        return SavedFile(filePath: path, size: Int64(st.st_size), createTime: Int64(st.st_mtim.tv_sec))
    }

    public func removeSavedFile(_ path: String) throws {
        let p = try resolve(path)
        _ = try savedFile(path)
        guard unlinkat(sandbox.store.fd, p.components[0], 0) == 0 else { throw MediaError(.fileNotFound, "file not exist") }
    }

    /// `getFileInfo`: size and digest of any readable file, read through its descriptor.
    public func fileInfo(_ path: String, algorithm: DigestAlgorithm) throws -> (size: Int64, digest: String) {
        let file: OpenFile
        do { file = try openFile(path) } catch let e as MediaError where e.code != .permissionDenied {
            throw MediaError(.fileNotFound, "file not exist")
        }
        return (file.size, try algorithm.hexDigest(of: file))
    }

    // MARK: Quota

    /// Bytes used by saved and user files.
    public func usage() -> Int64 { sandbox.store.treeSize() + sandbox.user.treeSize() }

    /// Bytes used by temp files.
    public func tempUsage() -> Int64 { sandbox.temp.treeSize() }

    /// Fails with the platform's storage-limit error if adding `adding` bytes (after freeing
    /// `replacing`) would exceed the quota.
    public func checkQuota(adding: Int64, replacing: Int64 = 0) throws {
        if usage() - replacing + adding > quota {
            throw MediaError(.storageLimitExceeded, "the maximum size of the file storage limit is exceeded")
        }
    }

    /// The same for temp files and `tempQuota`.
    public func checkTempQuota(adding: Int64, replacing: Int64 = 0) throws {
        if tempUsage() - replacing + adding > tempQuota {
            throw MediaError(.storageLimitExceeded, "the maximum size of the file storage limit is exceeded")
        }
    }
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
