import Foundation
import MiniHost
import MiniStorage
import MiniWXML

/// Reads a page's template and the files it imports and includes from the package, the way
/// `require` reads modules: by package path, opened beneath the package folder's descriptor
/// (`SandboxDirectory`), so `..`, links or a swapped folder cannot lead outside it.
struct TemplateFiles {
    let root: URL
    /// Largest template file read.
    static let maxBytes: Int64 = 4 << 20

    struct ReadError: Error, CustomStringConvertible {
        let description: String
    }

    /// The template at `url` (inside the package), with the directive syntax of its extension.
    func pageTemplate(_ url: URL) throws -> PageTemplate {
        let rootPath = root.standardizedFileURL.path
        let full = url.standardizedFileURL.path
        guard PathBytes.hasPrefix(full, rootPath + "/") else { throw ReadError(description: "template outside the package") }
        let packagePath = "/" + PathBytes.dropping(rootPath + "/", from: full)
        let syntax = DirectiveSyntax.ofTemplateExtension(url.pathExtension) ?? .wechat
        let folder = try SandboxDirectory(path: realPath(rootPath) ?? rootPath)
        let read: TemplateLoader = { path in try Self.read(path, in: folder) }
        return try PageTemplate(source: try read(packagePath), path: packagePath, syntax: syntax, loader: read)
    }

    static func read(_ packagePath: String, in folder: SandboxDirectory) throws -> String {
        let components = PathBytes.components(packagePath).filter { !$0.isEmpty }
        guard !components.isEmpty, !components.contains(where: { PathBytes.isDot($0) || PathBytes.isDotDot($0) }) else {
            throw ReadError(description: "bad package path \(packagePath)")
        }
        let file: OpenFile
        do { file = try folder.open(components, flags: O_RDONLY | O_CLOEXEC) } catch {
            throw ReadError(description: "no readable file there inside the package")
        }
        guard let st = try? file.stat(), (st.st_mode & S_IFMT) == S_IFREG else { throw ReadError(description: "not a file") }
        let bytes = try file.readAll(maxBytes: maxBytes)
        guard let text = String(validating: bytes, as: UTF8.self) else { throw ReadError(description: "not UTF-8 text") }
        return text
    }

    func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}
