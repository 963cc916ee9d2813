import MiniCore
import MiniStorage

/// `saveFile`, `getSavedFileList`, `getSavedFileInfo`, `removeSavedFile`, `getFileInfo`.
enum FileAPIs {
    static let declarations: [APIDeclaration] = [
        .async("saveFile", .blocking { req in
            let o = try req.options()
            let temp = try o.string("tempFilePath")
            let dest = try o.optionalString("filePath")
            let saved = try req.session.files.saveFile(tempFilePath: temp, filePath: dest)
            return .object(["savedFilePath": .string(saved)])
        }).reading("tempFilePath", "filePath").returning("savedFilePath"),
        .async("getSavedFileList", .blocking { req in
            _ = try req.options()
            let list = req.session.files.savedFiles().map { f -> HostValue in
                .object([
                    "filePath": .string(f.filePath), "size": .number(Double(f.size)),
                    "createTime": .number(Double(f.createTime)),
                ])
            }
            return .object(["fileList": .array(list)])
        }).returning("fileList"),
        .async("getSavedFileInfo", .blocking { req in
            let f = try req.session.files.savedFile(try req.options().string("filePath"))
            return .object(["size": .number(Double(f.size)), "createTime": .number(Double(f.createTime))])
        }).reading("filePath").returning("size", "createTime"),
        .async("removeSavedFile", .blocking { req in
            try req.session.files.removeSavedFile(try req.options().string("filePath"))
            return .object([:])
        }).reading("filePath"),
        .async("getFileInfo", .blocking { req in
            let o = try req.options()
            let path = try o.string("filePath")
            let algorithm: DigestAlgorithm = try o.enumeration("digestAlgorithm", default: .md5)
            guard algorithm != .sha256 else {
                throw MediaError.parameter("parameter.digestAlgorithm should be one of \"md5\", \"sha1\" instead of \"sha256\";")
            }
            let info = try req.session.files.fileInfo(path, algorithm: algorithm)
            return .object(["size": .number(Double(info.size)), "digest": .string(info.digest)])
        }).reading("filePath", "digestAlgorithm=md5|sha1").returning("size", "digest"),
    ]
}
