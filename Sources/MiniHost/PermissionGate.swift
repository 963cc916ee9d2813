import MiniCore
import MiniStorage

/// The permission state machine, per app:
/// never asked → ask the user and remember; granted → allow without asking;
/// denied → refuse at once without asking, until the settings page changes it.
///
/// APIs that need a scope call `require(_:)` before touching a device or the album.
public actor PermissionGate {
    public let app: AppID
    public let dialect: Dialect
    public let store: PermissionStore
    public let user: any SimulatedUser
    /// Prompts being shown, so concurrent requests for one scope ask the user once
    /// (the actor is re-entered while a prompt awaits).
    private var asking: [Scope: Task<Bool, any Error>] = [:]

    public init(app: AppID, dialect: Dialect, store: PermissionStore, user: any SimulatedUser) {
        self.app = app
        self.dialect = dialect
        self.store = store
        self.user = user
    }

    /// Returns when `scope` is granted (asking if it never was); throws `auth deny` otherwise.
    /// A new decision counts (and is reported to every waiting caller) only once the store has
    /// it on disk: if it cannot be kept (a full, read-only or removed data dir) the call fails
    /// with that reason and the next request asks again.
    public func require(_ scope: Scope) async throws {
        if let decided = try store.decision(scope) {
            guard decided else { throw MediaError(.authDeny, "auth deny") }
            return
        }
        let prompt: Task<Bool, any Error>
        if let existing = asking[scope] {
            prompt = existing
        } else {
            let (user, app, dialect, store) = (self.user, self.app, self.dialect, self.store)
            prompt = Task {
                let allowed = try await user.consent(app: app, scope: scope, dialect: dialect)
                try store.record(scope, granted: allowed)
                return allowed
            }
            asking[scope] = prompt
        }
        defer { asking[scope] = nil }
        guard try await prompt.value else { throw MediaError(.authDeny, "auth deny") }
    }

    /// `getSetting`: only scopes the app asked for.
    public func settings() throws -> [Scope: Bool] {
        Dictionary(uniqueKeysWithValues: try store.all().map { ($0.scope, $0.granted) })
    }

    /// `openSetting`: the user may change decisions already made; returns them all.
    public func openSettings() async throws -> [Scope: Bool] {
        let current = try settings()
        let changed = try await user.settings(app: app, current: current, dialect: dialect)
        // All the user's changes land together, or the call fails and none did.
        try store.record(changed.filter { current[$0.key] != nil && current[$0.key] != $0.value })
        return try settings()
    }
}
