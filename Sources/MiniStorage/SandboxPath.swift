#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import MiniCore

/// Where a virtual path lives.
public enum FileArea: String, Sendable {
    /// Temp files of this run (`wxfile://tmp_…`).
    case temp
    /// Saved files (`wxfile://store_…`).
    case saved
    /// `env.USER_DATA_PATH` and below.
    case user
    /// The mini-program's own package (read-only).
    case package
}

/// A path from JS, checked and mapped to a host path inside the app's sandbox.
public struct SandboxPath: Sendable, Equatable {
    public let area: FileArea
    /// The path as JS wrote it.
    public let virtualPath: String
    /// Absolute host path, guaranteed inside the area's folder.
    public let hostPath: String
    /// Path components below the area root (empty for the root itself).
    public let components: [String]

    public var hostURL: URL { URL(fileURLWithPath: hostPath) }
    public var isAreaRoot: Bool { components.isEmpty }

    /// Longest file name, as on the platforms (Feishu errno 214).
    public static let maxNameBytes = 255
    /// Longest whole path MiniMedia accepts.
    public static let maxPathBytes = 1024

    /// `realpath(3)`, nil when the path does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

/// Refusal reasons, shared by resolver and tests.
enum PathRefusal {
    static func denied(_ path: String, _ reason: String) -> MediaError {
        MediaError(.permissionDenied, "permission denied, open \(display(path)) (\(reason))")
    }
    static func display(_ path: String) -> String {
        String(path.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
    }
}
