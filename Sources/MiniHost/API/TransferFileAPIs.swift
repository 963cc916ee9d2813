import Foundation
import MiniCore
import MiniNet
import MiniStorage

/// `downloadFile({url, header, timeout, filePath})` → `DownloadTask`, success
/// `{tempFilePath | filePath, statusCode}` (Alipay `{apFilePath}`), and
/// `uploadFile({url, filePath, name, header, formData, timeout})` → `UploadTask`, success
/// `{data, statusCode}`.
///
/// A download is staged in the app's partial area, counted against the temp quota (or, with
/// `filePath`, the saved+user quota) while it arrives, and moved into place only once complete:
/// a transfer that would overflow stops there and fails with the storage limit's message. An
/// upload reads the sandbox file through its descriptor into a multipart/form-data body.
enum TransferFileAPIs {
    /// WeChat's largest single download (200 MB).
    static let maxDownloadBytes = 200 << 20

    static let declarations: [APIDeclaration] = [
        .factory("downloadFile") { req in try NetworkTask.start(req, kind: "DownloadTask", body: download) },
        .factory("uploadFile") { req in try NetworkTask.start(req, kind: "UploadTask", body: upload) },
    ]

    static let objectClasses = [
        NetworkTask.objectClass("DownloadTask", events: ["headersReceived", "progressUpdate"]),
        NetworkTask.objectClass("UploadTask", events: ["headersReceived", "progressUpdate"]),
    ]

    static func download(_ req: APIRequest, _ task: NetworkTask) async throws -> HostValue {
        let o = try req.options()
        let session = req.session
        let url = try NetworkOptions.url(o)
        let headers = try NetworkOptions.headers(o, dialect: req.dialect)
        let timeout = try NetworkOptions.timeout(o, api: "downloadFile", session: session)
        let filePath = try o.optionalString("filePath")
        let files = session.files
        if let filePath { _ = try session.fileSystem.writableTarget(filePath) }  // a bad path fails before any transfer
        let room = filePath == nil ? files.tempQuota - files.tempUsage() : files.quota - files.usage()
        let limit = Int(max(0, min(Int64(maxDownloadBytes), room)))
        let staged = try files.stageFile()
        let throttle = ProgressThrottle()
        var events = TransferEvents()
        events.headersReceived = { status, received in
            task.emit("headersReceived", RequestAPI.headerResult(status, received, dialect: session.dialect), session: session)
        }
        events.progress = { p in
            guard let percent = throttle.next(p.received, of: p.expectedToReceive) else { return }
            task.emit("progressUpdate", .object([
                "progress": .number(Double(percent)), "totalBytesWritten": .number(Double(p.received)),
                "totalBytesExpectedToWrite": .number(Double(p.expectedToReceive)),
            ]), session: session)
        }
        let request = HTTPRequest(url: url, headers: headers, timeout: timeout, maxResponseBytes: limit)
        let response: HTTPResponse
        switch await session.network.exchange(request, sink: .file(staged.file.fd), events: events, control: task.control) {
        case .success(let r): response = r
        case .failure(.tooLarge(let l)) where l == limit && Int64(limit) == room:
            throw MediaError(.storageLimitExceeded, "the maximum size of the file storage limit is exceeded")
        case .failure(.tooLarge): throw MediaError(.networkError, "exceed max file size")
        case .failure(let why): throw NetworkFailures.mediaError(why)
        }
        if req.dialect == .my, response.status >= 400 { throw MediaError(.httpError, "HTTP error \(response.status)") }
        let status = HostValue.number(Double(response.status))
        if let filePath {
            try session.fileSystem.commit(staged, to: filePath)
            return .object(["filePath": .string(filePath), "statusCode": status])
        }
        let ext = NetworkOptions.fileExtension(url: response.url, contentType: response.header("content-type"))
        let temp = try files.commitTempFile(staged, ext: ext)
        if req.dialect == .my { return .object(["apFilePath": .string(temp), "tempFilePath": .string(temp), "statusCode": status]) }
        return .object(["tempFilePath": .string(temp), "statusCode": status])
    }

