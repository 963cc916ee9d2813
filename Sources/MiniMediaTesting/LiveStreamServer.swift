#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real live-streaming server for tests: Debian's nginx with `libnginx-mod-rtmp`
/// (scripts/install-deps.sh installs both) on 127.0.0.1 and two free ports, with a private
/// prefix, config, logs and HLS folder in a temporary directory.
///
/// - RTMP: `rtmp://127.0.0.1:PORT/live/NAME` (application `live`, `live on`).
/// - HLS: nginx-rtmp writes `NAME.m3u8` and 1 s fragments into the HLS folder, served by the
///   http block at `http://127.0.0.1:HTTPPORT/hls/NAME.m3u8`.
/// - HTTP-FLV: **not available** — the Debian module is arut's nginx-rtmp, which has no HTTP-FLV
///   output (that is the separate nginx-http-flv-module fork).
///
/// `publish` runs the `ffmpeg` CLI (`-re`, testsrc2 + a sine tone, libx264 + AAC at the given
/// size, fps and bitrates, a keyframe every second). `kill()` SIGKILLs nginx mid-stream (the
/// publisher dies with it); `restart()` starts it again on the same ports. Every child is a
/// `ChildProcess`; `stop()` (or deinit) ends them all.
public final class LiveStreamServer: @unchecked Sendable {
    /// What the publisher sends.
    public struct Stream: Sendable, Equatable {
        public var name: String
        public var width: Int
        public var height: Int
        public var fps: Int
        public var videoKbps: Int
        public var audioKbps: Int
        public var toneHz: Int
        public var sampleRate: Int

        public init(name: String = "test", width: Int = 320, height: Int = 240, fps: Int = 25, videoKbps: Int = 400,
                    audioKbps: Int = 64, toneHz: Int = 440, sampleRate: Int = 44_100) {
            (self.name, self.width, self.height, self.fps) = (name, width, height, fps)
            (self.videoKbps, self.audioKbps, self.toneHz, self.sampleRate) = (videoKbps, audioKbps, toneHz, sampleRate)
        }
    }

    public struct Failed: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public let directory: TemporaryDirectory
    public let rtmpPort: Int
    public let httpPort: Int
    private let lock = NSLock()
    private var server: ChildProcess?
    private var publishers: [String: ChildProcess] = [:]

