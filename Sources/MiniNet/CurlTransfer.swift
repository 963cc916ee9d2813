#if canImport(Glibc)
import Glibc
#endif
import CCurl
import Foundation

/// One HTTP(S) exchange (one hop) through libcurl to exactly the addresses the policy checked:
/// the name is pinned with `CURLOPT_RESOLVE` and every socket curl opens is checked against
/// those addresses and the url's port (`CURLOPT_OPENSOCKETFUNCTION`), so no later lookup, proxy
/// or happy-eyeballs fallback reaches anything else. No redirect is followed here (the caller
/// checks each hop), no cookie, netrc, proxy or protocol other than http/https is used.
///
/// The body is read from the request's parts (bytes, or ranges of open files read with
/// `pread`), the response goes to memory or to a file within a size bound; progress and the
/// response head are reported as they happen; `TransferControl.abort()` stops it.
final class CurlTransfer {
    enum Outcome: Equatable {
        /// The final response (its body written, or kept for memory sinks).
        case done(HTTPResponse)
        /// A 3xx with a Location, resolved against the url.
        case redirect(String, status: Int)
    }

    /// Only for `perform`'s callers: what to do with a response's status.
    enum StatusRule {
        /// Only 2xx bodies are written; any other final status fails `.httpStatus` (image downloads).
        case only2xx
        /// Every final status is a response (request, downloadFile, uploadFile).
        case any
    }

    private let url: NetworkURL
    private let addresses: [IPAddress]
    private let request: HTTPRequest
    private let sink: ResponseSink
    private let events: TransferEvents
    private let control: TransferControl?
    private let rule: StatusRule
    private let followsRedirects: Bool
    private var handle: UnsafeMutableRawPointer?
    private var status = 0
    private var headers: [HTTPHeader] = []
    private var headReported = false
    private var body: [UInt8] = []
    private var written = 0
    private var discarded = 0
    private var failure: NetworkFailure?
    private var refusedSocket: String?
    private var connected = false
    // Upload: the part being read and the offset in it.
    private var part = 0
    private var partOffset: Int64 = 0
    private var lastProgress = TransferProgress()

    /// A 3xx or refused body is read (and dropped) up to this size, then the transfer stops.
    static let discardLimit = 64 << 10

    private static let initialized: Bool = mm_curl_global_init() == CURLE_OK

    init(
        url: NetworkURL, addresses: [IPAddress], request: HTTPRequest, sink: ResponseSink, events: TransferEvents = .init(),
        control: TransferControl? = nil, rule: StatusRule = .any
    ) {
        self.url = url
        self.addresses = addresses
        self.request = request
        self.sink = sink
        self.events = events
        self.control = control
        self.rule = rule
        self.followsRedirects = request.followsRedirects
    }

    /// A GET of `url` whose 2xx body goes to `fd`, as image downloads use it.
    convenience init(url: NetworkURL, addresses: [IPAddress], maxBytes: Int, fd: Int32) {
        self.init(
            url: url, addresses: addresses, request: HTTPRequest(url: url.text, maxResponseBytes: maxBytes), sink: .file(fd),
            rule: .only2xx)
    }

    private var isRedirect: Bool { followsRedirects && (300..<400).contains(status) && status != 304 }
    private var keepsBody: Bool { !isRedirect && (rule == .any || (200..<300).contains(status)) }

