#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB
import MiniCore
import MiniImaging
import MiniStorage

/// The device-wide photo album every app shares: files under `<albumRoot>/files/` and an index
/// in `<albumRoot>/album.sqlite` (an `SQLiteStore`, like `PermissionStore`: every process and
/// app saves into it at once).
///
/// A file is copied in completely (temp name, fsync, rename) before its row is written, so a
/// crash never leaves a row without its file; an orphaned file (crash between the two steps)
/// is invisible and harmless.
public final class PhotoLibrary: Sendable {
    /// `<data>/album`.
    public let root: URL
    /// Where the files live.
    public let filesDir: URL
    private let db: SQLiteStore
    private let clock: any MediaClock

    /// Opens (creating if needed) the album at `root`.
    public init(root: URL, clock: any MediaClock = SystemClock(), options: SQLiteStore.Options = .init()) throws {
        self.root = root
        filesDir = root.appendingPathComponent("files")
        self.clock = clock
        try StorageFault.createDirectory(filesDir.path)
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "item") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("filename", .text).notNull().unique()
                t.column("type", .text).notNull()
                t.column("width", .integer).notNull()
                t.column("height", .integer).notNull()
                t.column("size", .integer).notNull()
                t.column("created", .double).notNull()
                t.column("source_app", .text).notNull()
            }
        }
        db = try SQLiteStore(path: root.appendingPathComponent("album.sqlite").path, migrator: migrator, options: options)
    }

    /// The album index underneath.
    public var database: SQLiteStore { db }

    /// Opens the album of a data directory.
    public convenience init(dataDirectory: DataDirectory, clock: any MediaClock = SystemClock()) throws {
        try self.init(root: dataDirectory.albumRoot, clock: clock)
    }

    /// Copies the image at `hostPath` into the album. Throws `.invalidImage` when the file is
    /// not an image MiniImaging can read the header of.
    @discardableResult
    public func addImage(at hostPath: String, sourceApp: String) throws -> AlbumItem {
        let header: ImageHeader
        do { header = try ImageProbe.probe(path: hostPath) } catch let e as ImagingError {
            throw PhotoErrors.notAnImage(e)
        }
        let ext = header.format == .jpeg ? "jpg" : header.format.rawValue
        return try add(at: hostPath, ext: ext, kind: .image, width: header.width, height: header.height, sourceApp: sourceApp)
    }

    /// Adds encoded image bytes (an app's file, read through its sandbox) to the album.
    @discardableResult
    public func addImage(bytes: [UInt8], sourceApp: String) throws -> AlbumItem {
        let header: ImageHeader
        do { header = try ImageProbe.probe(data: bytes) } catch let e as ImagingError {
            throw PhotoErrors.notAnImage(e)
        }
        let ext = header.format == .jpeg ? "jpg" : header.format.rawValue
        return try add(bytes: bytes, ext: ext, kind: .image, width: header.width, height: header.height, sourceApp: sourceApp)
    }

    /// Copies any host file (one the host names, not a path from JS) into the album as `kind`.
    public func add(at hostPath: String, ext: String, kind: AlbumItem.Kind, width: Int, height: Int, sourceApp: String)
        throws -> AlbumItem
    {
        let bytes: Data
        do { bytes = try Data(contentsOf: URL(fileURLWithPath: hostPath)) } catch {
            throw MediaError(.fileNotFound, "file not found")
        }
        return try add(bytes: [UInt8](bytes), ext: ext, kind: kind, width: width, height: height, sourceApp: sourceApp)
    }

    /// Stores `bytes` in the album as `kind`, with the size given.
    public func add(bytes: [UInt8], ext: String, kind: AlbumItem.Kind, width: Int, height: Int, sourceApp: String)
        throws -> AlbumItem
    {
        let cleanExt = ext.filter { $0.isLetter || $0.isNumber }.lowercased()
        let filename = UUID().uuidString.lowercased() + (cleanExt.isEmpty ? "" : ".\(cleanExt)")
        let dest = filesDir.appendingPathComponent(filename).path
        try db.checkPresent()
        do {
            try bytes.withUnsafeBytes { try AtomicFile.write($0, to: dest) }
        } catch {
            throw StorageFault.diagnose(directory: filesDir.path, neededBytes: Int64(bytes.count)) ?? error
        }
        let created = clock.wallTime()
        do {
            let id = try db.write { db -> Int64 in
                try db.execute(
                    sql: """
                        INSERT INTO item(filename, type, width, height, size, created, source_app)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [filename, kind.rawValue, width, height, bytes.count, created, sourceApp])
                return db.lastInsertedRowID
            }
            return AlbumItem(
                id: id, filename: filename, kind: kind, width: width, height: height, size: Int64(bytes.count),
                created: created, sourceApp: sourceApp)
        } catch {
            unlink(dest)
            throw error
        }
    }

    /// Items, newest first, optionally of one kind and at most `limit`.
    public func items(kind: AlbumItem.Kind? = nil, limit: Int? = nil) throws -> [AlbumItem] {
        var sql = "SELECT * FROM item"
        var arguments: StatementArguments = []
        if let kind {
            sql += " WHERE type = ?"
            arguments += [kind.rawValue]
        }
        sql += " ORDER BY id DESC"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        return try db.read { db in try Row.fetchAll(db, sql: sql, arguments: arguments).compactMap(Self.item) }
    }

    /// The item with `id`, nil if there is none.
    public func item(_ id: Int64) throws -> AlbumItem? {
        try db.read { db in try Row.fetchOne(db, sql: "SELECT * FROM item WHERE id = ?", arguments: [id]).flatMap(Self.item) }
    }

    /// The host path of an item's file.
    public func hostPath(of item: AlbumItem) -> String { filesDir.appendingPathComponent(item.filename).path }

    /// Removes an item and its file. Returns false if there was no such item.
    @discardableResult
    public func remove(_ id: Int64) throws -> Bool {
        guard let item = try item(id) else { return false }
        try db.write { db in try db.execute(sql: "DELETE FROM item WHERE id = ?", arguments: [id]) }
        unlink(hostPath(of: item))
        return true
    }

    /// Copies an item's file to `destination` (a host path; an existing folder gets the file inside).
    /// Returns the path written.
    @discardableResult
    public func export(_ id: Int64, to destination: String) throws -> String {
        guard let item = try item(id) else { throw MediaError(.fileNotFound, "no album item \(id)") }
        var isDir: ObjCBool = false
        var dest = destination
        if FileManager.default.fileExists(atPath: dest, isDirectory: &isDir), isDir.boolValue {
            dest = (dest as NSString).appendingPathComponent("album-\(item.id).\(item.fileExtension)")
        }
        let bytes = try Data(contentsOf: URL(fileURLWithPath: hostPath(of: item)))
        try bytes.withUnsafeBytes { try AtomicFile.write($0, to: dest) }
        return dest
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    public func integrityCheck() throws -> String { try db.integrityCheck() }

    private static func item(_ row: Row) -> AlbumItem? {
        guard let kind = AlbumItem.Kind(rawValue: row["type"]) else { return nil }
        return AlbumItem(
            id: row["id"], filename: row["filename"], kind: kind, width: row["width"], height: row["height"],
            size: row["size"], created: row["created"], sourceApp: row["source_app"])
    }
}
