import Foundation
import GRDB
import MiniCore

/// One recorded permission decision.
public struct PermissionRecord: Sendable, Equatable {
    public let scope: Scope
    public let granted: Bool
    /// Seconds since 1970.
    public let updatedAt: Double
}

/// An app's permission decisions, in its own SQLite database (`SQLiteStore`: WAL,
/// synchronous=FULL, safe with other processes) so a decision that was acknowledged survives a
/// process kill at any point, and one that could not be made durable is never acknowledged.
public final class PermissionStore: Sendable {
    private let db: SQLiteStore
    private let clock: any MediaClock

    public init(path: String, clock: any MediaClock = SystemClock(), options: SQLiteStore.Options = .init()) throws {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "permission") { t in
                t.primaryKey("scope", .text)
                t.column("granted", .boolean).notNull()
                t.column("updated_at", .double).notNull()
            }
        }
        db = try SQLiteStore(path: path, migrator: migrator, options: options)
        self.clock = clock
    }

    /// The database underneath (its path, durability settings, health).
    public var database: SQLiteStore { db }

    /// Opens the store of `sandbox`'s app.
    public convenience init(sandbox: AppSandbox, clock: any MediaClock = SystemClock()) throws {
        // Opened lazily, maybe long after the session started: never recreate a removed app folder.
        guard !sandbox.isRemoved else { throw StorageFault.vanished }
        try self.init(path: sandbox.root.appendingPathComponent("settings.sqlite").path, clock: clock)
    }

    /// `nil` when the app never asked for `scope`.
    public func decision(_ scope: Scope) throws -> Bool? {
        try db.read { db in
            try Bool.fetchOne(db, sql: "SELECT granted FROM permission WHERE scope = ?", arguments: [scope.rawValue])
        }
    }

    /// Records a decision; when this returns it is on disk.
    public func record(_ scope: Scope, granted: Bool) throws { try record([scope: granted]) }

    /// Records several decisions in one transaction: all are on disk when this returns, or none
    /// changed.
    public func record(_ decisions: [Scope: Bool]) throws {
        let now = clock.wallTime()
        try db.write { db in
            for scope in decisions.keys.sorted() {
                try db.execute(
                    sql: """
                        INSERT INTO permission(scope, granted, updated_at) VALUES (?, ?, ?)
                        ON CONFLICT(scope) DO UPDATE SET granted = excluded.granted, updated_at = excluded.updated_at
                        """,
                    arguments: [scope.rawValue, decisions[scope]!, now])
            }
        }
    }

    /// Forgets a decision (the app will ask again), or all of them.
    public func reset(_ scope: Scope? = nil) throws {
        try db.write { db in
            if let scope {
                try db.execute(sql: "DELETE FROM permission WHERE scope = ?", arguments: [scope.rawValue])
            } else {
                try db.execute(sql: "DELETE FROM permission")
            }
        }
    }

    /// Every decision, ordered by scope name.
    public func all() throws -> [PermissionRecord] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT scope, granted, updated_at FROM permission ORDER BY scope").compactMap {
                row in
                guard let scope = Scope(rawValue: row["scope"]) else { return nil }
                return PermissionRecord(scope: scope, granted: row["granted"], updatedAt: row["updated_at"])
            }
        }
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    public func integrityCheck() throws -> String { try db.integrityCheck() }
}
