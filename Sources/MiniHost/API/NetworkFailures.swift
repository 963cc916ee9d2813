import MiniCore
import MiniNet

extension MediaError.Code {
    /// The url's host is not in the app's allowed domains.
    public static let networkNotAllowed = Self(rawValue: "networkNotAllowed")
    /// A request connected but did not finish within its timeout.
    public static let networkTimeout = Self(rawValue: "networkTimeout")
    /// The page aborted the task.
    public static let networkAborted = Self(rawValue: "networkAborted")
    /// Alipay: a response that is not the JSON `dataType: 'json'` asked for.
    public static let responseDecodeFailed = Self(rawValue: "responseDecodeFailed")
    /// Alipay: the server answered with an HTTP error status.
    public static let httpError = Self(rawValue: "httpError")
}

/// What page code reads when `request`, `downloadFile` or `uploadFile` fails. The reason of a
/// refusal or a failed connection goes to the host's trace only:
///
/// | cause | errMsg reason (Alipay `error`) |
/// |---|---|
/// | url's host not in the allowed domains (also on a redirect) | `url not in domain list` (12) |
/// | an address refused by policy, name not found, connection refused or reset, no answer before connecting (a filtered port) | `network error` (12) |
/// | connected, but the exchange outlived its `timeout` | `timeout` (13) |
/// | `task.abort()` | `abort` (20) |
/// | body over the limit | `exceed max response size` / the storage error for downloads (12 / 3) |
///
/// A refused port and a filtered one both read `network error`, so page code cannot map what
/// listens where (it can still time the failure, as on every platform).
enum NetworkFailures {
    static let errors: [MediaError.Code: ErrorNumbers] = [
        // WeChat errno 600002 "url not in domain list"; the other dialects: MiniMedia choices.
        .networkNotAllowed: .init(wx: 600_002, swan: 10002, tt: 102, my: 12),
        // WeChat errno 5 time out; Alipay 13 超时.
        .networkTimeout: .init(wx: 5, swan: 10002, tt: 102, my: 13),
        // WeChat 600003 network interrupted (MiniMedia choice for abort); Alipay 20 request aborted.
        .networkAborted: .init(wx: 600_003, swan: 10002, tt: 102, my: 20),
        .responseDecodeFailed: .init(wx: 600_001, swan: 10002, tt: 102, my: 14),
        .httpError: .init(wx: 600_001, swan: 10002, tt: 102, my: 19),
    ]

    static func mediaError(_ failure: NetworkFailure) -> MediaError {
        switch failure {
        case .notInDomainList: MediaError(.networkNotAllowed, "url not in domain list")
        case .refused, .unreachable: MediaError(.networkError, "network error")
        case .timedOut: MediaError(.networkTimeout, "timeout")
        case .aborted: MediaError(.networkAborted, "abort")
        case .tooLarge(let limit): MediaError(.networkError, "exceed max response size \(limit >> 20)MB")
        case .localWrite: MediaError(.ioError, "cannot write the file")
        case .httpStatus(let code): MediaError(.httpError, "HTTP status \(code)")
        }
    }
}
