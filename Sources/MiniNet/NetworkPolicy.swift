/// Where page code may connect, per app: the platforms' model of legal domains.
///
/// - With `checksDomains` (the default) a url must match an `allowedHosts` entry: `https`
///   unless the entry names `http://`, on the entry's port. Without it (WeChat DevTools'
///   "不校验合法域名", `--no-domain-check`) any `http`/`https` url passes this step.
/// - Either way every address the host resolves to is checked before connecting, and the
///   connection goes to exactly those addresses: link-local, metadata, unspecified, multicast
///   and reserved addresses are never reached; loopback and private ones only when
///   `allowsLocalNetwork` is set or an entry names that very address (`http://127.0.0.1:8080`).
/// - Redirects are followed by hand, at most `maxRedirects`, each hop checked again.
public struct NetworkPolicy: Sendable, Equatable {
    public var allowedHosts: [AllowedHost]
    public var checksDomains: Bool
    public var allowsLocalNetwork: Bool
    public var maxRedirects: Int

    public init(
        allowedHosts: [AllowedHost] = [], checksDomains: Bool = true, allowsLocalNetwork: Bool = false,
        maxRedirects: Int = 5
    ) {
        self.allowedHosts = allowedHosts
        self.checksDomains = checksDomains
        self.allowsLocalNetwork = allowsLocalNetwork
        self.maxRedirects = maxRedirects
    }

    /// Names of cloud metadata services, refused before any lookup.
    static let metadataNames: Set<String> = [
        "metadata", "metadata.google.internal", "metadata.goog", "instance-data", "instance-data.ec2.internal",
        "metadata.azure.com", "metadata.tencentyun.com",
    ]

    /// The checks on the url itself, before resolving it.
    public func check(_ url: NetworkURL) throws(NetworkFailure) {
        let name = url.host.hasSuffix(".") ? String(url.host.dropLast()) : url.host
        if Self.metadataNames.contains(name) { throw .refused("\(url.host) is a metadata service") }
        if checksDomains, !allowedHosts.contains(where: { $0.matches(url) }) {
            throw .notInDomainList("\(url.scheme)://\(url.host):\(url.port) is not an allowed host")
        }
    }

    /// The check on one address `url`'s host resolved to (or names).
    public func check(_ address: IPAddress, for url: NetworkURL) throws(NetworkFailure) {
        switch address.kind {
        case .public: return
        case .forbidden(let kind): throw .refused("\(address) (\(url.host)) is \(kind)")
        case .local(let kind):
            if allowsLocalNetwork { return }
            if allowedHosts.contains(where: { $0.address == address && $0.matches(url) }) { return }
            throw .refused("\(address) (\(url.host)) is \(kind) and not explicitly allowed")
        }
    }
}
