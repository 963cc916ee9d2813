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

/// A path from JS, checked and mapped to an area of the app's sandbox: the area's folder (held
/// open by descriptor) and the components below it. Every access goes through `directory`,
/// resolved beneath it; `hostPath` is only a description of where that is.
public struct SandboxPath: Sendable, Equatable {
    public let area: FileArea
    /// The path as JS wrote it.
    public let virtualPath: String
    /// Path components below the area root (empty for the root itself), split on bytes.
    public let components: [String]
    /// The area's folder; every operation on this path is resolved beneath it.
    public let directory: SandboxDirectory

    /// Where the file would be on the host: for messages and tests. The sandbox never opens it
    /// by name, and neither may anything else (use `open`, or `AppFiles.read`).
    public var hostPath: String { ([directory.path] + components).joined(separator: "/") }
    public var hostURL: URL { URL(fileURLWithPath: hostPath) }
    public var isAreaRoot: Bool { components.isEmpty }

    /// Opens the file beneath its area's folder.
    public func open(flags: Int32 = O_RDONLY) throws -> OpenFile { try directory.open(components, flags: flags) }

    public static func == (a: SandboxPath, b: SandboxPath) -> Bool {
        a.area == b.area && a.virtualPath == b.virtualPath && a.components == b.components && a.directory === b.directory
    }

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
    /// The one mapping from a failed call on a sandbox path to the error JS sees.
    static func failure(_ e: SystemError, _ op: String, _ path: String) -> MediaError {
        switch e.code {
        case EXDEV: denied(path, "symbolic link leads outside the sandbox")
        case ELOOP: denied(path, "too many levels of symbolic links")
        case ENOENT, ENOTDIR: MediaError(.fileNotFound, "no such file or directory, \(op) \(path)")
        case EISDIR: MediaError(.isDirectory, "illegal operation on a directory, \(op) \(path)")
        case ENOTEMPTY: MediaError(.directoryNotEmpty, "directory not empty, \(op) \(path)")
        case EEXIST: MediaError(.fileExists, "file already exists, \(op) \(path)")
        case ENAMETOOLONG: MediaError(.nameTooLong, "file name too long, \(op) \(display(path))")
        case EACCES, EPERM, EROFS: MediaError(.permissionDenied, "permission denied, \(op) \(path)")
        default: MediaError(.ioError, "\(e.text), \(op) \(path)")
        }
    }

    static func display(_ path: String) -> String {
        String(path.unicodeScalars.map { $0.value < 0x20 ? "?" : Character($0) })
    }
}
