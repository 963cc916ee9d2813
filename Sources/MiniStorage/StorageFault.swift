#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import MiniCore

/// The one place where a data-dir failure (SQLite, a folder that cannot be made, a file copy)
/// becomes a `MediaError` with a precise reason, so every API and the command line say the same
/// thing: `<api>:fail data directory is not writable`, `… is full`, `… was removed or replaced`.
///
/// Reasons never contain host paths (page code sees them); the command line adds the path.
public enum StorageFault {
    public static let notWritable = MediaError(.ioError, "data directory is not writable")
    public static let full = MediaError(.ioError, "data directory is full")
    public static let vanished = MediaError(.ioError, "data directory was removed or replaced")
    public static let busy = MediaError(.ioError, "data directory is busy (database is locked)")
    public static let notAFolder = MediaError(.ioError, "data directory is not a folder")

    /// A damaged database file.
    public static func damaged(_ detail: String) -> MediaError {
        MediaError(.ioError, "data directory is damaged: \(detail)")
    }

    /// `error` (from SQLite, Foundation or the file layer) while using a store or folder in
    /// `directory`, as the precise fault. An I/O failure is explained by the folder's state
    /// (gone, read-only, out of space); SQLite's result code decides the rest. A `MediaError`
    /// already is a reason and passes unchanged.
    public static func map(_ error: any Error, directory: String) -> MediaError {
        if let e = error as? MediaError { return e }
        if let db = error as? DatabaseError {
            switch db.resultCode {
            case .SQLITE_FULL: return full
            case .SQLITE_BUSY, .SQLITE_LOCKED: return busy
            case .SQLITE_CORRUPT, .SQLITE_NOTADB: return damaged(db.message ?? "\(db.resultCode)")
            case .SQLITE_READONLY, .SQLITE_CANTOPEN, .SQLITE_PERM: return diagnose(directory: directory) ?? notWritable
            case .SQLITE_IOERR: return diagnose(directory: directory) ?? storageError(db)
            default: return storageError(db)
            }
        }
        if let diagnosed = diagnose(directory: directory) { return diagnosed }
        let ns = error as NSError
        let posix = (ns.userInfo[NSUnderlyingErrorKey] as? NSError).flatMap { $0.domain == NSPOSIXErrorDomain ? $0.code : nil }
            ?? (ns.domain == NSPOSIXErrorDomain ? ns.code : nil)
        switch posix.map(Int32.init) {
        case EROFS, EACCES, EPERM: return notWritable
        case ENOSPC, EDQUOT: return full
        case ENOENT, ENOTDIR: return vanished
        default: break
        }
        switch (error as? CocoaError)?.code {
        case .fileWriteNoPermission?, .fileWriteVolumeReadOnly?: return notWritable
        case .fileWriteOutOfSpace?: return full
        default: return MediaError(.ioError, "storage error: \(posix.map { String(cString: strerror(Int32($0))) } ?? "\(ns.domain) \(ns.code)")")
        }
    }

    private static func storageError(_ e: DatabaseError) -> MediaError {
        MediaError(.ioError, "storage error: \(e.message ?? "\(e.resultCode)")")
    }

    /// What is wrong with `directory`, if anything: missing, on a read-only file system or not
    /// writable by this process, or with less than `neededBytes` (plus a margin) free.
    public static func diagnose(directory: String, neededBytes: Int64 = 0) -> MediaError? {
        var st = stat()
        guard stat(directory, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR else { return vanished }
        var fs = statvfs()
        if statvfs(directory, &fs) == 0 {
            if fs.f_flag & UInt(ST_RDONLY) != 0 { return notWritable }
            let free = Int64(fs.f_bavail) * Int64(fs.f_frsize)
            if free < neededBytes + 64 * 1024 { return full }
        }
        if access(directory, W_OK) != 0 { return notWritable }
        return nil
    }

    /// Creates `directory` (and its parents) or throws the precise fault. Safe when several
    /// processes create it at once.
    public static func createDirectory(_ directory: String) throws {
        let fm = FileManager.default
        for attempt in 0..<3 {
            do {
                try fm.createDirectory(atPath: directory, withIntermediateDirectories: true)
                return
            } catch {
                var isDir: ObjCBool = false
                if fm.fileExists(atPath: directory, isDirectory: &isDir), isDir.boolValue { return }
                guard attempt == 2 else { continue }
                let existing = nearestExisting(directory)
                var st = stat()
                if stat(existing, &st) == 0, (st.st_mode & S_IFMT) != S_IFDIR { throw notAFolder }
                throw map(error, directory: existing)
            }
        }
    }

    /// The closest existing ancestor of `path` (where a fault can be diagnosed).
    static func nearestExisting(_ path: String) -> String {
        var p = path
        while !p.isEmpty, p != "/", access(p, F_OK) != 0 { p = (p as NSString).deletingLastPathComponent }
        return p.isEmpty ? "/" : p
    }
}
