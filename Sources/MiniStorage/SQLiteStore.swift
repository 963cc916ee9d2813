#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import GRDB
import MiniCore

/// An SQLite database in the data dir that several processes use at once (the permission
/// stores, the album index): the one place where MiniMedia opens, reads and writes SQLite.
///
/// - Opening takes the folder's `DirectoryLock`, so creating the file, switching to WAL and
///   running the migrator never race another process doing the same.
/// - Every connection waits for SQLite's locks (a busy handler, `busyWait`), and a write that still
///   meets `SQLITE_BUSY` (the cases SQLite does not wait for) is retried until `busyTimeout`.
/// - A write is acknowledged (returns) only once it is committed with `synchronous=FULL` to the
///   database file that is still at its path: a store whose file was deleted or replaced since
///   it opened fails (`data directory was removed or replaced`) instead of writing to a ghost.
/// - Every failure is a `MediaError` with a precise reason (`StorageFault`).
public final class SQLiteStore: Sendable {
    public struct Options: Sendable {
        /// How long a read, a write or the open waits for other processes (seconds).
        public var busyTimeout: Double

        public init(busyTimeout: Double = 15) { self.busyTimeout = busyTimeout }
    }

    public let path: String
    /// The folder the database lives in (where faults are diagnosed).
    public let directory: String
    private let pool: DatabasePool
    private let identity: FileIdentity
    private let options: Options

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    public init(path: String, migrator: DatabaseMigrator, options: Options = Options()) throws {
        self.path = path
        let directory = (path as NSString).deletingLastPathComponent
        self.directory = directory
        self.options = options
        try StorageFault.createDirectory(directory)
        do {
            let lock = try DirectoryLock(directory: directory, timeout: options.busyTimeout)
            var config = Configuration()
            config.busyMode = .callback(Self.busyWait(options.busyTimeout))
            config.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            let pool = try Self.retrying(options.busyTimeout) { try DatabasePool(path: path, configuration: config) }
            // GRDB switches the writer to synchronous=NORMAL when it sets up WAL: back to FULL,
            // so a commit is on disk (WAL fsynced) before it returns.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            try Self.retrying(options.busyTimeout) { try migrator.migrate(pool) }
            guard let identity = FileIdentity(path: path) else { throw StorageFault.vanished }
            self.pool = pool
            self.identity = identity
            _ = consume lock
        } catch {
            throw StorageFault.map(error, directory: directory)
        }
    }

    /// A read transaction on the live file (fails if the file was removed or replaced).
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            try checkPresent()
            return try Self.retrying(options.busyTimeout) { try pool.read(body) }
        } catch {
            throw StorageFault.map(error, directory: directory)
        }
    }

    /// A write transaction (`BEGIN IMMEDIATE`), durable when this returns.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            try checkPresent()
            let value = try Self.retrying(options.busyTimeout) {
                try pool.write { db -> T in
                    let value = try body(db)
                    try checkPresent()  // rolls back rather than commit to a deleted file
                    return value
                }
            }
            try checkPresent()  // the commit landed in the file at `path`
            return value
        } catch {
            throw StorageFault.map(error, directory: directory)
        }
    }

    /// Throws `StorageFault.vanished` unless `path` still names the file this store opened.
    public func checkPresent() throws {
        guard FileIdentity(path: path) == identity else { throw StorageFault.vanished }
    }

    /// The writer connection's `PRAGMA synchronous` (2 = FULL).
    public func synchronousLevel() throws -> Int {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// `PRAGMA journal_mode` ("wal").
    public func journalMode() throws -> String {
        try read { try String.fetchOne($0, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// `PRAGMA integrity_check` result ("ok" when healthy).
    public func integrityCheck() throws -> String {
        try read { try String.fetchOne($0, sql: "PRAGMA integrity_check") ?? "" }
    }

    /// SQLite's busy handler: short random pauses (about 1 ms for the first 200 tries, then
    /// 10 ms) until about `timeout` seconds were spent waiting. SQLite's own `busy_timeout`
    /// sleeps up to 100 ms at a time, which leaves the lock idle most of the time when eight
    /// processes take turns committing.
    static func busyWait(_ timeout: Double) -> Database.BusyCallback {
        let quick = 200
        let maxTries = quick + max(0, Int((timeout - Double(quick) / 1000) * 100))
        return { tries in
            guard tries < maxTries else { return false }
            usleep(tries < quick ? UInt32.random(in: 500...1_500) : UInt32.random(in: 5_000...15_000))
            return true
        }
    }

    /// Runs `body` again while SQLite answers busy/locked (a lock SQLite does not wait for, such
    /// as a WAL snapshot that moved), with a growing random pause, for up to `timeout` seconds.
    static func retrying<T>(_ timeout: Double, _ body: () throws -> T) throws -> T {
        let deadline = ProcessInfo.processInfo.systemUptime + timeout
        var pause: UInt32 = 1_000
        while true {
            do {
                return try body()
            } catch let e as DatabaseError where e.resultCode == .SQLITE_BUSY || e.resultCode == .SQLITE_LOCKED {
                guard ProcessInfo.processInfo.systemUptime < deadline else { throw e }
                usleep(pause + UInt32.random(in: 0...pause))
                pause = min(pause * 2, 50_000)
            }
        }
    }
}
