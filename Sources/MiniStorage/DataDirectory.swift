import Foundation
import MiniCore

/// The on-disk layout under the data dir:
///
/// ```
/// <data>/apps/<appId>/tmp/            temp files of the current run (swept at start)
/// <data>/apps/<appId>/store/          saveFile'd files
/// <data>/apps/<appId>/usr/            env.USER_DATA_PATH
/// <data>/apps/<appId>/settings.sqlite permission decisions
/// <data>/album/                       the device-wide photo album
/// ```
public struct DataDirectory: Sendable {
    public let root: URL

    public init(root: URL) { self.root = root.standardizedFileURL }

    /// `$MINIMEDIA_HOME`, else `~/.local/share/minimedia`.
    public static func defaultRoot(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let home = environment["MINIMEDIA_HOME"], !home.isEmpty { return URL(fileURLWithPath: home) }
        let userHome = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: userHome).appendingPathComponent(".local/share/minimedia")
    }

    public func appRoot(_ app: AppID) -> URL { root.appendingPathComponent("apps").appendingPathComponent(app.rawValue) }
    public var albumRoot: URL { root.appendingPathComponent("album") }
}
