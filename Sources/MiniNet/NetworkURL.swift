import Foundation

/// An `http(s)` url as the policy and the transfer see it: scheme, host (lowercased, IPv6
/// without brackets), effective port and the url text handed to libcurl.
public struct NetworkURL: Sendable, Equatable, CustomStringConvertible {
    public let scheme: String
    public let host: String
    /// The port the url names, or nil for the scheme's default.
    public let explicitPort: Int?
    public let text: String

    public var port: Int { explicitPort ?? (scheme == "https" ? 443 : 80) }
    /// The host as a numeric address, when it is one.
    public var address: IPAddress? { IPAddress(host) }

    /// Parses `text`; nil unless it is an `http`/`https` url with a host and no user info.
    public init?(_ text: String) {
        guard text.utf8.count <= 8192, !text.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }),
            let c = URLComponents(string: text), let scheme = c.scheme?.lowercased(), scheme == "http" || scheme == "https",
            var host = c.percentEncodedHost, !host.isEmpty, c.user == nil, c.password == nil
        else { return nil }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        // A percent-encoded or otherwise odd host would be read differently by curl than here.
        guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else { return nil }
        if let port = c.port, !(1...65535).contains(port) { return nil }
        self.scheme = scheme
        self.host = host.lowercased()
        self.explicitPort = c.port
        self.text = text
    }

    public var description: String { text }
}
