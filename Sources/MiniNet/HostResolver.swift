#if canImport(Glibc)
import Glibc
#endif
import CCurl  // <sys/socket.h> comes through curl.h (SOCK_STREAM)
import Foundation
import Synchronization

/// Turns a host name into the addresses a transfer may connect to. The transfer resolves once,
/// checks every address and connects only to those (no second lookup that could rebind).
public protocol HostResolver: Sendable {
    /// The addresses of `host` (a name, never a numeric address) within `timeout` seconds;
    /// failures are `.unreachable`.
    func resolve(_ host: String, timeout: Double) throws(NetworkFailure) -> [IPAddress]
}

/// The system's resolver (`getaddrinfo`: /etc/hosts, then DNS). `getaddrinfo` has no time
/// limit of its own, so it runs on a thread of its own that is left to finish alone when the
/// time is up.
public struct SystemResolver: HostResolver {
    public init() {}

    public func resolve(_ host: String, timeout: Double) throws(NetworkFailure) -> [IPAddress] {
        let lookup = Lookup()
        Thread.detachNewThread {
            lookup.finish(Result { () throws(NetworkFailure) -> [IPAddress] in try Self.lookup(host) })
        }
        guard let result = lookup.wait(seconds: timeout) else {
            throw .unreachable("looking up \(host) took longer than \(timeout)s")
        }
        return try result.get()
    }

    /// One lookup's result, handed from its thread.
    private final class Lookup: Sendable {
        private let result = Mutex<Result<[IPAddress], NetworkFailure>?>(nil)
        private let done = DispatchSemaphore(value: 0)

        func finish(_ r: Result<[IPAddress], NetworkFailure>) {
            result.withLock { $0 = r }
            done.signal()
        }

        func wait(seconds: Double) -> Result<[IPAddress], NetworkFailure>? {
            let limit = seconds.isFinite ? min(max(0, seconds), 86_400) : 86_400
            guard done.wait(timeout: .now() + limit) == .success else { return nil }
            return result.withLock { $0 }
        }
    }

    static func lookup(_ host: String) throws(NetworkFailure) -> [IPAddress] {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_family = AF_UNSPEC
        hints.ai_flags = AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &list)
        guard rc == 0 else { throw .unreachable("cannot resolve \(host): \(String(cString: gai_strerror(rc)))") }
        defer { freeaddrinfo(list) }
        var out: [IPAddress] = []
        var node = list
        while let n = node {
            if let sa = n.pointee.ai_addr {
                let address: IPAddress?
                switch Int32(sa.pointee.sa_family) {
                case AF_INET:
                    address = sa.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { p in
                        withUnsafeBytes(of: p.pointee.sin_addr) { IPAddress(bytes: Array($0)) }
                    }
                case AF_INET6:
                    address = sa.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { p in
                        withUnsafeBytes(of: p.pointee.sin6_addr) { IPAddress(bytes: Array($0)) }
                    }
                default: address = nil
                }
                if let address, !out.contains(address) { out.append(address) }
            }
            node = n.pointee.ai_next
        }
        guard !out.isEmpty else { throw .unreachable("\(host) has no address") }
        return out
    }
}
