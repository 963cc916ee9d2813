/// One entry of an app's allowed-domain list, as the platforms' consoles take them:
/// `HOST`, `https://HOST`, `http://HOST`, each optionally with `:PORT`.
///
/// Like WeChat's legal domains: without a scheme the entry means `https`; without a port it
/// matches only the scheme's default port (a url naming any port, even 443, does not match).
/// A numeric address (`http://127.0.0.1:8080`) is also the explicit allowance of that loopback
/// or private address; a name never is.
public struct AllowedHost: Hashable, Sendable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    public let port: Int?

    /// Parses an entry; nil when it is not one (a path, a wildcard, user info, a bad port).
    public init?(_ entry: String) {
        var rest = Substring(entry.trimmingCharacters(in: .whitespaces).lowercased())
        var scheme = "https"
        for s in ["https://", "http://"] where rest.hasPrefix(s) {
            scheme = String(s.dropLast(3))
            rest = rest.dropFirst(s.count)
        }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("@"), !rest.contains("*") else { return nil }
        var host = String(rest)
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = String(rest[rest.index(after: rest.startIndex)..<close])
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { return nil }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            guard let p = Int(rest[rest.index(after: colon)...]) else { return nil }
            host = String(rest[..<colon])
            port = p
        }
        if let p = port, !(1...65535).contains(p) { return nil }
        guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-.:".contains($0)) }) else { return nil }
        if host.contains(":"), IPAddress(host) == nil { return nil }
        self.scheme = scheme
        self.host = host
        self.port = port
    }

    /// The numeric address the entry names, if it names one.
    public var address: IPAddress? { IPAddress(host) }

    public func matches(_ url: NetworkURL) -> Bool {
        guard url.scheme == scheme, url.explicitPort == port else { return false }
        if let a = address { return url.address == a }
        return url.host == host || url.host == host + "."
    }

    public var description: String {
        let h = host.contains(":") ? "[\(host)]" : host
        return "\(scheme)://\(h)" + (port.map { ":\($0)" } ?? "")
    }
}
