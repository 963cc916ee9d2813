import MiniCore
import MiniStorage

/// The object `getFileSystemManager()` returns (one per session).
final class FileSystemManager: NativeObject, @unchecked Sendable {
    override var className: String { "FileSystemManager" }
}

/// `getFileSystemManager()` and its methods, each async and `Sync`.
enum FileSystemManagerAPI {
    static let declarations: [APIDeclaration] = [
        .factory("getFileSystemManager") { req in req.session.service(FileSystemManager.self) { FileSystemManager() } }
    ]

    /// Gives `Stats` objects `isFile()` / `isDirectory()`, as WeChat's do.
    static let statsAdapter = """
        (function (res) {
          function wrap(s) {
            s.isDirectory = function () { return (this.mode & 0o170000) === 0o040000; };
            s.isFile = function () { return (this.mode & 0o170000) === 0o100000; };
            return s;
          }
          if (Array.isArray(res.stats)) res.stats.forEach(function (e) { wrap(e.stats); });
          else if (res.stats) wrap(res.stats);
          return res;
        })
        """

    static let objectClass = ObjectClass(
        "FileSystemManager",
        members: [
            method("readFile", ["filePath", "encoding", "position", "length"], .field("data")) { req, fs in
                let o = try req.options()
                let path = try o.string("filePath")
                let encoding: TextEncoding? = o.has("encoding") ? try o.enumeration("encoding") : nil
                let position = try o.optionalInt("position", in: 0...Int.max)
                let length = try o.optionalInt("length", in: 0...Int.max)
                let buffer = try fs.readFile(path, position: position.map(Int64.init), length: length.map(Int64.init))
                guard let encoding else { return .object(["data": .bytes(buffer)]) }
                return .object(["data": .string(encoding.decode(buffer.bytes))])
            },
            method("writeFile", ["filePath", "data", "encoding"], .nothing) { req, fs in
                let o = try req.options()
                try fs.writeFile(try o.string("filePath"), bytes: try data(o))
                return .object([:])
            },
            method("appendFile", ["filePath", "data", "encoding"], .nothing) { req, fs in
                let o = try req.options()
                try fs.writeFile(try o.string("filePath"), bytes: try data(o), append: true)
                return .object([:])
            },
            method("access", ["path"], .nothing) { req, fs in
                try fs.access(try req.options().string("path"))
                return .object([:])
            },
            method("stat", ["path", "recursive"], .field("stats")) { req, fs in
                let o = try req.options()
                let path = try o.string("path")
                if try o.bool("recursive", default: false) {
                    let entries = try fs.statRecursive(path).map { p, s -> HostValue in
                        .object(["path": .string(p), "stats": statsValue(s)])
                    }
                    return .object(["stats": .array(entries)])
                }
                return .object(["stats": statsValue(try fs.stat(path))])
            }.adaptingResult(statsAdapter),
            method("unlink", ["filePath"], .nothing) { req, fs in
                try fs.unlink(try req.options().string("filePath"))
                return .object([:])
            },
            method("mkdir", ["dirPath", "recursive"], .nothing) { req, fs in
                let o = try req.options()
                try fs.mkdir(try o.string("dirPath"), recursive: try o.bool("recursive", default: false))
                return .object([:])
            },
            method("readdir", ["dirPath"], .field("files")) { req, fs in
                .object(["files": .array(try fs.readdir(try req.options().string("dirPath")).map(HostValue.string))])
            },
            method("rmdir", ["dirPath", "recursive"], .nothing) { req, fs in
                let o = try req.options()
                try fs.rmdir(try o.string("dirPath"), recursive: try o.bool("recursive", default: false))
                return .object([:])
            },
            method("copyFile", ["srcPath", "destPath"], .nothing) { req, fs in
                let o = try req.options()
                try fs.copyFile(from: try o.string("srcPath"), to: try o.string("destPath"))
                return .object([:])
            },
            method("rename", ["oldPath", "newPath"], .nothing) { req, fs in
                let o = try req.options()
                try fs.rename(from: try o.string("oldPath"), to: try o.string("newPath"))
                return .object([:])
            },
            method("saveFile", ["tempFilePath", "filePath"], .field("savedFilePath")) { req, fs in
                let o = try req.options()
                let saved = try fs.files.saveFile(tempFilePath: try o.string("tempFilePath"), filePath: try o.optionalString("filePath"))
                return .object(["savedFilePath": .string(saved)])
            },
            method("getFileInfo", nil, .object) { req, fs in
                let o = try req.options()
                let algorithm: DigestAlgorithm = try o.enumeration("digestAlgorithm", default: .md5)
                let info = try fs.files.fileInfo(try o.string("filePath"), algorithm: algorithm)
                return .object(["size": .number(Double(info.size)), "digest": .string(info.digest)])
            },
            method("removeSavedFile", nil, .nothing) { req, fs in
                try fs.files.removeSavedFile(try req.options().string("filePath"))
                return .object([:])
            },
        ])

    /// A method with an async form and a positional `Sync` twin (`parameters: nil`: no twin).
    static func method(
        _ name: String, _ parameters: [String]?, _ returns: SyncForm.Returns,
        _ body: @escaping @Sendable (APIRequest, SandboxFileSystem) throws -> HostValue
    ) -> APIDeclaration {
        let sync = parameters.map { SyncForm(name + "Sync", parameters: $0, returns: returns) }
        return .async(name, sync: sync, .blocking { req in try body(req, req.session.fileSystem) })
    }

    /// `data` as bytes: an ArrayBuffer, or a string in `encoding` (default utf8).
    static func data(_ o: Options) throws -> [UInt8] {
        switch o["data"] {
        case .bytes(let b)?: return b.array
        case .string(let s)?:
            let encoding: TextEncoding = try o.enumeration("encoding", default: .utf8)
            return try encoding.encode(s)
        case let other: throw Options.typeError("data", "String or ArrayBuffer", other)
        }
    }

    static func statsValue(_ s: FileStats) -> HostValue {
        .object([
            "mode": .number(Double(s.mode)), "size": .number(Double(s.size)),
            "lastAccessedTime": .number(Double(s.lastAccessedTime)),
            "lastModifiedTime": .number(Double(s.lastModifiedTime)),
        ])
    }
}
