import MiniNet
import Synchronization

/// A resolver with a fixed table (names the system does not know, or that point somewhere the
/// policy must refuse); counts its lookups. Names not in the table do not resolve.
public final class MappedResolver: HostResolver {
    private let table: [String: [IPAddress]]
    private let counts = Mutex<[String: Int]>([:])

    public init(_ table: [String: [String]]) {
        self.table = table.mapValues { $0.compactMap(IPAddress.init) }
    }

    public func resolve(_ host: String, timeout: Double) throws(NetworkFailure) -> [IPAddress] {
        counts.withLock { $0[host, default: 0] += 1 }
        guard let addresses = table[host] else { throw .unreachable("\(host) is not in the test table") }
        return addresses
    }

    /// How many times `host` was looked up.
    public func lookups(_ host: String) -> Int { counts.withLock { $0[host, default: 0] } }
}
