/// Bounds of one download: the body's size and the time for all of it, redirects included.
public struct DownloadLimits: Sendable, Equatable {
    /// Largest body accepted; a larger one stops the transfer and fails.
    public var maxBytes: Int
    /// Seconds for the whole download (lookups, connections, redirects, body).
    public var timeout: Double

    public init(maxBytes: Int = 20 << 20, timeout: Double = 15) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }
}
