import Foundation
import GRDB
import MiniCore

/// One stored value as the storage APIs keep it: the JS type of the value (`String`, `Number`,
/// `Boolean`, `Null`, `Object`, `Array`, `Date`, `Undefined`) and its JSON text, both made by
/// the page's runtime the way the platform's own JS serialises storage data.
public struct StoredValue: Sendable, Equatable {
    public let type: String
    public let json: String

    public init(type: String, json: String) {
        self.type = type
        self.json = json
    }

    /// Bytes the value counts for against the limits.
    public var size: Int { json.utf8.count }
}

/// The app's key-value storage (`setStorage` & co.) in its own SQLite database (`SQLiteStore`:
/// WAL, synchronous=FULL, shared safely with other processes): each write is one transaction,
/// so a crash leaves the old value or the new one, and a write that returned is on disk.
///
/// Limits are WeChat's: one value at most `itemBytes` (1 MB) of JSON, keys and values together
/// at most `totalBytes` (10 MB) per app, both checked inside the write transaction.
public final class KeyValueStore: Sendable {
    public struct Limits: Sendable, Equatable {
        public var itemBytes: Int
        public var totalBytes: Int
        public var keyBytes: Int

        /// WeChat's 1 MB per value and 10 MB per app; keys up to 1024 bytes (MiniMedia choice).
        public init(itemBytes: Int = 1 << 20, totalBytes: Int = 10 << 20, keyBytes: Int = 1024) {
            self.itemBytes = itemBytes
            self.totalBytes = totalBytes
            self.keyBytes = keyBytes
        }
    }

    private let db: SQLiteStore
    public let limits: Limits

    /// `setStorage:fail exceed storage item max length`.
    public static let itemTooLarge = MediaError(.storageLimitExceeded, "exceed storage item max length")
    /// `setStorage:fail exceed storage max size 10Mb`.
    public static func full(_ limits: Limits) -> MediaError {
        MediaError(.storageLimitExceeded, "exceed storage max size \(limits.totalBytes >> 20)Mb")
    }

    public init(path: String, limits: Limits = Limits(), options: SQLiteStore.Options = .init()) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "storage") { t in
                t.primaryKey("key", .text)
                t.column("type", .text).notNull()
                t.column("json", .text).notNull()
                t.column("size", .integer).notNull()
            }
        }
        db = try SQLiteStore(path: path, migrator: migrator, options: options)
        self.limits = limits
    }

    /// Opens the storage of `sandbox`'s app (`storage.sqlite` in its folder).
    public convenience init(sandbox: AppSandbox, limits: Limits = Limits()) throws {
        // Opened lazily, maybe long after the session started: never recreate a removed app folder.
        guard !sandbox.isRemoved else { throw StorageFault.vanished }
        try self.init(path: sandbox.root.appendingPathComponent("storage.sqlite").path, limits: limits)
    }

    /// The database underneath.
    public var database: SQLiteStore { db }

    /// Bytes a key counts for.
    static func size(key: String, value: StoredValue) -> Int { key.utf8.count + value.size }

    /// Stores every entry in one transaction (later entries of the same key win): all are on
    /// disk when this returns, or none changed.
    public func set(_ entries: [(key: String, value: StoredValue)]) throws {
        for (key, value) in entries where value.size > limits.itemBytes || key.utf8.count > limits.keyBytes {
            throw value.size > limits.itemBytes ? Self.itemTooLarge : MediaError.parameter("parameter.key is longer than \(limits.keyBytes) bytes;")
        }
        let limits = self.limits
        try db.write { db in
            for (key, value) in entries {
                try db.execute(
                    sql: """
                        INSERT INTO storage(key, type, json, size) VALUES (?, ?, ?, ?)
                        ON CONFLICT(key) DO UPDATE SET type = excluded.type, json = excluded.json, size = excluded.size
                        """,
                    arguments: [key, value.type, value.json, Self.size(key: key, value: value)])
            }
            let total = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM storage") ?? 0
            if total > limits.totalBytes { throw Self.full(limits) }  // rolls the whole write back
        }
    }

    public func set(_ key: String, _ value: StoredValue) throws { try set([(key, value)]) }

    /// The value of `key`, nil when there is none.
    public func get(_ key: String) throws -> StoredValue? { try get([key])[0] }

    /// The values of `keys`, in order (nil where there is none), read in one transaction.
    public func get(_ keys: [String]) throws -> [StoredValue?] {
        try db.read { db in
            try keys.map { key in
                try Row.fetchOne(db, sql: "SELECT type, json FROM storage WHERE key = ?", arguments: [key]).map {
                    StoredValue(type: $0["type"], json: $0["json"])
                }
            }
        }
    }

    public func remove(_ key: String) throws {
        try db.write { db in try db.execute(sql: "DELETE FROM storage WHERE key = ?", arguments: [key]) }
    }

    public func clear() throws {
        try db.write { db in try db.execute(sql: "DELETE FROM storage") }
    }

    /// Every key in the order first stored, and the bytes used.
    public func info() throws -> (keys: [String], bytes: Int) {
        try db.read { db in
            let keys = try String.fetchAll(db, sql: "SELECT key FROM storage ORDER BY rowid")
            let bytes = try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(size), 0) FROM storage") ?? 0
            return (keys, bytes)
        }
    }
}
