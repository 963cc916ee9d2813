#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniMediaTesting

/// `python3 -m http.server` on 127.0.0.1 and a free port, serving `directory`. Stopped by `stop()`.
final class StaticHTTPServer: @unchecked Sendable {
    let process: ChildProcess
    let port: Int

    init(directory: String) throws {
        (process, port) = try PythonServer.start(["-m", "http.server", "--bind", "127.0.0.1", "--directory", directory, "0"])
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// SIGKILL: the child may inherit a signal mask that blocks SIGTERM.
    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A socket that accepts connections (via the backlog) and never answers: downloads time out.
final class SilentServer: @unchecked Sendable {
    let fd: Int32
    let port: Int

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa in
                bind(fd, sa, len) == 0 && listen(fd, 8) == 0 && getsockname(fd, sa, &len) == 0
            }
        }
        guard ok else {
            close(fd)
            throw POSIXError(.EADDRINUSE)
        }
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
    }

    func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    deinit { close(fd) }
}

/// A python HTTP server on 127.0.0.1 with behaviours by path:
/// `/redirect?to=URL` answers 302 to URL, `/stream?n=BYTES` sends BYTES without a
/// Content-Length (HTTP/1.0, ends at close), `/drop` closes the connection without answering.
final class ScriptedHTTPServer: @unchecked Sendable {
    static let script = """
        import http.server, sys, urllib.parse
        class H(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                u = urllib.parse.urlparse(self.path)
                q = urllib.parse.parse_qs(u.query)
                if u.path == "/redirect":
                    self.send_response(302)
                    self.send_header("Location", q["to"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif u.path == "/stream":
                    self.send_response(200)
                    self.send_header("Content-Type", "image/jpeg")
                    self.end_headers()
                    n = int(q["n"][0])
                    chunk = b"\\xff" * 65536
                    while n > 0:
                        try:
                            self.wfile.write(chunk[:min(n, len(chunk))])
                        except OSError:
                            return
                        n -= len(chunk)
                elif u.path == "/drop":
                    self.close_connection = True
                else:
                    self.send_error(404)
            def log_message(self, *a):
                pass
        import socket
        host = sys.argv[1]
        class S(http.server.HTTPServer):
            address_family = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = S((host, 0), H)
        print("port", s.server_address[1], "end", flush=True)
        s.serve_forever()
        """
    let process: ChildProcess
    let port: Int
    let host: String

    /// Listens on `host`: `127.0.0.1` or `::1`.
    init(host: String = "127.0.0.1") throws {
        self.host = host
        (process, port) = try PythonServer.start(["-c", Self.script, host])
    }

    func url(_ path: String) -> String { "http://\(host.contains(":") ? "[\(host)]" : host):\(port)/\(path)" }

    func stop() {
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

/// A port nothing listens on: bound, then closed again.
func closedPort() throws -> Int {
    let silent = try SilentServer()
    return silent.port
}
