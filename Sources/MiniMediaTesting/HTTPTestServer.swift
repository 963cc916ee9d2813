#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A real HTTP server for tests (Python's `http.server`, threaded) on 127.0.0.1 and a free
/// port, with behaviours by path. Every method (GET, POST, PUT, DELETE, HEAD, OPTIONS, TRACE,
/// PATCH) reaches the same handler:
///
/// - `/echo[?status=N]`: JSON `{method, path, query, headers (lowercased names), body, bodyLength}`
///   with status N (default 200).
/// - `/text`: `text/plain` "plain text, not JSON".
/// - `/greeting?name=N`: JSON `{"message": "hello N"}` (the example pages' request).
/// - `/json`: `{"z":1,"a":[true,null,"x"],"nested":{"k":"v"}}` (keys in that order).
/// - `/bytes?n=N`: N bytes `i % 256`, with a Content-Length.
/// - `/big?n=N[&type=...]`: N bytes in 64 KB writes with a Content-Length (progress events).
/// - `/slow?seconds=S`: answers after S seconds (headers at once when `&head=1`).
/// - `/redirect?to=URL[&code=302]`: a redirect.
/// - `/cookies`: two `Set-Cookie` headers.
/// - `/upload`: parses a multipart/form-data body and answers JSON `{fields: {name: value},
///   files: [{field, filename, contentType, size, sha256}]}`.
public final class HTTPTestServer: @unchecked Sendable {
    static let script = #"""
        import hashlib, http.server, json, socketserver, sys, time, urllib.parse
        class H(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def send(self, status, body, ctype="application/json", extra=()):
                self.send_response(status)
                self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(body)))
                for k, v in extra:
                    self.send_header(k, v)
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body)
            def handle_any(self):
                u = urllib.parse.urlparse(self.path)
                q = {k: v[0] for k, v in urllib.parse.parse_qs(u.query, keep_blank_values=True).items()}
                n = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(n) if n else b""
                if u.path == "/echo":
                    out = {"method": self.command, "path": u.path, "query": u.query,
                           "headers": {k.lower(): v for k, v in self.headers.items()},
                           "body": body.decode("utf-8", "replace"), "bodyLength": len(body)}
                    self.send(int(q.get("status", "200")), json.dumps(out).encode())
                elif u.path == "/greeting":
                    self.send(200, json.dumps({"message": "hello " + q.get("name", "")}).encode())
                elif u.path == "/text":
                    self.send(200, b"plain text, not JSON", "text/plain")
                elif u.path == "/json":
                    self.send(200, b'{"z":1,"a":[true,null,"x"],"nested":{"k":"v"}}')
                elif u.path == "/bytes":
                    self.send(200, bytes(i % 256 for i in range(int(q["n"]))), "application/octet-stream")
                elif u.path == "/big":
                    total = int(q["n"])
                    self.send_response(200)
                    self.send_header("Content-Type", q.get("type", "application/octet-stream"))
                    self.send_header("Content-Length", str(total))
                    self.end_headers()
                    chunk = bytes(i % 251 for i in range(65536))
                    sent = 0
                    try:
                        while sent < total:
                            part = chunk[:min(65536, total - sent)]
                            self.wfile.write(part)
                            self.wfile.flush()
                            sent += len(part)
                            time.sleep(0.002)
                    except OSError:
                        return
                elif u.path == "/slow":
                    if q.get("head") == "1":
                        self.send_response(200)
                        self.send_header("Content-Length", "2")
                        self.end_headers()
                        self.wfile.flush()
                    time.sleep(float(q.get("seconds", "5")))
                    try:
                        if q.get("head") == "1":
                            self.wfile.write(b"ok")
                        else:
                            self.send(200, b'"late"')
                    except OSError:
                        pass
                elif u.path == "/redirect":
                    self.send(int(q.get("code", "302")), b"", "text/plain", [("Location", q["to"])])
                elif u.path == "/cookies":
                    self.send(200, b"{}", extra=[("Set-Cookie", "a=1; Path=/"), ("Set-Cookie", "b=2; HttpOnly")])
                elif u.path == "/upload":
                    ctype = self.headers.get("Content-Type", "")
                    boundary = ctype.split("boundary=", 1)[1].encode() if "boundary=" in ctype else b"-"
                    fields, files = {}, []
                    for part in body.split(b"--" + boundary):
                        if b"\r\n\r\n" not in part:
                            continue
                        head, data = part.split(b"\r\n\r\n", 1)
                        if data.endswith(b"\r\n"):
                            data = data[:-2]
                        hs = {}
                        for line in head.decode("utf-8", "replace").strip().split("\r\n"):
                            if ":" in line:
                                k, v = line.split(":", 1)
                                hs[k.strip().lower()] = v.strip()
                        disp = dict(p.strip().split("=", 1) for p in hs.get("content-disposition", "").split(";")[1:] if "=" in p)
                        disp = {k: v.strip('"') for k, v in disp.items()}
                        if "filename" in disp:
                            files.append({"field": disp.get("name"), "filename": disp["filename"],
                                          "contentType": hs.get("content-type"), "size": len(data),
                                          "sha256": hashlib.sha256(data).hexdigest()})
                        else:
                            fields[disp.get("name")] = data.decode("utf-8", "replace")
                    self.send(200, json.dumps({"fields": fields, "files": files}).encode())
                else:
                    self.send(404, b"no such endpoint", "text/plain")
            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = do_OPTIONS = do_TRACE = do_PATCH = do_CONNECT = handle_any
            def log_message(self, *a):
                pass
        class S(socketserver.ThreadingMixIn, http.server.HTTPServer):
            daemon_threads = True
        s = S(("127.0.0.1", 0), H)
        print("port", s.server_address[1], "end", flush=True)
        s.serve_forever()
        """#

    private let process: ChildProcess
    public let port: Int

    public init() throws {
        (process, port) = try PythonServer.start(["-c", Self.script])
    }

    /// `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> String { "http://127.0.0.1:\(port)/\(path)" }

    /// The `--allow-domain` entry naming this server.
    public var allowedHost: String { "http://127.0.0.1:\(port)" }

    /// SIGKILL: the child may inherit a signal mask that blocks SIGTERM.
    public func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    deinit { stop() }
}

/// Starts a Python server that prints `port N` and a space once it listens (`port N end` from
/// the scripts here, `… port N (http://…)` from `python3 -m http.server`), and returns the
/// process and the port (the process is killed if it never says).
public enum PythonServer {
    public static func start(_ arguments: [String]) throws -> (process: ChildProcess, port: Int) {
        let process = ChildProcess()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-u"] + arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        var port: Int?
        let handle = out.fileHandleForReading
        while port == nil {
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
            if let r = text.range(of: "port ") {
                let digits = text[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
                if !digits.isEmpty, digits.endIndex < text.endIndex { port = Int(digits) }
            }
        }
        guard let port else {
            kill(process.processIdentifier, SIGKILL)
            throw CocoaError(.fileReadUnknown, userInfo: [NSLocalizedDescriptionKey: "python server did not start: \(text)"])
        }
        return (process, port)
    }
}
