#if canImport(Glibc)
import Glibc
#endif
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
        var components = try checkComponents(rest, original: path)
        guard let directory = sandbox.directory(area) else {
            throw MediaError(.fileNotFound, "no such file or directory, open \(PathRefusal.display(path))")
        }
        // Held open by descriptor, a removed area would still take writes that nobody finds again.
        if directory.isRemoved { throw StorageFault.vanished }
        if area == .temp && dialect == .my, let last = components.last, PathBytes.hasSuffix(last, ".image") {
            if let real = Self.alipayImageFile(directory, name: last) { components[components.count - 1] = real }
        }
        try checkLinks(directory, components, original: path)
        return SandboxPath(area: area, virtualPath: path, components: components, directory: directory)
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

    static func splitExtension(_ name: String) -> (String, String) { PathBytes.splitExtension(name) }

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

    /// Splits off the scheme and picks the area (all on bytes: see `PathBytes`).
    private func split(_ path: String) throws -> (FileArea, String) {
        let scheme = dialect.fileScheme
        if PathBytes.hasPrefix(path, scheme) {
            return try splitSchemed(PathBytes.dropping(scheme, from: path), original: path)
        }
        if path.utf8.firstRange(of: "://".utf8) != nil || PathBytes.hasPrefix(path, "file:") {
            throw PathRefusal.denied(path, "not a \(dialect.namespace) file path")
        }
        return (.package, path)
    }

    private func splitSchemed(_ rest: String, original: String) throws -> (FileArea, String) {
        let userPrefix = PathBytes.dropping(dialect.fileScheme, from: dialect.userDataPath)  // "usr" / "user"
        if PathBytes.equal(rest, userPrefix) { return (.user, "") }
        if PathBytes.hasPrefix(rest, userPrefix + "/") {
            let sub = PathBytes.dropping(userPrefix + "/", from: rest)
            // tt and my keep saved files in the user folder's namespace: `…/user/store_<id>.<ext>`.
            if dialect == .tt || dialect == .my, PathBytes.hasPrefix(sub, "store_"), !PathBytes.containsSeparator(sub) {
                return (.saved, PathBytes.dropping("store_", from: sub))
            }
            return (.user, sub)
        }
        let flat: [(Dialect, String, FileArea)] = [
            (.wx, "tmp_", .temp), (.wx, "store_", .saved), (.qq, "tmp_", .temp), (.qq, "store_", .saved), (.swan, "tmp_", .temp), (.swan, "store_", .saved),
            (.tt, "temp/", .temp), (.my, "resource/", .temp),
        ]
        for (d, prefix, area) in flat where d == dialect && PathBytes.hasPrefix(rest, prefix) {
            return (area, try flatName(PathBytes.dropping(prefix, from: rest), original))
        }
        throw MediaError(.fileNotFound, "no such file or directory, open \(PathRefusal.display(original))")
    }

    /// Temp and saved files are flat: one name, no folders.
    private func flatName(_ name: String, _ original: String) throws -> String {
        if PathBytes.containsSeparator(name) || PathBytes.isDotDot(name) || PathBytes.isDot(name) || name.isEmpty {
            throw PathRefusal.denied(original, "temp and saved files have no folders")
        }
        return name
    }

    private func checkComponents(_ rest: String, original: String) throws -> [String] {
        var out: [String] = []
        for part in PathBytes.components(rest) {
            if PathBytes.isDot(part) { continue }
            if PathBytes.isDotDot(part) { throw PathRefusal.denied(original, "'..' is not allowed") }
            if part.utf8.count > SandboxPath.maxNameBytes {
                throw MediaError(.nameTooLong, "file name too long, open \(original.prefix(64))…")
            }
            out.append(part)
        }
        return out
    }

    /// Early, friendly refusal of links that lead out. Not what keeps accesses inside (the
    /// descriptor-relative operations do that on every call); it gives the resolver's answer.
    private func checkLinks(_ directory: SandboxDirectory, _ components: [String], original: String) throws {
        do { _ = try directory.stat(components) } catch let e as SystemError where e.code == EXDEV || e.code == ELOOP {
            throw PathRefusal.failure(e, "open", original)
        } catch {}
    }

    /// Alipay temp images are named `<id>.image`; the file on disk keeps its real extension.
    static func alipayImageFile(_ temp: SandboxDirectory, name: String) -> String? {
        let id = PathBytes.dropping(suffix: ".image", from: name)
        let files = (try? SandboxDirectory.entries(temp.handle)) ?? []
        return files.sorted().first { PathBytes.hasPrefix($0, id + ".") }
    }
}
