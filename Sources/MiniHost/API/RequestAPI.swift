import Foundation
import MiniCore
import MiniNet

/// `request({url, data, header, timeout, method, dataType, responseType, enableHttp2, …})` →
/// `RequestTask`; success `{data, statusCode, header, cookies}` (Alipay `{data, status, headers}`).
///
/// Data is sent as WeChat sends it: for GET (and HEAD) an object becomes the query string; for
/// other methods a string or ArrayBuffer is the body as it is, and an object is JSON — or
/// `a=1&b=2` when the content-type is `application/x-www-form-urlencoded`. The content-type
/// defaults to `application/json`. With `dataType: 'json'` (the default) a JSON response is
/// parsed and any other is kept as text; Alipay fails with error 14 instead. Every HTTP status
/// is an answer (a 404 succeeds with `statusCode: 404`), except on Alipay (error 19).
enum RequestAPI {
    enum Method: String, CaseIterable { case OPTIONS, GET, HEAD, POST, PUT, DELETE, TRACE, CONNECT }
    enum ResponseType: String, CaseIterable { case text, arraybuffer }

    /// Largest response `request` keeps in memory (MiniMedia choice; WeChat documents none).
    static let maxResponseBytes = 16 << 20

    static let declarations: [APIDeclaration] = [
        .factory("request") { req in try NetworkTask.start(req, kind: "RequestTask", body: run) }
    ]

    static let objectClass = NetworkTask.objectClass("RequestTask", events: ["headersReceived", "chunkReceived"])

    static func run(_ req: APIRequest, _ task: NetworkTask) async throws -> HostValue {
        let o = try req.options()
        let dialect = req.dialect
        var url = try NetworkOptions.url(o)
        var headers = try NetworkOptions.headers(o, dialect: dialect)
        let raw = try o.string("method", default: "GET")
        let method: Method = try Options.enumCase(raw.uppercased(), key: "method")
        let dataType = try o.string("dataType", default: "json")
        let responseType: ResponseType = try o.enumeration("responseType", default: .text)
        let http2 = try o.bool("enableHttp2", default: false)
        let chunked = try o.bool("enableChunked", default: false)
        for flag in ["enableQuic", "enableCache", "enableHttpDNS", "forceCellularNetwork"] { _ = try o.bool(flag, default: false) }
        let timeout = try NetworkOptions.timeout(o, api: "request", session: req.session)

        if !headers.contains(where: { $0.name.lowercased() == "content-type" }) {
            headers.append(HTTPHeader("content-type", "application/json"))
        }
        let contentType = headers.first { $0.name.lowercased() == "content-type" }!.value.lowercased()
        var body: [UInt8] = []
        if let data = o["data"] {
            if method == .GET || method == .HEAD {
                let query = try queryString(data)
                if !query.isEmpty { url += (url.contains("?") ? "&" : "?") + query }
            } else {
                switch data {
                case .string(let s): body = Array(s.utf8)
                case .bytes(let b): body = b.array
                case .object where contentType.hasPrefix("application/x-www-form-urlencoded"): body = Array(try queryString(data).utf8)
                default: body = Array(JSONText.stringify(data).utf8)
                }
            }
        }
        let session = req.session
        var events = TransferEvents()
        events.headersReceived = { status, received in
            task.emit("headersReceived", headerResult(status, received, dialect: dialect), session: session)
        }
        if chunked {
            events.chunk = { bytes in task.emit("chunkReceived", .object(["data": .bytes(ByteBuffer(copying: bytes))]), session: session) }
        }
        let request = HTTPRequest(
            url: url, method: method.rawValue, headers: headers, body: body.isEmpty ? [] : [.bytes(body)], timeout: timeout,
            maxResponseBytes: maxResponseBytes, http2: http2)
        let response: HTTPResponse
        switch await session.network.exchange(request, sink: .memory, events: events, control: task.control) {
        case .success(let r): response = r
        case .failure(let why): throw NetworkFailures.mediaError(why)
        }
        if dialect == .my, response.status >= 400 { throw MediaError(.httpError, "HTTP error \(response.status)") }
        let data: HostValue
        if responseType == .arraybuffer || (dialect == .my && dataType == "arraybuffer") {
            data = .bytes(ByteBuffer(copying: response.body))
        } else if dialect == .my && dataType == "base64" {
            data = .string(Data(response.body).base64EncodedString())
        } else {
            let text = String(decoding: response.body, as: UTF8.self)
            if dataType == "json" {
                if let parsed = JSONText.parse(text) {
                    data = parsed
                } else if dialect == .my {
                    throw MediaError(.responseDecodeFailed, "JSON parse data error")
                } else {
                    data = .string(text)
                }
            } else {
                data = .string(text)
            }
        }
        var result = HostObjectValue()
        result["data"] = data
        for (k, v) in headerResult(response.status, response.headers, dialect: dialect).objectValue ?? HostObjectValue() { result[k] = v }
        return .object(result)
    }

    /// `{statusCode, header, cookies}` (Alipay `{status, headers}`); repeated headers are joined with `, `.
    static func headerResult(_ status: Int, _ headers: [HTTPHeader], dialect: Dialect) -> HostValue {
        var fields = HostObjectValue()
        for h in headers {
            if case .string(let existing)? = fields[h.name] { fields[h.name] = .string(existing + ", " + h.value) } else { fields[h.name] = .string(h.value) }
        }
        let cookies = headers.filter { $0.name.lowercased() == "set-cookie" }.map { HostValue.string($0.value) }
        if dialect == .my { return .object(["status": .number(Double(status)), "headers": .object(fields)]) }
        return .object(["statusCode": .number(Double(status)), "header": .object(fields), "cookies": .array(cookies)])
    }

    /// `a=1&b=x%20y` from an object (a string is sent as it is); nested values are JSON.
    static func queryString(_ data: HostValue) throws -> String {
        switch data {
        case .string(let s): return s
        case .null: return ""
        case .object(let o):
            return o.compactMap { k, v -> String? in
                let text: String
                switch v {
                case .undefined, .function: return nil
                case .string(let s): text = s
                case .number(let n): text = JSNumber.format(n)
                case .bool(let b): text = b ? "true" : "false"
                case .null: text = "null"
                default: text = JSONText.stringify(v)
                }
                return percentEncoded(k) + "=" + percentEncoded(text)
            }.joined(separator: "&")
        default: throw Options.typeError("data", "String, Object or ArrayBuffer", data)
        }
    }

    /// `encodeURIComponent`.
    static func percentEncoded(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics.intersection(CharacterSet(charactersIn: Unicode.Scalar(0)..<Unicode.Scalar(0x80)))
        allowed.insert(charactersIn: "-_.!~*'()")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
