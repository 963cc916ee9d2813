import MiniCore
import MiniStorage

/// The "user" who answers permission prompts and uses the settings page.
public protocol ConsentPrompting: Sendable {
    /// Asks whether `app` may use `scope`. Throws when nobody can be asked.
    func ask(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool
    /// The settings page: the decisions so far in, the decisions the user leaves out.
    func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool]
}

/// Built-in consent prompters, chosen with `--consent`.
public enum ConsentPrompters {
    /// Says yes to every prompt; the settings page is left as it is.
    public struct AlwaysAllow: ConsentPrompting {
        public init() {}
        public func ask(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool { true }
        public func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool] {
            current
        }
    }

    /// Says no to every prompt; the settings page is left as it is.
    public struct AlwaysDeny: ConsentPrompting {
        public init() {}
        public func ask(app: AppID, scope: Scope, dialect: Dialect) async throws -> Bool { false }
        public func settings(app: AppID, current: [Scope: Bool], dialect: Dialect) async throws -> [Scope: Bool] {
            current
        }
    }
}
