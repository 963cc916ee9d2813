import Foundation
import MiniCore
import MiniHost
import MiniJS
import MiniNet
import MiniStorage

/// How to run a mini-program: which package and page, which dialect and user, where its data
/// lives, which clock, and which feature modules provide its APIs.
public struct MiniAppConfiguration: Sendable {
    /// A mini-program folder (`app.json` with `pages`) or one page's `.js` file; nil runs no page
    /// (scripts only, through `MiniApp.evaluate`).
    public var path: String?
    /// The page route to open (default: the first in `app.json`).
    public var page: String?
    /// The page's `onLoad` query.
    public var query: [String: String] = [:]
    public var dialect: Dialect = .wx
    /// The app id (default: the package folder's or page file's name).
    public var appID: String?
    /// Where apps keep their data (default: `$MINIMEDIA_HOME` or `~/.local/share/minimedia`).
    public var dataDirectory: URL?
    /// Feature modules, registered in order after the foundation's APIs.
    public var modules: [any FeatureModule] = []
    /// Who answers prompts and pickers and sees notices.
    public var user: any SimulatedUser = ScriptedUser()
    /// The clock of the session: timers, devices, timestamps.
    public var clock: any MediaClock = SystemClock()
    /// Real seconds before a run stops with work still pending. JS still running then (a busy
    /// loop in a handler, a timer or a frame callback) is ended by the engine's watchdog and the
    /// run ends as timed out. A page app's run starts at `open()`; a script-only app gives each
    /// `evaluate` and `settle` this long.
    public var timeout: Double = 30
    /// Where console lines go as well as to observers (the CLI: stdout/stderr); nil keeps them
    /// in events only.
    public var output: (any RuntimeOutput)?
    /// How many recent events `MiniApp.events` keeps (0: none; observers still see every
    /// event). Events cost nothing when nothing records or observes them.
    public var eventHistory: Int = 10_000
    /// Overrides the dialect's saved+user files quota.
    public var storageQuota: Int64?
    /// Where page code may connect: the allowed hosts (the platforms' legal domains), whether
    /// they are checked, local-network allowances; the resolver and the host-side trace of
    /// refusals. The default allows nothing.
    public var network = NetworkAccess()

    public init(
        path: String? = nil, page: String? = nil, dialect: Dialect = .wx, modules: [any FeatureModule] = [],
        user: any SimulatedUser = ScriptedUser(), dataDirectory: URL? = nil, clock: any MediaClock = SystemClock()
    ) {
        self.path = path
        self.page = page
        self.dialect = dialect
        self.modules = modules
        self.user = user
        self.dataDirectory = dataDirectory
        self.clock = clock
    }
}

/// Why a `MiniApp` could not be set up: a usage error (exit code 2 on the command line).
public struct MiniAppError: Error, CustomStringConvertible, Equatable {
    public let description: String
    public init(_ description: String) { self.description = description }
}
