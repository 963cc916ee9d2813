import Foundation
import MiniNet

/// A `<live-player src>` checked against the app's network rules, and the URL FFmpeg opens.
///
/// - `rtmp://host[:port]/app/stream`: the platforms keep no legal-domain list for live-player
///   (WeChat asks for the live category instead), so only the address rules apply: the host is
///   resolved once, every address checked as `http://host:port` would be (link-local and
///   metadata never; loopback/private only with `allowsLocalNetwork` or an allowed-host entry
///   naming that address and port), and FFmpeg connects to the checked address literally.
/// - `http(s)://…` (HTTP-FLV, or HLS when the path ends in `.m3u8`): the full policy, as for
///   `request` — domain list, then every address; redirects are followed by hand (a `HEAD`,
///   each hop checked) and FFmpeg opens where they lead, following none itself. FFmpeg resolves
///   the name again (libavformat's http client takes no address list: a documented limit); the
///   playlists and segments an HLS playlist names must stay on the url's origin (MiniCodec's
///   `StreamOriginGuard`).
struct LiveURL: Sendable, Equatable {
    enum Kind: Sendable, Equatable { case rtmp, flv, hls }

    /// Why a URL cannot be played: `bad` ends with -2302; `unresolved` is reported as 3001 first.
    enum Failure: Error, Equatable {
        case bad(String)
        case unresolved(String)
        var reason: String {
            switch self {
            case .bad(let r), .unresolved(let r): r
            }
        }
    }

    let kind: Kind
    /// What FFmpeg opens.
    let ffmpegURL: String
    let original: String

    static func check(_ src: String, network: NetworkAccess) throws(Failure) -> LiveURL {
        guard !src.isEmpty else { throw .bad("src is empty") }
        guard src.utf8.count <= 4096, !src.contains(where: { $0.isWhitespace || $0.asciiValue.map { $0 < 0x20 || $0 == 0x7f } == true }),
            let c = URLComponents(string: src), let scheme = c.scheme?.lowercased()
        else { throw .bad("src is not a url") }
        switch scheme {
        case "rtmp":
            guard var host = c.percentEncodedHost, !host.isEmpty, c.user == nil, c.password == nil else { throw .bad("src has no host") }
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-._:".contains($0)) }) else { throw .bad("src has an invalid host") }
            let port = c.port ?? 1935
            guard (1...65535).contains(port) else { throw .bad("src has an invalid port") }
            guard c.percentEncodedPath.split(separator: "/").count >= 2 else { throw .bad("an rtmp src needs /app/stream") }
            let hostText = host.contains(":") ? "[\(host)]" : host
            guard let stand = NetworkURL("http://\(hostText):\(port)/") else { throw .bad("src has an invalid host") }
            let address = try checkedAddresses(stand, network: network, domains: false)[0]
            let literal = address.isIPv4 ? "\(address)" : "[\(address)]"
            var path = c.percentEncodedPath
            if let q = c.percentEncodedQuery { path += "?" + q }
            return LiveURL(kind: .rtmp, ffmpegURL: "rtmp://\(literal):\(port)\(path)", original: src)
        case "http", "https":
            guard let url = NetworkURL(src) else { throw .bad("src is not a valid http(s) url") }
            _ = try checkedAddresses(url, network: network, domains: true)
            // FFmpeg follows no redirect: it opens where the checked redirects lead.
            let location: String
            do { location = try network.streamLocation(src, timeout: 5) } catch {
                if case .unreachable = error { throw .unresolved("cannot reach \(url.host)") }
                throw .bad("\(url.host) is not allowed")
            }
            let kind: Kind = c.path.lowercased().hasSuffix(".m3u8") ? .hls : .flv
            return LiveURL(kind: kind, ffmpegURL: location, original: src)
        default:
            throw .bad("src scheme \(scheme) is not rtmp, http or https")
        }
    }

    private static func checkedAddresses(_ url: NetworkURL, network: NetworkAccess, domains: Bool) throws(Failure) -> [IPAddress] {
        do {
            if domains { try network.policy.check(url) }
            let addresses = try url.address.map { [$0] } ?? network.resolver.resolve(url.host, timeout: 5)
            guard !addresses.isEmpty else { throw Failure.unresolved("\(url.host) has no address") }
            for a in addresses { try network.policy.check(a, for: url) }
            return addresses
        } catch let f as Failure {
            throw f
        } catch let f as NetworkFailure {
            network.trace?("live-player \(url.host): \(f)")
            if case .unreachable = f { throw .unresolved("cannot resolve \(url.host)") }
            throw .bad("\(url.host) is not allowed")
        } catch {
            throw .bad("\(error)")
        }
    }
}