    /// Runs the transfer (blocking) within `timeoutMs`.
    func perform(timeoutMs: Int) throws(NetworkFailure) -> Outcome {
        guard Self.initialized, let curl = curl_easy_init() else { throw .unreachable("libcurl did not initialise") }
        handle = curl
        defer { curl_easy_cleanup(curl) }
        var lists: [UnsafeMutablePointer<curl_slist>?] = []
        defer { lists.forEach { curl_slist_free_all($0) } }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func set(_ option: CURLoption, _ value: Int) { ok = ok && mm_curl_set_long(curl, option, value) == CURLE_OK }
        func set(_ option: CURLoption, _ value: String) { ok = ok && mm_curl_set_ptr(curl, option, value) == CURLE_OK }
        func set(_ option: CURLoption, pointer: UnsafeRawPointer?) { ok = ok && mm_curl_set_ptr(curl, option, pointer) == CURLE_OK }
        set(CURLOPT_URL, url.text)
        set(CURLOPT_PROTOCOLS_STR, "http,https")
        set(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        set(CURLOPT_FOLLOWLOCATION, 0)
        set(CURLOPT_NOSIGNAL, 1)
        set(CURLOPT_PROXY, "")
        set(CURLOPT_NETRC, Int(CURL_NETRC_IGNORED.rawValue))
        set(CURLOPT_TIMEOUT_MS, max(1, timeoutMs))
        set(CURLOPT_CONNECTTIMEOUT_MS, max(1, timeoutMs))
        set(CURLOPT_USERAGENT, "MiniMedia")
        set(CURLOPT_HTTP_VERSION, request.http2 ? Int(CURL_HTTP_VERSION_2TLS) : Int(CURL_HTTP_VERSION_1_1))
        ok = ok && mm_curl_set_off(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(request.maxResponseBytes)) == CURLE_OK
        set(CURLOPT_ERRORBUFFER, pointer: errorBuffer)
        ok = ok && mm_curl_set_write(curl, Self.onWrite) == CURLE_OK
        set(CURLOPT_WRITEDATA, pointer: me)
        ok = ok && mm_curl_set_header(curl, Self.onHeader) == CURLE_OK
        set(CURLOPT_HEADERDATA, pointer: me)
        ok = ok && mm_curl_set_opensocket(curl, Self.onOpenSocket) == CURLE_OK
        set(CURLOPT_OPENSOCKETDATA, pointer: me)
        ok = ok && mm_curl_set_xferinfo(curl, Self.onProgress) == CURLE_OK
        set(CURLOPT_XFERINFODATA, pointer: me)
        set(CURLOPT_NOPROGRESS, 0)

        let method = request.method
        let bodyLength = request.body.reduce(Int64(0)) { $0 + $1.length }
        if method == "HEAD" {
            set(CURLOPT_NOBODY, 1)
        } else if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
            set(CURLOPT_POST, 1)
            ok = ok && mm_curl_set_off(curl, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyLength)) == CURLE_OK
            ok = ok && mm_curl_set_read(curl, Self.onRead) == CURLE_OK
            set(CURLOPT_READDATA, pointer: me)
        }
        if method != "GET" && method != "HEAD" && method != "POST" { set(CURLOPT_CUSTOMREQUEST, method) }

        // Page headers, then "Expect:" (no 100-continue round trip).
        var headerList: UnsafeMutablePointer<curl_slist>?
        for h in request.headers { headerList = curl_slist_append(headerList, "\(h.name): \(h.value)") }
        headerList = curl_slist_append(headerList, "Expect:")
        lists.append(headerList)
        set(CURLOPT_HTTPHEADER, pointer: headerList)
        if url.address == nil {
            // "host:port:addr1,addr2": curl connects to these and never asks the resolver.
            let pin = "\(url.host):\(url.port):" + addresses.map(\.description).joined(separator: ",")
            let pins = curl_slist_append(nil, pin)
            lists.append(pins)
            ok = ok && pins != nil
            set(CURLOPT_RESOLVE, pointer: pins)
        }
        guard ok else { throw .unreachable("libcurl refused an option") }