    static func upload(_ req: APIRequest, _ task: NetworkTask) async throws -> HostValue {
        let o = try req.options()
        let session = req.session
        let dialect = req.dialect
        let url = try NetworkOptions.url(o)
        var headers = try NetworkOptions.headers(o, dialect: dialect)
        let timeout = try NetworkOptions.timeout(o, api: "uploadFile", session: session)
        let path = try o.string(dialect == .my && o.has("apFilePath") ? "apFilePath" : "filePath")
        let name = try o.nonEmptyString(dialect == .my && o.has("fileName") ? "fileName" : "name")
        var fields: [(String, String)] = []
        if let form = o["formData"] {
            guard case .object(let f) = form else { throw Options.typeError("formData", "Object", form) }
            for (k, v) in f {
                switch v {
                case .undefined, .function: continue
                case .string(let s): fields.append((k, s))
                case .number(let n): fields.append((k, JSNumber.format(n)))
                case .bool(let b): fields.append((k, b ? "true" : "false"))
                default: fields.append((k, JSONText.stringify(v)))
                }
            }
        }
        let file: OpenFile
        do { file = try session.files.openFile(path) } catch let e as MediaError where e.code != .permissionDenied && e.code != .invalidPath {
            throw MediaError(.fileNotFound, "file not exist")
        }
        let fileName = path.split(separator: "/").last.map(String.init) ?? "file"
        let form = MultipartForm(fields: fields, fileField: name, fileName: fileName, file: file.fd, fileLength: file.size)
        headers.removeAll { $0.name.lowercased() == "content-type" }
        headers.append(HTTPHeader("Content-Type", "multipart/form-data; boundary=\(form.boundary)"))
        let throttle = ProgressThrottle()
        var events = TransferEvents()
        events.headersReceived = { status, received in
            task.emit("headersReceived", RequestAPI.headerResult(status, received, dialect: dialect), session: session)
        }
        events.progress = { p in
            guard p.expectedToSend > 0, let percent = throttle.next(p.sent, of: p.expectedToSend) else { return }
            task.emit("progressUpdate", .object([
                "progress": .number(Double(percent)), "totalBytesSent": .number(Double(p.sent)),
                "totalBytesExpectedToSend": .number(Double(p.expectedToSend)),
            ]), session: session)
        }
        let request = HTTPRequest(
            url: url, method: "POST", headers: headers, body: form.parts, timeout: timeout, maxResponseBytes: RequestAPI.maxResponseBytes)
        let response: HTTPResponse
        let result = await session.network.exchange(request, sink: .memory, events: events, control: task.control)
        withExtendedLifetime(file) {}
        switch result {
        case .success(let r): response = r
        case .failure(let why): throw NetworkFailures.mediaError(why)
        }
        if dialect == .my, response.status >= 400 { throw MediaError(.httpError, "HTTP error \(response.status)") }
        var out = HostObjectValue()
        out["data"] = .string(String(decoding: response.body, as: UTF8.self))
        out["statusCode"] = .number(Double(response.status))
        if dialect == .my { out["header"] = RequestAPI.headerResult(response.status, response.headers, dialect: .wx)["header"] }
        return .object(out)
    }
}

/// A multipart/form-data body: the text fields, then the file read from its descriptor.
struct MultipartForm {
    let boundary: String
    let parts: [BodyPart]

    init(fields: [(String, String)], fileField: String, fileName: String, file: Int32, fileLength: Int64, boundary: String? = nil) {
        let b = boundary ?? "----MiniMediaFormBoundary" + String(UInt64.random(in: .min ... .max), radix: 16)
        self.boundary = b
        var head = ""
        for (k, v) in fields {
            head += "--\(b)\r\nContent-Disposition: form-data; name=\"\(Self.escape(k))\"\r\n\r\n\(v)\r\n"
        }
        head += "--\(b)\r\nContent-Disposition: form-data; name=\"\(Self.escape(fileField))\"; filename=\"\(Self.escape(fileName))\"\r\n"
        head += "Content-Type: \(Self.mimeType(fileName))\r\n\r\n"
        parts = [.bytes(Array(head.utf8)), .file(descriptor: file, length: fileLength), .bytes(Array("\r\n--\(b)--\r\n".utf8))]
    }

    /// As browsers do: `"` and line breaks in names are percent-encoded.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\"", with: "%22").replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }

    static func mimeType(_ name: String) -> String {
        let ext = name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        let types = [
            "jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp",
            "mp4": "video/mp4", "mp3": "audio/mpeg", "txt": "text/plain", "json": "application/json",
        ]
        return types[ext] ?? "application/octet-stream"
    }
}
