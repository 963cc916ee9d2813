#if canImport(Glibc)
import Glibc
#endif
import CCurl

/// One HTTP(S) GET through libcurl to exactly the addresses the policy checked: the name is
/// pinned with `CURLOPT_RESOLVE` and every socket curl opens is checked against those
/// addresses and the url's port (`CURLOPT_OPENSOCKETFUNCTION`), so no later lookup, proxy or
/// happy-eyeballs fallback reaches anything else. No redirect is followed here, no cookie,
/// netrc, proxy or protocol other than http/https is used.
final class CurlTransfer {
    enum Outcome: Equatable {
        /// A 2xx body of this many bytes was written.
        case done(Int)
        /// A 3xx with a Location, resolved against the url.
        case redirect(String)
    }

    private let url: NetworkURL
    private let addresses: [IPAddress]
    private let maxBytes: Int
    private let fd: Int32
    private var handle: UnsafeMutableRawPointer?
    private var written = 0
    private var discarded = 0
    private var failure: NetworkFailure?
    private var refusedSocket: String?

    /// A 3xx or error body is read (and dropped) up to this size, then the transfer stops.
    static let discardLimit = 64 << 10

    private static let initialized: Bool = mm_curl_global_init() == CURLE_OK

    init(url: NetworkURL, addresses: [IPAddress], maxBytes: Int, fd: Int32) {
        self.url = url
        self.addresses = addresses
        self.maxBytes = maxBytes
        self.fd = fd
    }

    /// Runs the transfer (blocking) within `timeoutMs`.
    func perform(timeoutMs: Int) throws(NetworkFailure) -> Outcome {
        guard Self.initialized, let curl = curl_easy_init() else { throw .unreachable("libcurl did not initialise") }
        handle = curl
        defer { curl_easy_cleanup(curl) }
        var pins: UnsafeMutablePointer<curl_slist>?
        defer { curl_slist_free_all(pins) }
        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let me = Unmanaged.passUnretained(self).toOpaque()
        var ok = true
        func set(_ option: CURLoption, _ value: Int) { ok = ok && mm_curl_set_long(curl, option, value) == CURLE_OK }
        func set(_ option: CURLoption, _ value: String) { ok = ok && mm_curl_set_ptr(curl, option, value) == CURLE_OK }
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
        ok = ok && mm_curl_set_off(curl, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(maxBytes)) == CURLE_OK
        ok = ok && mm_curl_set_ptr(curl, CURLOPT_ERRORBUFFER, errorBuffer) == CURLE_OK
        ok = ok && mm_curl_set_write(curl, Self.onWrite) == CURLE_OK
        ok = ok && mm_curl_set_ptr(curl, CURLOPT_WRITEDATA, me) == CURLE_OK
        ok = ok && mm_curl_set_opensocket(curl, Self.onOpenSocket) == CURLE_OK
        ok = ok && mm_curl_set_ptr(curl, CURLOPT_OPENSOCKETDATA, me) == CURLE_OK
        if url.address == nil {
            // "host:port:addr1,addr2": curl connects to these and never asks the resolver.
            let pin = "\(url.host):\(url.port):" + addresses.map(\.description).joined(separator: ",")
            pins = curl_slist_append(nil, pin)
            ok = ok && pins != nil && mm_curl_set_ptr(curl, CURLOPT_RESOLVE, pins) == CURLE_OK
        }
        guard ok else { throw .unreachable("libcurl refused an option") }

        let code = curl_easy_perform(curl)
        if let failure { throw failure }
        if let refusedSocket { throw .refused(refusedSocket) }
        if code == CURLE_FILESIZE_EXCEEDED { throw .tooLarge(limit: maxBytes) }
        let status = mm_curl_response_code(curl)
        if code == CURLE_OK || code == CURLE_WRITE_ERROR, status != 0 {
            if (300..<400).contains(status), let location = mm_curl_redirect_url(curl) {
                return .redirect(String(cString: location))
            }
            if (200..<300).contains(status), code == CURLE_OK { return .done(written) }
            if !(200..<300).contains(status) { throw .httpStatus(status) }
        }
        let detail = String(cString: errorBuffer)
        throw .unreachable(String(cString: curl_easy_strerror(code)) + (detail.isEmpty ? "" : ": \(detail)"))
    }

    /// Body bytes: written to the file if the status is 2xx (within the limit), else dropped.
    private static let onWrite: curl_write_callback = { data, size, count, context in
        guard let context, let data else { return 0 }
        let me = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
        let length = size * count
        let status = me.handle.map { mm_curl_response_code($0) } ?? 0
        guard (200..<300).contains(status) else {
            me.discarded += length
            return me.discarded > discardLimit ? 0 : length
        }
        guard me.written + length <= me.maxBytes else {
            me.failure = .tooLarge(limit: me.maxBytes)
            return 0
        }
        var offset = 0
        while offset < length {
            let n = write(me.fd, data + offset, length - offset)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                me.failure = .localWrite(String(cString: strerror(errno)))
                return 0
            }
            offset += n
        }
        me.written += length
        return length
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
