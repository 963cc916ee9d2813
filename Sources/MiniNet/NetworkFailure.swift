/// Why a transfer failed, precisely: for the host's trace only. Page code sees
/// `NetworkAccess.mediaError(_:failure:)`, which makes every refused, unreachable, dropped or
/// timed-out transfer the same message, so that it cannot map what listens where.
public enum NetworkFailure: Error, Equatable, Sendable, CustomStringConvertible {
    /// The policy refused the url or an address it resolved to.
    case refused(String)
    /// The url's host is not in the app's allowed list (WeChat's `url not in domain list`): a
    /// decision of the app's configuration, which page code may learn.
    case notInDomainList(String)
    /// Connected, but the exchange did not end within its time limit.
    case timedOut(String)
    /// The page aborted the transfer.
    case aborted
    /// No answer: name not found, connection refused or reset, TLS failure, time limit.
    case unreachable(String)
    /// The allowed server answered with a status other than 2xx.
    case httpStatus(Int)
    /// The body is larger than the limit.
    case tooLarge(limit: Int)
    /// The downloaded bytes could not be written locally.
    case localWrite(String)

    public var description: String {
        switch self {
        case .refused(let why), .notInDomainList(let why): "refused by policy: \(why)"
        case .timedOut(let why): "timed out: \(why)"
        case .aborted: "aborted"
        case .unreachable(let why): "unreachable: \(why)"
        case .httpStatus(let code): "HTTP status \(code)"
        case .tooLarge(let limit): "larger than \(limit) bytes"
        case .localWrite(let why): "local write failed: \(why)"
        }
    }
}
