import Foundation
import MiniCore
import MiniNet

/// The options `request`, `downloadFile` and `uploadFile` share: url, header, timeout.
enum NetworkOptions {
    /// The url: an `http(s)` url with a host (`invalid url` otherwise, as WeChat says).
    static func url(_ o: Options) throws -> String {
        let url = try o.string("url")
        guard NetworkURL(url) != nil else { throw MediaError.parameter("invalid url \"\(url.prefix(200))\";") }
        return url
    }

    /// `header` (Alipay `headers`): an object of names to values; numbers and booleans become
    /// text. Names must be HTTP tokens and values free of CR, LF and NUL (no header injection);
    /// `Referer` is dropped, as WeChat sets it itself.
    static func headers(_ o: Options, dialect: Dialect) throws -> [HTTPHeader] {
        let key = dialect == .my && o.has("headers") ? "headers" : "header"
        guard let value = o[key] else { return [] }
        guard case .object(let fields) = value else { throw Options.typeError(key, "Object", value) }
        var out: [HTTPHeader] = []
        for (name, v) in fields {
            let text: String
            switch v {
            case .string(let s): text = s
            case .number(let n): text = JSNumber.format(n)
            case .bool(let b): text = b ? "true" : "false"
            case .undefined: continue
            default: throw Options.typeError("\(key).\(name)", "String", v)
            }
            let token = !name.isEmpty && name.utf8.count <= 256
                && name.unicodeScalars.allSatisfy { $0.isASCII && $0.value > 0x20 && $0.value < 0x7f && !"()<>@,;:\\\"/[]?={}".unicodeScalars.contains($0) }
            guard token else { throw MediaError.parameter("parameter.\(key) has an invalid header name \"\(name.prefix(64))\";") }
            guard !text.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }), text.utf8.count <= 8192 else {
                throw MediaError.parameter("parameter.\(key).\(name) is not a valid header value;")
            }
            if name.lowercased() == "referer" { continue }
            out.append(HTTPHeader(name, text))
        }
        return out
    }

    /// `timeout` in milliseconds, else app.json's `networkTimeout.<api>`, else 60 s (Alipay 30 s).
    static func timeout(_ o: Options, api: String, session: AppSession) throws -> Double {
        if let ms = try o.optionalNumber("timeout", in: 0...86_400_000) {
            guard ms > 0 else { throw MediaError.parameter("parameter.timeout should be greater than 0;") }
            return ms / 1000
        }
        let configured = session.service(AppNetworkTimeouts.self) { AppNetworkTimeouts(session: session) }
        return configured.seconds[api] ?? (session.dialect == .my ? 30 : 60)
    }

    /// The file extension a download keeps: the url path's, else the content type's, else none.
    static func fileExtension(url: String, contentType: String?) -> String {
        let path = URLComponents(string: url)?.path ?? ""
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        if let dot = last.lastIndex(of: "."), last.index(after: dot) < last.endIndex {
            let ext = String(last[last.index(after: dot)...]).lowercased()
            if ext.count <= 8, ext.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) { return ext }
        }
        let type = (contentType ?? "").split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        let byType = [
            "image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp", "image/heic": "heic",
            "video/mp4": "mp4", "audio/mpeg": "mp3", "audio/aac": "aac", "application/json": "json", "text/plain": "txt",
            "text/html": "html", "application/pdf": "pdf",
        ]
        return byType[type] ?? ""
    }
}

/// app.json's `networkTimeout` (`request`, `downloadFile`, `uploadFile`, in ms), read once per
/// session from the package; missing or malformed entries leave the default.
struct AppNetworkTimeouts: Sendable {
    let seconds: [String: Double]

    init(session: AppSession) {
        var found: [String: Double] = [:]
        if let package = session.sandbox.package, let file = try? package.open(["app.json"], flags: O_RDONLY | O_CLOEXEC),
            let bytes = try? file.readAll(maxBytes: 4 << 20),
            case .object(let timeouts)? = JSONText.parse(String(decoding: bytes, as: UTF8.self))?["networkTimeout"]
        {
            for (api, value) in timeouts {
                if case .number(let ms) = value, ms.isFinite, ms > 0, ms <= 86_400_000 { found[api] = ms / 1000 }
            }
        }
        seconds = found
    }
}
