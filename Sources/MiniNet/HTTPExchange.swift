import Synchronization

/// One header line of a request or a response.
public struct HTTPHeader: Sendable, Equatable {
    public let name: String
    public let value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// Part of a request body: bytes, or a range of an open file the caller keeps open until the
/// transfer ends (a sandbox file read through its descriptor, never reopened by name).
public enum BodyPart: Sendable, Equatable {
    case bytes([UInt8])
    case file(descriptor: Int32, length: Int64)

    public var length: Int64 {
        switch self {
        case .bytes(let b): Int64(b.count)
        case .file(_, let length): length
        }
    }
}

/// What one exchange sends and where its response goes.
public struct HTTPRequest: Sendable {
    public var url: String
    /// `GET`, `POST`, `PUT`, `DELETE`, `HEAD`, `OPTIONS`, `TRACE`, `CONNECT` (uppercase).
    public var method: String
    public var headers: [HTTPHeader]
    /// The body, sent in order (`[]`: none).
    public var body: [BodyPart]
    /// Seconds for the whole exchange, redirects included.
    public var timeout: Double
    /// Largest response body accepted; a larger one stops the transfer (`.tooLarge`).
    public var maxResponseBytes: Int
    /// Follow 3xx responses with a Location (each hop checked again), as the platforms do.
    public var followsRedirects: Bool
    /// Offer HTTP/2 over TLS (`enableHttp2`); HTTP/1.1 otherwise.
    public var http2: Bool

    public init(
        url: String, method: String = "GET", headers: [HTTPHeader] = [], body: [BodyPart] = [], timeout: Double = 60,
        maxResponseBytes: Int = 16 << 20, followsRedirects: Bool = true, http2: Bool = false
    ) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.maxResponseBytes = maxResponseBytes
        self.followsRedirects = followsRedirects
        self.http2 = http2
    }
}

/// Where a response body goes: kept in memory, or written to an open file (the caller's; written
/// from its current offset, never closed here).
public enum ResponseSink: Sendable, Equatable {
    case memory
    case file(Int32)
}

/// The final response (after redirects).
public struct HTTPResponse: Sendable, Equatable {
    public var status: Int
    public var headers: [HTTPHeader]
    /// The body, for `.memory` sinks (empty for files).
    public var body: [UInt8]
    /// Body bytes received (written, for file sinks).
    public var byteCount: Int
    /// The url that answered.
    public var url: String

    /// Values of the `Set-Cookie` headers.
    public var cookies: [String] { headers.filter { $0.name.lowercased() == "set-cookie" }.map(\.value) }

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let n = name.lowercased()
        return headers.first { $0.name.lowercased() == n }?.value
    }
}

/// Bytes moved so far; expected counts are 0 when unknown (no Content-Length).
public struct TransferProgress: Sendable, Equatable {
    public var received: Int64
    public var expectedToReceive: Int64
    public var sent: Int64
    public var expectedToSend: Int64

    public init(received: Int64 = 0, expectedToReceive: Int64 = 0, sent: Int64 = 0, expectedToSend: Int64 = 0) {
        self.received = received
        self.expectedToReceive = expectedToReceive
        self.sent = sent
        self.expectedToSend = expectedToSend
    }
}

/// What a transfer reports while it runs (on its own thread).
public struct TransferEvents: Sendable {
    /// The final response's status and headers, before its body.
    public var headersReceived: (@Sendable (Int, [HTTPHeader]) -> Void)?
    /// Bytes moved, whenever they changed.
    public var progress: (@Sendable (TransferProgress) -> Void)?
    /// Each piece of the final response's body as it arrives.
    public var chunk: (@Sendable ([UInt8]) -> Void)?

    public init(
        headersReceived: (@Sendable (Int, [HTTPHeader]) -> Void)? = nil, progress: (@Sendable (TransferProgress) -> Void)? = nil,
        chunk: (@Sendable ([UInt8]) -> Void)? = nil
    ) {
        self.headersReceived = headersReceived
        self.progress = progress
        self.chunk = chunk
    }
}

/// Stops a running transfer from any thread (`task.abort()`); it then fails `.aborted`.
public final class TransferControl: Sendable {
    private let aborted = Atomic<Bool>(false)

    public init() {}

    public func abort() { aborted.store(true, ordering: .relaxed) }
    public var isAborted: Bool { aborted.load(ordering: .relaxed) }
}
