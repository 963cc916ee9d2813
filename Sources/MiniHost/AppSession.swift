import Foundation
import MiniCore
import MiniNet
import MiniStorage
import Synchronization

/// What a session is opened with.
public struct SessionConfiguration: Sendable {
    public var dataDirectory: DataDirectory
    public var appID: AppID
    public var dialect: Dialect
    /// The mini-program's folder (package paths resolve inside it).
    public var packageDir: URL?
    /// The simulated user: consent, settings page, album pickers, what the app shows.
    public var user: any SimulatedUser
    /// Overrides the dialect's saved+user files quota.
    public var storageQuota: Int64?
    /// Overrides the temp files quota (default: the dialect's storage quota).
    public var tempQuota: Int64?
    public var clock: any MediaClock
    /// Where page code may connect (default: nowhere, as an app with no allowed domains).
    public var network: NetworkAccess

    public init(
        dataDirectory: DataDirectory, appID: AppID, dialect: Dialect = .wx, packageDir: URL? = nil,
        user: any SimulatedUser = ScriptedUser(), storageQuota: Int64? = nil,
        clock: any MediaClock = SystemClock(), network: NetworkAccess = NetworkAccess()
    ) {
        self.dataDirectory = dataDirectory
        self.appID = appID
        self.dialect = dialect
        self.packageDir = packageDir
        self.user = user
        self.storageQuota = storageQuota
        self.clock = clock
        self.network = network
    }
}

/// One run of one mini-program: its sandbox, files, permissions and the APIs it can call.
/// Opening a session sweeps the previous run's temp files.
public final class AppSession: Sendable {
    public let appID: AppID
    public let dialect: Dialect
    public let dataDirectory: DataDirectory
    public let sandbox: AppSandbox
    public let files: AppFiles
    public let fileSystem: SandboxFileSystem
    public let permissions: PermissionGate
    public let registry: APIRegistry
    public let clock: any MediaClock
    /// The simulated user (also the permission gate's).
    public let user: any SimulatedUser
    /// The app's network policy; every fetch for page code goes through it.
    public let network: NetworkAccess
    /// Held weakly: the runtime owns the session, never the other way round.
    private let sink = Mutex<WeakEventSink>(WeakEventSink())
    /// The native components mounted on the current page, by tag and id.
    public let components = MountedComponents()
    private let services = Mutex<[ObjectIdentifier: any Sendable]>([:])
    private let page = Mutex<(any RenderedPageProvider)?>(nil)

    public init(_ config: SessionConfiguration, registry: APIRegistry = .foundation()) throws {
        appID = config.appID
        dialect = config.dialect
        dataDirectory = config.dataDirectory
        clock = config.clock
        network = config.network
        self.registry = registry
        sandbox = try AppSandbox(dataDirectory: config.dataDirectory, appID: config.appID, packageDir: config.packageDir)
        try sandbox.sweepTemp()
        files = AppFiles(sandbox: sandbox, dialect: config.dialect, quota: config.storageQuota, tempQuota: config.tempQuota)
        fileSystem = SandboxFileSystem(files: files)
        user = config.user
        let (appSandbox, clock) = (sandbox, config.clock)
        let storePath = appSandbox.root.appendingPathComponent("settings.sqlite").path
        permissions = PermissionGate(
            app: config.appID, dialect: config.dialect,
            openStore: { try PermissionStore(sandbox: appSandbox, clock: clock) }, user: config.user,
            storeExists: { access(storePath, F_OK) == 0 })
    }

    /// Events and callbacks into JS. The JS runtime attaches itself here; once it is gone,
    /// events go nowhere.
    public var events: any EventSink { sink.withLock { $0.sink } ?? NullEventSink() }

    public func attach(_ events: any EventSink & AnyObject) { sink.withLock { $0.sink = events } }

    /// The page on screen, as API handlers see it (`createSelectorQuery`); nil while none is.
    public var renderedPage: (any RenderedPageProvider)? { page.withLock { $0 } }

    /// Shows `provider`'s page as the current one (nil: no page on screen).
    public func show(page provider: (any RenderedPageProvider)?) { page.withLock { $0 = provider } }

    /// A per-session service (a camera, an album), made once on first use.
    public func service<T: Sendable>(_ type: T.Type, make: () throws -> T) rethrows -> T {
        try services.withLock { dict in
            if let s = dict[ObjectIdentifier(type)] as? T { return s }
            let s = try make()
            dict[ObjectIdentifier(type)] = s
            return s
        }
    }
}

/// A weak reference to the attached event sink.
struct WeakEventSink: @unchecked Sendable {
    weak var sink: (any EventSink & AnyObject)?
}
