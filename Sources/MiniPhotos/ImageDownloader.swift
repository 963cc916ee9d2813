import MiniCore
import MiniNet

/// Downloads a network image to a local file within a size limit and a time limit
/// (`getImageInfo` and `previewImage` of `http(s)` urls), through the session's
/// `NetworkAccess`: the app's allowed hosts and the address checks apply.
public struct ImageDownloader: Sendable {
    public var limits: DownloadLimits

    /// The platforms' failure text for any failed image download.
    public static let failure = "download image fail"

    public init(maxBytes: Int = 20 << 20, timeout: Double = 15) {
        limits = DownloadLimits(maxBytes: maxBytes, timeout: timeout)
    }

    /// Largest body accepted; larger downloads stop early and fail.
    public var maxBytes: Int { limits.maxBytes }
    /// Seconds for the whole download.
    public var timeout: Double { limits.timeout }

    /// True for `http://` and `https://` urls that are not the dialect's own file paths
    /// (Alipay's local paths are `https://resource/…` and `https://usr/…`).
    public static func isNetworkURL(_ path: String, dialect: Dialect) -> Bool {
        let lower = path.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") else { return false }
        if dialect == .my, path.hasPrefix("https://resource/") || path.hasPrefix("https://usr/") || path == "https://usr" {
            return false
        }
        return true
    }

    /// Downloads `url` into the open file `descriptor` (the caller's: not closed here) and
    /// returns the byte count. Fails with `.networkError`: `download image fail` alone for
    /// anything refused, unreachable or timed out; with the reason for an allowed server's bad
    /// status or a body over the limit. The caller discards the file on failure.
    public func download(_ url: String, into descriptor: Int32, network: NetworkAccess) async throws -> Int {
        try await network.download(url, into: descriptor, limits: limits, failure: Self.failure)
    }
}
