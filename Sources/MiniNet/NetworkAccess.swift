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
        let request = HTTPRequest(url: url, timeout: limits.timeout, maxResponseBytes: limits.maxBytes)
        switch await run(request, sink: .file(descriptor), events: TransferEvents(), control: nil, rule: .only2xx) {
        case .success(let response): return response.byteCount
        case .failure(let why): throw Self.mediaError(why, failure: failure)
        }
    }

    /// One exchange for page code (`request`, `downloadFile`, `uploadFile`): the policy and the
    /// checked addresses per hop, every final status a response (a 404 is an answer), the body
    /// to `sink` within `request.maxResponseBytes`, `events` as it runs, stopped by `control`.
    /// Runs on a thread of its own once `gate` has a place. The precise reason of a failure goes
    /// to `trace`; callers decide what page code reads of it (see `NetworkFailure`).
    public func exchange(
        _ request: HTTPRequest, sink: ResponseSink, events: TransferEvents = TransferEvents(), control: TransferControl? = nil
    ) async -> Result<HTTPResponse, NetworkFailure> {
        await run(request, sink: sink, events: events, control: control, rule: .any)
    }

    private func run(
        _ request: HTTPRequest, sink: ResponseSink, events: TransferEvents, control: TransferControl?, rule: CurlTransfer.StatusRule
    ) async -> Result<HTTPResponse, NetworkFailure> {
        let result: Result<HTTPResponse, NetworkFailure> = await gate.run {
            if control?.isAborted == true { return .failure(.aborted) }
            return await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(returning: Result { () throws(NetworkFailure) -> HTTPResponse in
                        try fetch(request, sink: sink, events: events, control: control, rule: rule)
                    })
                }
            }
        }
        if case .failure(let why) = result { trace?("network: \(request.method) \(request.url): \(why)") }
        return result
    }

    /// What page code sees of a failed image download.
    public static func mediaError(_ failure: NetworkFailure, failure message: String) -> MediaError {
        switch failure {
        case .refused, .unreachable, .notInDomainList, .timedOut, .aborted: MediaError(.networkError, message)
        case .httpStatus(let code): MediaError(.networkError, "\(message): HTTP status \(code)")
        case .tooLarge(let limit):
            MediaError(
                .networkError,
                "\(message): larger than the download limit of "
                    + (limit % (1 << 20) == 0 ? "\(limit >> 20) MB" : "\(limit) bytes"))
        case .localWrite: MediaError(.networkError, "\(message): cannot write the file")
        }
    }

    /// The blocking exchange: policy, lookup, checks, transfer, per hop.
    private func fetch(
        _ original: HTTPRequest, sink: ResponseSink, events: TransferEvents, control: TransferControl?, rule: CurlTransfer.StatusRule
    ) throws(NetworkFailure) -> HTTPResponse {
        let seconds = original.timeout.isFinite ? min(max(0, original.timeout), 86_400) : 86_400
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        guard var url = NetworkURL(original.url) else { throw .refused("not an http(s) url") }
        var request = original
        var hops = 0
        for _ in 0...max(0, policy.maxRedirects) {
            let late: NetworkFailure = hops > 0 ? .timedOut("after \(original.timeout)s") : .unreachable("timed out after \(original.timeout)s")
            let before = DispatchTime.now().uptimeNanoseconds
            guard before < deadline else { throw late }
            let addresses = try checkedAddresses(url, timeout: Double(deadline - before) / 1e9)
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw late }
            if control?.isAborted == true { throw .aborted }
            let transfer = CurlTransfer(url: url, addresses: addresses, request: request, sink: sink, events: events, control: control, rule: rule)
            switch try transfer.perform(timeoutMs: Int((deadline - now) / 1_000_000)) {
            case .done(let response): return response
            case .redirect(let next, let status):
                guard let nextURL = NetworkURL(next) else { throw .refused("redirect to \(next) is not an http(s) url") }
                url = nextURL
                request.url = next
                hops += 1
                // As browsers do: 303 (and 301/302 after a POST) continue as a GET without a body.
                if status == 303 || ((status == 301 || status == 302) && request.method == "POST") {
                    if request.method != "HEAD" { request.method = "GET" }
                    request.body = []
                    request.headers.removeAll { ["content-type", "content-length"].contains($0.name.lowercased()) }
                }
            }
        }
        throw .unreachable("more than \(policy.maxRedirects) redirects")
    }

    /// For a library that fetches by itself (FFmpeg streaming a player's url, following no
    /// redirect of its own): the policy check, one lookup and every address checked, as
    /// `download` does before it connects, then a `HEAD` whose redirects are followed by hand,
    /// each hop checked the same way. Returns the url that answered, for the library to open.
    /// The precise reason of a refusal goes to `trace`. Blocking: call it off the JS thread.
    @discardableResult
    public func streamLocation(_ url: String, timeout: Double = 10) throws(NetworkFailure) -> String {
        do throws(NetworkFailure) {
            guard NetworkURL(url) != nil else { throw NetworkFailure.refused("not an http(s) url") }
            let head = HTTPRequest(url: url, method: "HEAD", timeout: timeout, maxResponseBytes: 0)
            return try fetch(head, sink: .memory, events: TransferEvents(), control: nil, rule: .any).url
        } catch {
            trace?("network: stream \(url): \(error)")
            throw error
        }
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
