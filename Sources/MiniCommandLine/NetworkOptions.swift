import ArgumentParser
import Foundation
import MiniNet

/// Where page code may connect: `--allow-domain` (repeatable), `--no-domain-check`,
/// `--allow-local-network`. The list comes from the command line only, never from the package:
/// the package is the untrusted side, as the platforms keep legal domains in their consoles.
public struct NetworkOptions: ParsableArguments {
    public init() {}

    @Option(
        name: .customLong("allow-domain"),
        help: "A host page code may fetch from: HOST, https://HOST[:PORT] or http://HOST[:PORT]; repeatable. A bare HOST means https on port 443.")
    public var allowedDomains: [String] = []

    @Flag(
        name: .customLong("no-domain-check"),
        help: "Do not check the allowed domains (local testing, as DevTools' 不校验合法域名); http is allowed too. Loopback and private addresses stay refused without --allow-local-network; link-local and metadata addresses always.")
    public var noDomainCheck = false

    @Flag(
        name: .customLong("allow-local-network"),
        help: "Let page code reach loopback and private addresses (127.0.0.0/8, 10/8, 172.16/12, 192.168/16, fc00::/7, ::1).")
    public var allowLocalNetwork = false

    public func policy() throws -> NetworkPolicy {
        let hosts = try allowedDomains.map { raw in
            guard let host = AllowedHost(raw) else {
                throw ValidationError("--allow-domain takes HOST, https://HOST[:PORT] or http://HOST[:PORT] (got \"\(raw)\")")
            }
            return host
        }
        return NetworkPolicy(allowedHosts: hosts, checksDomains: !noDomainCheck, allowsLocalNetwork: allowLocalNetwork)
    }

    /// The policy with the system resolver; refusals and failures are explained on stderr.
    public func access() throws -> NetworkAccess {
        NetworkAccess(policy: try policy(), trace: { FileHandle.standardError.write(Data("minimedia: \($0)\n".utf8)) })
    }
}
