import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import MiniCore

/// Downloads a network image to a local file with a size limit and a timeout
/// (`getImageInfo` and `previewImage` of `http(s)` urls).
public struct ImageDownloader: Sendable {
    /// Largest body accepted; larger downloads stop early and fail.
    public var maxBytes: Int
    /// Seconds for the whole download.
    public var timeout: TimeInterval

    public init(maxBytes: Int = 20 << 20, timeout: TimeInterval = 15) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

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
    /// returns the byte count. Fails with `.networkError` (bad status, too large, connection)
    /// or `.timeout`; the caller discards the file then.
    public func download(_ url: URL, into descriptor: Int32) async throws -> Int {
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: false)
        let delegate = DownloadDelegate(handle: handle, maxBytes: maxBytes, timeout: timeout)
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.timeoutIntervalForResource = timeout
        config.requestCachePolicy = .reloadIgnoringLocalCacheData
        let session = URLSession(configuration: config, delegate: delegate, delegateQueue: nil)
        defer { session.finishTasksAndInvalidate() }
        do {
            return try await delegate.run(session.dataTask(with: URLRequest(url: url, timeoutInterval: timeout)))
        }
    }
}

/// Streams a data task into a file, stopping at the size limit.
private final class DownloadDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    private let handle: FileHandle
    private let maxBytes: Int
    private let timeout: TimeInterval
    private let lock = NSLock()
    private var received = 0
    private var failure: MediaError?
    private var continuation: CheckedContinuation<Int, any Error>?

    init(handle: FileHandle, maxBytes: Int, timeout: TimeInterval) {
        self.handle = handle
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    func run(_ task: URLSessionDataTask) async throws -> Int {
        try await withCheckedThrowingContinuation { cont in
            lock.withLock { continuation = cont }
            task.resume()
        }
    }

    private var limitText: String {
        "the download limit of " + (maxBytes % (1 << 20) == 0 ? "\(maxBytes >> 20) MB" : "\(maxBytes) bytes")
    }

    func urlSession(
        _ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
        completionHandler: @escaping (URLSession.ResponseDisposition) -> Void
    ) {
        if let http = response as? HTTPURLResponse, !(200..<300).contains(http.statusCode) {
            lock.withLock { failure = MediaError(.networkError, "download image fail: HTTP status \(http.statusCode)") }
            completionHandler(.cancel)
            return
        }
        if response.expectedContentLength > Int64(maxBytes) {
            lock.withLock { failure = MediaError(.networkError, "download image fail: larger than \(limitText)") }
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let over = lock.withLock { () -> Bool in
            guard failure == nil else { return true }
            received += data.count
            if received > maxBytes {
                failure = MediaError(.networkError, "download image fail: larger than \(limitText)")
                return true
            }
            return false
        }
        if over {
            dataTask.cancel()
            return
        }
        handle.write(data)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        let (cont, result) = lock.withLock { () -> (CheckedContinuation<Int, any Error>?, Result<Int, MediaError>) in
            defer { continuation = nil }
            if let failure { return (continuation, .failure(failure)) }
            if let error {
                let ns = error as NSError
                if ns.domain == NSURLErrorDomain && ns.code == NSURLErrorTimedOut {
                    return (continuation, .failure(MediaError(.timeout, "download image fail: timed out after \(Int(timeout))s")))
                }
                return (continuation, .failure(MediaError(.networkError, "download image fail: \(ns.localizedDescription)")))
            }
            return (continuation, .success(received))
        }
        cont?.resume(with: result.mapError { $0 as any Error })
    }
}
