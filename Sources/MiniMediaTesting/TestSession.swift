import Foundation
import MiniCore
import MiniHost
import MiniNet
import MiniStorage

/// An `AppSession` over a temporary data dir, for tests and host apps' own tests.
public struct TestSession: Sendable {
    public let directory: TemporaryDirectory
    public let session: AppSession

    public init(
        dialect: Dialect = .wx, appID: String = "test.app", user: any SimulatedUser = ScriptedUser(consent: .allow),
        quota: Int64? = nil, directory: TemporaryDirectory = TemporaryDirectory(), packageDir: URL? = nil,
        registry: APIRegistry = .foundation(), clock: any MediaClock = SystemClock(), tempQuota: Int64? = nil,
        network: NetworkAccess = NetworkAccess()
    ) throws {
        self.directory = directory
        let pkg = packageDir ?? directory.file("package")
        try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
        var config = SessionConfiguration(
            dataDirectory: DataDirectory(root: directory.file("data")), appID: try AppID(appID), dialect: dialect,
            packageDir: pkg, user: user, storageQuota: quota, clock: clock, network: network)
        config.tempQuota = tempQuota
        session = try AppSession(config, registry: registry)
    }

    /// Calls an async API and returns the dialect's success object, or throws `CallFailure`.
    @discardableResult
    public func call(_ name: String, _ args: HostValue = .undefined, target: NativeObject? = nil, userGesture: Bool = false)
        async throws -> HostValue
    {
        try await session.call(name, args, target: target, userGesture: userGesture).get()
    }

    /// Calls an async API that must fail and returns its failure.
    public func failure(_ name: String, _ args: HostValue = .undefined, target: NativeObject? = nil, userGesture: Bool = false)
        async -> CallFailure?
    {
        if case .failure(let f) = await session.call(name, args, target: target, userGesture: userGesture) { return f }
        return nil
    }
}
