import Foundation
import MiniCore

/// Maps the paths mini-program code passes (`wxfile://usr/a.txt`, `wxfile://tmp_x.jpg`,
/// `/images/a.png`) to host paths, refusing anything that could leave the sandbox:
/// `..`, NUL and control characters, backslashes, over-long names, foreign schemes and
/// symlinks that lead out. Package paths (no scheme) are read relative to the package root,
/// so an absolute host path such as `/etc/passwd` names `<package>/etc/passwd`, never the host's.
public struct PathResolver: Sendable {
    public let sandbox: AppSandbox
    public let dialect: Dialect

    public init(sandbox: AppSandbox, dialect: Dialect) {
        self.sandbox = sandbox
        self.dialect = dialect
    }

    public func resolve(_ path: String) throws -> SandboxPath {
        try checkCharacters(path)
        let (area, rest) = try split(path)
        let components = try checkComponents(rest, original: path)
        let root: URL
        switch area {
        case .temp: root = sandbox.tempDir
        case .saved: root = sandbox.storeDir
        case .user: root = sandbox.userDir
        case .package:
            guard let pkg = sandbox.packageDir else {
                throw MediaError(.fileNotFound, "no such file or directory, open \(PathRefusal.display(path))")
            }
            root = pkg
        }
        var host = root.path
        for c in components { host += "/" + c }
        if area == .temp && dialect == .my, let last = components.last, last.hasSuffix(".image") {
            host = Self.alipayImageFile(root: root.path, name: last) ?? host
        }
        try checkSymlinks(host: host, root: root.path, original: path)
        return SandboxPath(area: area, virtualPath: path, hostPath: host, components: components)
    }

    /// The virtual path of a host file inside the sandbox (for listings).
    public func virtualPath(area: FileArea, components: [String]) -> String {
        let joined = components.joined(separator: "/")
        switch area {
        case .user: return joined.isEmpty ? dialect.userDataPath : dialect.userDataPath + "/" + joined
        case .temp:
            let name = components.last ?? ""
            let (id, ext) = Self.splitExtension(name)
            return dialect.tempPath(id: id, ext: ext)
        case .saved:
            let name = components.last ?? ""
            let (id, ext) = Self.splitExtension(name)
            return dialect.savedPath(id: id, ext: ext)
        case .package: return "/" + joined
        }
    }

    static func splitExtension(_ name: String) -> (String, String) {
        guard let dot = name.lastIndex(of: ".") else { return (name, "") }
        return (String(name[..<dot]), String(name[name.index(after: dot)...]))
    }

    // MARK: - Steps

    private func checkCharacters(_ path: String) throws {
        guard !path.isEmpty else { throw PathRefusal.denied(path, "empty path") }
        for b in path.utf8 {
            if b == 0 { throw PathRefusal.denied(path, "contains a NUL byte") }
            if b < 0x20 || b == 0x7F { throw PathRefusal.denied(path, "contains a control character") }
            if b == 0x5C { throw PathRefusal.denied(path, "contains a backslash") }
        }
        if path.utf8.count > SandboxPath.maxPathBytes {
            throw MediaError(.nameTooLong, "file name too long, open \(path.prefix(64))…")
        }
    }

    /// Splits off the scheme and picks the area.
    private func split(_ path: String) throws -> (FileArea, String) {
        let scheme = dialect.fileScheme
        if path.hasPrefix(scheme) {
            let rest = String(path.dropFirst(scheme.count))
            return try splitSchemed(rest, original: path)
        }
        if path.contains("://") || path.hasPrefix("file:") {
            throw PathRefusal.denied(path, "not a \(dialect.namespace) file path")
        }
        return (.package, path)
    }

    private func splitSchemed(_ rest: String, original: String) throws -> (FileArea, String) {
        let userPrefix = String(dialect.userDataPath.dropFirst(dialect.fileScheme.count))  // "usr" / "user"
        if rest == userPrefix { return (.user, "") }
        if rest.hasPrefix(userPrefix + "/") {
            let sub = String(rest.dropFirst(userPrefix.count + 1))
            // tt and my keep saved files in the user folder's namespace: `…/user/store_<id>.<ext>`.
            if (dialect == .tt || dialect == .my), sub.hasPrefix("store_"), !sub.contains("/") {
                return (.saved, String(sub.dropFirst("store_".count)))
            }
            return (.user, sub)
        }
        switch dialect {
        case .wx, .swan:
            if rest.hasPrefix("tmp_") { return (.temp, try flatName(String(rest.dropFirst(4)), original)) }
            if rest.hasPrefix("store_") { return (.saved, try flatName(String(rest.dropFirst(6)), original)) }
        case .tt:
            if rest.hasPrefix("temp/") { return (.temp, try flatName(String(rest.dropFirst(5)), original)) }
        case .my:
            if rest.hasPrefix("resource/") { return (.temp, try flatName(String(rest.dropFirst(9)), original)) }
        }
        throw MediaError(.fileNotFound, "no such file or directory, open \(PathRefusal.display(original))")
    }

    /// Temp and saved files are flat: one name, no folders.
    private func flatName(_ name: String, _ original: String) throws -> String {
        if name.contains("/") || name == ".." || name == "." || name.isEmpty {
            throw PathRefusal.denied(original, "temp and saved files have no folders")
        }
        return name
    }

    private func checkComponents(_ rest: String, original: String) throws -> [String] {
        var out: [String] = []
        for part in rest.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { throw PathRefusal.denied(original, "'..' is not allowed") }
            if part.utf8.count > SandboxPath.maxNameBytes {
                throw MediaError(.nameTooLong, "file name too long, open \(original.prefix(64))…")
            }
            out.append(String(part))
        }
        return out
    }

    /// Every existing prefix of the path must really be inside `root` once symlinks resolve.
    private func checkSymlinks(host: String, root: String, original: String) throws {
        var probe = host
        while probe.count > root.count {
            if AppFiles.stat(probe) != nil {
                // Exists (as itself or as a link): where it really leads must be inside the root.
                guard let real = SandboxPath.realPath(probe), real == root || real.hasPrefix(root + "/") else {
                    throw PathRefusal.denied(original, "symbolic link leads outside the sandbox")
                }
                return
            }
            probe = (probe as NSString).deletingLastPathComponent
        }
    }

    /// Alipay temp images are named `<id>.image`; the file on disk keeps its real extension.
    static func alipayImageFile(root: String, name: String) -> String? {
        let id = String(name.dropLast(".image".count))
        let files = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        return files.first { $0.hasPrefix(id + ".") }.map { root + "/" + $0 }
    }
}
