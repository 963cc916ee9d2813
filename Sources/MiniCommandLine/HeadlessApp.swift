import ArgumentParser
import Foundation
import MiniApp
import MiniCore
import MiniHost
import MiniJS
import MiniStandard

extension Setup {
    /// The app a headless command (`run`, `auto`) runs: the package at `path` (its `page` or
    /// the first), the data directory, the answering `user`, the devices and network rules, the
    /// page query (`key=value`, checked by the command's `validate`), console to stdout.
    /// Failures are `ValidationError`s naming the cause (a bad device spec, an unusable or
    /// overlapping data directory, a package that cannot load).
    public static func headlessApp(
        path: String, page: String?, data: DataOptions, user: any SimulatedUser, devices: DeviceOptions, network: NetworkOptions,
        appID: String?, timeout: Double, query: [String]
    ) throws -> MiniApp {
        var config = MiniAppConfiguration(
            path: path, page: page, dialect: try dialect(data.dialect), user: user, dataDirectory: data.dataDir.map { URL(fileURLWithPath: $0) })
        config.appID = appID
        config.timeout = timeout
        config.output = StandardOutput()
        config.eventHistory = 0
        config.network = try network.access()
        for q in query {
            let parts = q.split(separator: "=", maxSplits: 1)
            config.query[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        do {
            config.modules = try StandardModules.make(devices.standard)
        } catch let e as MediaError {
            throw ValidationError(e.message)
        }
        do {
            return try usingData(dataDirectory(data.dataDir)) { try MiniApp(config) }
        } catch let e as MiniAppError {
            throw ValidationError(e.description)
        } catch let e as MediaError where e.code == .overlappingDataDirectory {
            throw ValidationError(e.message)
        }
    }
}