        let code = curl_easy_perform(curl)
        connected = connected || mm_curl_connect_time_us(curl) > 0
        if let failure { throw failure }
        if let refusedSocket { throw .refused(refusedSocket) }
        if code == mm_curl_abort_code(), control?.isAborted == true { throw .aborted }
        if code == CURLE_FILESIZE_EXCEEDED { throw .tooLarge(limit: request.maxResponseBytes) }
        let status = mm_curl_response_code(curl)
        if code == CURLE_OK || code == CURLE_WRITE_ERROR, status != 0 {
            if isRedirect, let location = mm_curl_redirect_url(curl) {
                return .redirect(String(cString: location), status: status)
            }
            if rule == .only2xx, !(200..<300).contains(status) { throw .httpStatus(status) }
            if code == CURLE_OK {
                reportProgress(force: true)
                return .done(HTTPResponse(status: status, headers: headers, body: body, byteCount: written, url: url.text))
            }
        }
        let detail = String(cString: errorBuffer)
        let why = String(cString: curl_easy_strerror(code)) + (detail.isEmpty ? "" : ": \(detail)")
        if code == CURLE_OPERATION_TIMEDOUT, connected { throw .timedOut(why) }
        throw .unreachable(why)
    }

    /// Header lines: a status line starts a response (there may be several: 1xx, redirects);
    /// the blank line ends its head, reported once for the final response.
    private static let onHeader: curl_write_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        me.connected = true
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: length), as: UTF8.self)
            .trimmingCharacters(in: ["\r", "\n"])
        if line.hasPrefix("HTTP/") {
            let fields = line.split(separator: " ", maxSplits: 2)
            me.status = fields.count > 1 ? Int(fields[1]) ?? 0 : 0
            me.headers = []
        } else if line.isEmpty {
            if me.status >= 200, me.keepsBody, !me.headReported {
                me.headReported = true
                me.events.headersReceived?(me.status, me.headers)
            }
        } else if let colon = line.firstIndex(of: ":") {
            let name = String(line[..<colon])
            let value = line[line.index(after: colon)...].trimmingCharacters(in: [" ", "\t"])
            if me.headers.count < 256 { me.headers.append(HTTPHeader(name, value)) }
        }
        return length
    }

    /// Body bytes: written to the sink if this response is kept (within the limit), else dropped.
    private static let onWrite: curl_write_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        guard me.keepsBody else {
            me.discarded += length
            return me.discarded > discardLimit ? 0 : length
        }
        guard me.written + length <= me.request.maxResponseBytes else {
            me.failure = .tooLarge(limit: me.request.maxResponseBytes)
            return 0
        }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        switch me.sink {
        case .memory:
            me.body.append(contentsOf: bytes)
        case .file(let fd):
            var offset = 0
            while offset < length {
                let n = write(fd, data + offset, length - offset)
                if n < 0 && errno == EINTR { continue }
                guard n > 0 else {
                    me.failure = .localWrite(String(cString: strerror(errno)))
                    return 0
                }
                offset += n
            }
        }
        me.written += length
        me.events.chunk?(Array(bytes))
        return length
    }

    /// The request body, part after part.
    private static let onRead: curl_read_callback = { buffer, size, count, context in
        guard let context, let buffer else { return mm_curl_readfunc_abort() }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        let capacity = size * count
        while me.part < me.request.body.count {
            let current = me.request.body[me.part]
            let remaining = current.length - me.partOffset
            guard remaining > 0 else {
                me.part += 1
                me.partOffset = 0
                continue
            }
            let n = Int(min(Int64(capacity), remaining))
            switch current {
            case .bytes(let bytes):
                bytes.withUnsafeBufferPointer { b in
                    UnsafeMutableRawPointer(buffer).copyMemory(from: b.baseAddress! + Int(me.partOffset), byteCount: n)
                }
                me.partOffset += Int64(n)
                return n
            case .file(let fd, _):
                var got: Int
                repeat { got = pread(fd, buffer, n, off_t(me.partOffset)) } while got < 0 && errno == EINTR
                guard got > 0 else {
                    me.failure = .localWrite("cannot read the file to upload")
                    return mm_curl_readfunc_abort()
                }
                me.partOffset += Int64(got)
                return got
            }
        }
        return 0
    }

    /// Progress (and the abort check): a non-zero answer stops the transfer.
    private static let onProgress: curl_xferinfo_callback = { context, dlTotal, dlNow, ulTotal, ulNow in
        guard let context else { return 1 }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        if me.control?.isAborted == true { return 1 }
        if me.keepsBody || ulTotal > 0 {
            me.update(TransferProgress(
                received: me.keepsBody ? Int64(dlNow) : 0, expectedToReceive: me.keepsBody ? Int64(dlTotal) : 0,
                sent: Int64(ulNow), expectedToSend: Int64(ulTotal)))
        }
        return 0
    }

    private func update(_ p: TransferProgress) {
        guard p != lastProgress else { return }
        lastProgress = p
        events.progress?(p)
    }

    /// The last progress once the body is complete (curl may not call back after the last bytes).
    private func reportProgress(force: Bool) {
        guard keepsBody, let handle else { return }
        let length = mm_curl_content_length(handle)
        var p = lastProgress
        p.received = Int64(written)
        p.expectedToReceive = length > 0 ? length : Int64(written)
        update(p)
    }

    /// Every connection curl makes: only to a checked address, on the url's port.
    private static let onOpenSocket: curl_opensocket_callback = { context, _, address in
        guard let context, let address else { return mm_curl_socket_bad() }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        var bytes = [UInt8](repeating: 0, count: 16)
        var port: UInt16 = 0
        let count = Int(mm_curl_sockaddr_ip(address, &bytes, &port))
        guard count > 0, let ip = IPAddress(bytes: Array(bytes.prefix(count))) else {
            me.refusedSocket = "a socket of family \(mm_curl_sockaddr_family(address)) for \(me.url.host)"
            return mm_curl_socket_bad()
        }
        guard me.addresses.contains(ip), Int(port) == me.url.port else {
            me.refusedSocket = "\(ip):\(port) is not the checked address of \(me.url.host):\(me.url.port)"
            return mm_curl_socket_bad()
        }
        return socket(
            mm_curl_sockaddr_family(address), mm_curl_sockaddr_socktype(address) | Int32(SOCK_CLOEXEC.rawValue),
            mm_curl_sockaddr_protocol(address))
    }
}
