#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore

/// How an app reaches the network: its `NetworkPolicy`, the resolver, and the host-side trace
/// that gets the precise reason of every refusal and failure. Every API that fetches for page
/// code (`getImageInfo`, `previewImage`, and `request`/`downloadFile`/players to come) goes
/// through `download`, which resolves once, checks, connects to exactly the checked addresses
/// and re-checks each redirect.
public struct NetworkAccess: Sendable {
    public var policy: NetworkPolicy
    public var resolver: any HostResolver
    /// Gets one line per refused or failed transfer, with the precise reason (never shown to JS).
    public var trace: (@Sendable (String) -> Void)?
    /// How many transfers run at once; shared by the copies of this value (one app).
    public var gate: TransferGate

    public init(
        policy: NetworkPolicy = NetworkPolicy(), resolver: any HostResolver = SystemResolver(),
        trace: (@Sendable (String) -> Void)? = nil, gate: TransferGate = TransferGate()
    ) {
        self.policy = policy
        self.resolver = resolver
        self.trace = trace
        self.gate = gate
    }

    /// Downloads `url` into the open file `descriptor` (the caller's: written from its current
    /// offset, never closed here; the caller discards the file on failure) and returns the byte
    /// count. Runs on a thread of its own, never on Swift's cooperative pool, once `gate` has a
    /// place. Errors are `MediaError(.networkError, …)` whose message starts with `failure` (e.g.
    /// `"download image fail"`): refused, unreachable, dropped and timed-out transfers all read
    /// exactly `failure`; an allowed server's non-2xx status and a body over the limit add their reason.
    public func download(_ url: String, into descriptor: Int32, limits: DownloadLimits, failure: String) async throws -> Int {
        let result: Result<Int, NetworkFailure> = await gate.run {
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(returning: Result { () throws(NetworkFailure) -> Int in
                        try fetch(url, into: descriptor, limits: limits)
                    })
                }
            }
        }
        switch result {
        case .success(let count): return count
        case .failure(let why):
            trace?("network: \(url): \(why)")
            throw Self.mediaError(why, failure: failure)
        }
    }

    /// What page code sees of a failure.
    public static func mediaError(_ failure: NetworkFailure, failure message: String) -> MediaError {
        switch failure {
        case .refused, .unreachable: MediaError(.networkError, message)
        case .httpStatus(let code): MediaError(.networkError, "\(message): HTTP status \(code)")
        case .tooLarge(let limit):
            MediaError(
                .networkError,
                "\(message): larger than the download limit of "
                    + (limit % (1 << 20) == 0 ? "\(limit >> 20) MB" : "\(limit) bytes"))
        case .localWrite: MediaError(.networkError, "\(message): cannot write the file")
        }
    }

    /// The blocking download: policy, lookup, checks, transfer, per hop.
    private func fetch(_ text: String, into fd: Int32, limits: DownloadLimits) throws(NetworkFailure) -> Int {
        let seconds = limits.timeout.isFinite ? min(max(0, limits.timeout), 86_400) : 86_400
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        guard var url = NetworkURL(text) else { throw .refused("not an http(s) url") }
        for _ in 0...max(0, policy.maxRedirects) {
            let before = DispatchTime.now().uptimeNanoseconds
            guard before < deadline else { throw .unreachable("timed out after \(limits.timeout)s") }
            let addresses = try checkedAddresses(url, timeout: Double(deadline - before) / 1e9)
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw .unreachable("timed out after \(limits.timeout)s") }
            let transfer = CurlTransfer(url: url, addresses: addresses, maxBytes: limits.maxBytes, fd: fd)
            switch try transfer.perform(timeoutMs: Int((deadline - now) / 1_000_000)) {
            case .done(let count): return count
            case .redirect(let next):
                guard let nextURL = NetworkURL(next) else { throw .refused("redirect to \(next) is not an http(s) url") }
                url = nextURL
            }
        }
        throw .unreachable("more than \(policy.maxRedirects) redirects")
    }

    /// The addresses `url` may be fetched from: the url's checks, one lookup, every address checked.
    func checkedAddresses(_ url: NetworkURL, timeout: Double) throws(NetworkFailure) -> [IPAddress] {
        try policy.check(url)
        let addresses: [IPAddress]
        if let literal = url.address {
            addresses = [literal]
        } else {
            addresses = try resolver.resolve(url.host, timeout: timeout)
        }
        guard !addresses.isEmpty else { throw .unreachable("\(url.host) has no address") }
        for address in addresses { try policy.check(address, for: url) }
        return addresses
    }
}
