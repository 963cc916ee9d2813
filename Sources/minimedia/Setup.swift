import ArgumentParser
import Foundation
import MiniCore
import MiniHost
import MiniStorage

/// Turns command-line strings into configuration, as usage errors (exit 2) when they are wrong.
enum Setup {
    static func dialect(_ raw: String) throws -> Dialect {
        guard let d = Dialect(rawValue: raw) else {
            throw ValidationError("--dialect must be one of wx, swan, tt, my (got \"\(raw)\")")
        }
        return d
    }

    static func dataDirectory(_ raw: String?) -> DataDirectory {
        DataDirectory(root: raw.map { URL(fileURLWithPath: $0) } ?? DataDirectory.defaultRoot())
    }

    static func appID(_ raw: String) throws -> AppID {
        do { return try AppID(raw) } catch { throw ValidationError("--app-id: \((error as? MediaError)?.message ?? "\(error)")") }
    }

    static func prompter(_ raw: String) throws -> any ConsentPrompting {
        switch raw {
        case "prompt": ConsentPrompters.Terminal()
        case "allow": ConsentPrompters.AlwaysAllow()
        case "deny": ConsentPrompters.AlwaysDeny()
        default: throw ValidationError("--consent must be prompt, allow or deny (got \"\(raw)\")")
        }
    }

    /// An app id from a path: the package folder's or page file's name, made safe.
    static func defaultAppID(for location: URL) -> String {
        let name = location.deletingPathExtension().lastPathComponent
        let safe = String(name.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." ? $0 : "_" }.prefix(64))
        return safe.isEmpty || safe == "." || safe == ".." ? "app" : safe
    }
}