    /// Whether nginx and its RTMP module are installed.
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx")
            && FileManager.default.fileExists(atPath: modulePath) && MediaTools.hasFFmpeg
    }

    static let modulePath = "/usr/lib/nginx/modules/ngx_rtmp_module.so"

    /// Writes the config and starts nginx; returns once both ports accept connections.
    public init() throws {
        guard Self.isAvailable else { throw Failed(description: "nginx with libnginx-mod-rtmp (and ffmpeg) is not installed") }
        directory = TemporaryDirectory("live-server")
        rtmpPort = try Self.freePort()
        var http = try Self.freePort()
        while http == rtmpPort { http = try Self.freePort() }
        httpPort = http
        for sub in ["hls", "logs", "tmp"] {
            try FileManager.default.createDirectory(at: directory.file(sub), withIntermediateDirectories: true)
        }
        _ = try directory.write("nginx.conf", config)
        try start()
    }

    deinit { if lock.withLock({ server != nil || !publishers.isEmpty }) { stop() } }

    /// `rtmp://127.0.0.1:PORT/live/NAME`.
    public func rtmpURL(_ name: String = "test") -> String { "rtmp://127.0.0.1:\(rtmpPort)/live/\(name)" }
    /// `http://127.0.0.1:HTTPPORT/hls/NAME.m3u8`.
    public func hlsURL(_ name: String = "test") -> String { "http://127.0.0.1:\(httpPort)/hls/\(name).m3u8" }
    /// The allowed-host entry for the HLS server (`http://127.0.0.1:HTTPPORT`).
    public var hlsAllowedHost: String { "http://127.0.0.1:\(httpPort)" }
    /// The folder nginx writes HLS into.
    public var hlsFolder: String { directory.file("hls").path }

    var config: String {
        let d = directory.path
        return """
            load_module \(Self.modulePath);
            daemon off;
            master_process off;
            worker_processes 1;
            pid \(d)/nginx.pid;
            error_log \(d)/logs/error.log warn;
            events { worker_connections 128; }
            rtmp {
              server {
                listen 127.0.0.1:\(rtmpPort);
                chunk_size 4096;
                application live {
                  live on;
                  record off;
                  hls on;
                  hls_path \(d)/hls;
                  hls_fragment 1s;
                  hls_playlist_length 6s;
                }
              }
            }
            http {
              access_log off;
              client_body_temp_path \(d)/tmp;
              proxy_temp_path \(d)/tmp;
              fastcgi_temp_path \(d)/tmp;
              uwsgi_temp_path \(d)/tmp;
              scgi_temp_path \(d)/tmp;
              types { application/vnd.apple.mpegurl m3u8; video/mp2t ts; }
              server {
                listen 127.0.0.1:\(httpPort);
                location /hls/ { alias \(d)/hls/; add_header Cache-Control no-cache; }
              }
            }

            """
    }

    /// Starts nginx (after `kill()`: on the same ports) and waits until it listens.
    public func start() throws {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/sbin/nginx")
        p.arguments = ["-p", directory.path, "-e", directory.file("logs/error.log").path, "-c", directory.file("nginx.conf").path]
        let devNull = FileHandle(forWritingAtPath: "/dev/null")
        p.standardOutput = devNull
        p.standardError = devNull
        try p.run()
        try? devNull?.close()
        lock.withLock { server = p }
        let deadline = Date().addingTimeInterval(10)
        while !(Self.accepts(rtmpPort) && Self.accepts(httpPort)) {
            guard p.isRunning else { throw Failed(description: "nginx exited: \(errorLog)") }
            guard Date() < deadline else { throw Failed(description: "nginx did not listen within 10 s: \(errorLog)") }
            usleep(20_000)
        }
    }

    /// nginx's error log so far (for failure messages).
    public var errorLog: String { (try? String(contentsOf: directory.file("logs/error.log"), encoding: .utf8)) ?? "" }

    /// Starts publishing `stream` to `rtmpURL(stream.name)` in real time (`-re`), for `seconds`
    /// (nil: until stopped). Returns at once; the stream is playable a moment later.
    public func publish(_ stream: Stream = Stream(), seconds: Double? = nil) throws {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        let s = stream
        var args = ["-hide_banner", "-loglevel", "error", "-nostdin", "-re",
                    "-f", "lavfi", "-i", "testsrc2=size=\(s.width)x\(s.height):rate=\(s.fps)",
                    "-f", "lavfi", "-i", "sine=frequency=\(s.toneHz):sample_rate=\(s.sampleRate)"]
        if let seconds { args += ["-t", String(seconds)] }
        args += ["-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-pix_fmt", "yuv420p",
                 "-g", "\(s.fps)", "-keyint_min", "\(s.fps)", "-x264-params", "nal-hrd=cbr",
                 "-b:v", "\(s.videoKbps)k", "-minrate", "\(s.videoKbps)k", "-maxrate", "\(s.videoKbps)k", "-bufsize", "\(s.videoKbps)k",
                 "-c:a", "aac", "-b:a", "\(s.audioKbps)k", "-ar", "\(s.sampleRate)", "-ac", "2",
                 "-f", "flv", rtmpURL(s.name)]
        try start(publisher: p, arguments: args, name: s.name)
    }

    /// Publishes the media file at `path` as stream `name` in real time (`-re`, streams copied:
    /// the file's own timestamps, gaps included, reach the players). Returns at once.
    public func publish(file path: String, name: String = "test") throws {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        try start(publisher: p, arguments: ["-hide_banner", "-loglevel", "error", "-nostdin", "-re", "-i", path, "-c", "copy", "-f", "flv", rtmpURL(name)],
                  name: name)
    }

    private func start(publisher p: ChildProcess, arguments args: [String], name: String) throws {
        p.arguments = args
        // The publisher's complaints when nginx is killed under it stay out of the test output.
        let devNull = FileHandle(forWritingAtPath: "/dev/null")
        p.standardOutput = devNull
        p.standardError = devNull
        try p.run()
        try? devNull?.close()
        let old = lock.withLock { () -> ChildProcess? in
            defer { publishers[name] = p }
            return publishers[name]
        }
        if let old {
            old.terminate()
            Thread.detachNewThread { old.waitUntilExit() }
        }
    }

    /// Waits until the HLS playlist of `name` lists at least `segments` fragments.
    public func waitForHLS(_ name: String = "test", segments: Int = 2, timeout: Double = 15) throws {
        let deadline = Date().addingTimeInterval(timeout)
        let path = directory.file("hls/\(name).m3u8").path
        while true {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
                text.components(separatedBy: "#EXTINF").count - 1 >= segments { return }
            guard Date() < deadline else { throw Failed(description: "no HLS playlist with \(segments) segments in \(timeout) s") }
            usleep(50_000)
        }
    }

    /// Freezes the publisher of `name` for `seconds` (SIGSTOP, then SIGCONT): the connection stays
    /// open but no packet comes, as with a publisher whose upload stalls. Blocks for `seconds`.
    public func stallPublisher(_ name: String = "test", seconds: Double) {
        guard let pid = lock.withLock({ publishers[name]?.processIdentifier }), pid > 0 else { return }
        Glibc.kill(pid, SIGSTOP)
        usleep(UInt32(seconds * 1e6))
        Glibc.kill(pid, SIGCONT)
    }

    /// Stops the publisher of `name` (SIGTERM; ffmpeg closes the stream cleanly).
    public func stopPublishing(_ name: String = "test") {
        let p = lock.withLock { publishers.removeValue(forKey: name) }
        p?.terminate()
        if let p { Thread.detachNewThread { p.waitUntilExit() } }
    }

    /// SIGKILLs nginx (mid-stream: players see the connection drop) and the publishers, and
    /// reaps them (milliseconds: nothing is waited for but the kernel).
    public func kill() {
        let (p, pubs) = lock.withLock { () -> (ChildProcess?, [ChildProcess]) in
            defer { server = nil; publishers = [:] }
            return (server, Array(publishers.values))
        }
        for child in [p].compactMap({ $0 }) + pubs {
            let pid = child.processIdentifier
            if pid > 0 { Glibc.kill(pid, SIGKILL) }
            child.waitUntilExit()
        }
    }

    /// `init()` off Swift's cooperative pool (it waits for nginx to listen).
    public static func make() async throws -> LiveStreamServer {
        try await offCooperativePool { try LiveStreamServer() }
    }

    /// `start()` off the cooperative pool.
    public func startAsync() async throws {
        try await offCooperativePool { try self.start() }
    }

    /// `kill()` if running, then `start()` on the same ports (publish again afterwards).
    public func restart() throws {
        kill()
        try start()
    }

    /// Ends the publishers and nginx (SIGKILL) and removes the directory, on a thread of its own:
    /// safe to call from a `defer` on the cooperative pool.
    public func stop() {
        let (p, pubs) = lock.withLock { () -> (ChildProcess?, [ChildProcess]) in
            defer { server = nil; publishers = [:] }
            return (server, Array(publishers.values))
        }
        let children = [p].compactMap { $0 } + pubs
        for child in children where child.processIdentifier > 0 { Glibc.kill(child.processIdentifier, SIGKILL) }
        let directory = directory
        Thread.detachNewThread {
            for child in children { child.waitUntilExit() }
            directory.remove()
        }
    }

    /// A port the kernel just handed out on 127.0.0.1 (closed again; nginx binds it next).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw Failed(description: "socket failed") }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) == 0 && getsockname(fd, $0, &len) == 0 }
        }
        guard ok else { throw Failed(description: "bind failed") }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    /// Whether something accepts TCP connections on 127.0.0.1:`port`.
    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = UInt16(port).bigEndian
        return withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
    }
}
