import CFFmpeg

/// Keeps every URL a streamed input opens beneath its origin: FFmpeg's HLS demuxer opens the
/// playlists and segments a playlist names through the format context's `io_open`, and this
/// hook refuses any that does not start with `origin` (`http://host:port/`), so a hostile
/// playlist cannot send the host to another server (a metadata address, a LAN service). Each
/// open it lets through follows no redirect (`max_redirects=0`): a segment's 302 to elsewhere fails.
final class StreamOriginGuard {
    /// `scheme://host[:port]/`, lowercased.
    let origin: String
    private(set) var refused: [String] = []

    init(origin: String) { self.origin = origin.lowercased() }

    func allows(_ url: String) -> Bool {
        let ok = url.lowercased().hasPrefix(origin)
        if !ok { refused.append(url) }
        return ok
    }

    /// The origin of an http(s) url: everything up to the first `/` after `://`, plus `/`.
    static func origin(of url: String) -> String? {
        let chars = Array(url.utf8)
        var i = 0
        while i + 2 < chars.count, !(chars[i] == UInt8(ascii: ":") && chars[i + 1] == UInt8(ascii: "/") && chars[i + 2] == UInt8(ascii: "/")) {
            i += 1
        }
        guard i + 2 < chars.count else { return nil }
        let hostStart = i + 3
        var end = hostStart
        let stops: Set<UInt8> = [UInt8(ascii: "/"), UInt8(ascii: "?"), UInt8(ascii: "#")]
        while end < chars.count, !stops.contains(chars[end]) { end += 1 }
        guard end > hostStart else { return nil }
        return String(decoding: chars[..<end], as: UTF8.self) + "/"
    }
}

/// FFmpeg's own `io_open` (the same function for every context), called for allowed urls.
nonisolated(unsafe) var defaultIOOpen: (@convention(c) (UnsafeMutablePointer<AVFormatContext>?,
    UnsafeMutablePointer<UnsafeMutablePointer<AVIOContext>?>?, UnsafePointer<CChar>?, Int32,
    UnsafeMutablePointer<OpaquePointer?>?) -> Int32)?

/// The hook: `s->opaque` is the container's `StreamOriginGuard`.
let guardedIOOpen: @convention(c) (UnsafeMutablePointer<AVFormatContext>?, UnsafeMutablePointer<UnsafeMutablePointer<AVIOContext>?>?,
    UnsafePointer<CChar>?, Int32, UnsafeMutablePointer<OpaquePointer?>?) -> Int32 = { s, pb, url, flags, options in
    guard let s, let url, let opaque = s.pointee.opaque, let open = defaultIOOpen else { return cffmpeg_averror_eio() }
    let guardObject = Unmanaged<StreamOriginGuard>.fromOpaque(opaque).takeUnretainedValue()
    guard guardObject.allows(String(cString: url)) else { return cffmpeg_averror_eio() }
    if let options { av_dict_set(options, "max_redirects", "0", 0) }
    return open(s, pb, url, flags, options)
}
