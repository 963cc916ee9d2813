import Foundation
import MiniCore
import MiniStorage
import Synchronization

/// The permission state machine, per app:
/// never asked → ask the user and remember; granted → allow without asking;
/// denied → refuse at once without asking, until the settings page changes it.
///
/// APIs that need a scope call `require(_:)` before touching a device or the album.
///
/// The store is opened on first use: a page that never needs a permission never opens (nor
/// creates, nor syncs) its SQLite database, which is most of an empty page's start-up otherwise.
public actor PermissionGate {
    public let app: AppID
    public let dialect: Dialect
    public let user: any SimulatedUser
    private let openStore: @Sendable () throws -> PermissionStore
    private var opened: PermissionStore?
    /// The open in flight, shared by every caller that arrives while it runs.
    private var opening: Task<PermissionStore, any Error>?
    /// Prompts being shown, so concurrent requests for one scope ask the user once
    /// (the actor is re-entered while a prompt awaits).
    private var asking: [Scope: Task<Bool, any Error>] = [:]
    /// The store shared with synchronous readers (`getSystemInfoSync`, `getAppAuthorizeSetting`)
    /// and the decisions it holds, refreshed after every decision this gate records.
    private nonisolated let shared = Mutex<(store: PermissionStore?, decisions: [Scope: Bool]?)>((nil, nil))
    /// Whether a database with decisions exists at all (nil: unknown, open to find out).
    private nonisolated let storeExists: (@Sendable () -> Bool)?
    /// When `storeExists` last answered no: sync readers in a loop (`getSystemInfoSync`) ask the
    /// file system at most once per `absentRecheck` (another process may create the database).
    private nonisolated let absentSince = Mutex<ContinuousClock.Instant?>(nil)
    public static let absentRecheck = Duration.seconds(1)

    /// A gate over `store`, already open.
    public init(app: AppID, dialect: Dialect, store: PermissionStore, user: any SimulatedUser) {
        self.init(app: app, dialect: dialect, openStore: { store }, user: user)
    }

    /// A gate whose store `openStore` opens when a decision is first read or recorded.
    public init(
        app: AppID, dialect: Dialect, openStore: @escaping @Sendable () throws -> PermissionStore, user: any SimulatedUser,
        storeExists: (@Sendable () -> Bool)? = nil
    ) {
        self.storeExists = storeExists
        self.app = app
        self.dialect = dialect
        self.openStore = openStore
        self.user = user
    }

    /// The app's decisions, opened on first use (a failure to open is retried next time). Opening
    /// creates and syncs files, so it runs on a thread of its own, not on Swift's cooperative pool.
    public func store() async throws -> PermissionStore {
        if let opened { return opened }
        if let existing = shared.withLock({ $0.store }) {
            opened = existing
            return existing
        }
        if let opening { return try await opening.value }
        let open = openStore
        let task = Task<PermissionStore, any Error> {
            try await withCheckedThrowingContinuation { continuation in
                Thread.detachNewThread { continuation.resume(with: Result { try open() }) }
            }
        }
        opening = task
        defer { opening = nil }
        let fresh = try await task.value
        // A synchronous reader may have opened one meanwhile: keep a single store.
        let store = shared.withLock { box in
            if let existing = box.store { return existing }
            box.store = fresh
            return fresh
        }
        opened = store
        return store
    }

    /// The decisions recorded so far, read without waiting on the actor (sync APIs such as
    /// `getSystemInfoSync` report them). Blocks while it opens an existing database on first use;
    /// when the app has no database yet it answers "none" without creating one.
    public nonisolated func currentDecisions() throws -> [Scope: Bool] {
        if let known = shared.withLock({ $0.decisions }) { return known }
        if shared.withLock({ $0.store }) == nil, let storeExists {
            let now = ContinuousClock.now
            if let since = absentSince.withLock({ $0 }), now - since < Self.absentRecheck { return [:] }
            guard storeExists() else {
                absentSince.withLock { $0 = now }
                return [:]
            }
        }
        let store: PermissionStore
        if let existing = shared.withLock({ $0.store }) {
            store = existing
        } else {
            let fresh = try openStore()
            store = shared.withLock { box in
                if let existing = box.store { return existing }
                box.store = fresh
                return fresh
            }
        }
        return try refreshDecisions(store)
    }

    @discardableResult
    private nonisolated func refreshDecisions(_ store: PermissionStore) throws -> [Scope: Bool] {
        let decisions = Dictionary(uniqueKeysWithValues: try store.all().map { ($0.scope, $0.granted) })
        shared.withLock { $0.decisions = decisions }
        return decisions
    }

    /// Whether the store has been opened in this session.
    public var isStoreOpen: Bool { opened != nil }

    /// Returns when `scope` is granted (asking if it never was); throws `auth deny` otherwise.
    /// A new decision counts (and is reported to every waiting caller) only once the store has
    /// it on disk: if it cannot be kept (a full, read-only or removed data dir) the call fails
    /// with that reason and the next request asks again.
    public func require(_ scope: Scope) async throws {
        let store = try await store()
        if let decided = try store.decision(scope) {
            guard decided else { throw MediaError(.authDeny, "auth deny") }
            return
        }
        let prompt: Task<Bool, any Error>
        if let existing = asking[scope] {
            prompt = existing
        } else {
            let (user, app, dialect) = (self.user, self.app, self.dialect)
            prompt = Task {
                let allowed = try await user.consent(app: app, scope: scope, dialect: dialect)
                try store.record(scope, granted: allowed)
                try? self.refreshDecisions(store)
                return allowed
            }
            asking[scope] = prompt
        }
        defer { asking[scope] = nil }
        guard try await prompt.value else { throw MediaError(.authDeny, "auth deny") }
    }

    /// `getSetting`: only scopes the app asked for.
    public func settings() async throws -> [Scope: Bool] {
        Dictionary(uniqueKeysWithValues: try await store().all().map { ($0.scope, $0.granted) })
    }

    /// `openSetting`: the user may change decisions already made; returns them all.
    public func openSettings() async throws -> [Scope: Bool] {
        let current = try await settings()
        let changed = try await user.settings(app: app, current: current, dialect: dialect)
        // All the user's changes land together, or the call fails and none did.
        let store = try await store()
        try store.record(changed.filter { current[$0.key] != nil && current[$0.key] != $0.value })
        try? refreshDecisions(store)
        return try await settings()
    }

    /// Forgets every decision of the app (automation's `Tool.clearAuth`, a developer's reset):
    /// the next request for any scope asks the user again.
    public func clearAll() async throws {
        let store = try await store()
        try store.reset()
        try refreshDecisions(store)
    }
}
