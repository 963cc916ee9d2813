#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniNet
import MiniPhotos
import Synchronization
import Testing

/// Keeps the host-side trace lines of a session's network access.
final class TraceLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    var last: String { all.last ?? "" }
    func access(_ policy: NetworkPolicy, resolver: any HostResolver = SystemResolver()) -> NetworkAccess {
        NetworkAccess(policy: policy, resolver: resolver, trace: { line in self.lines.withLock { $0.append(line) } })
    }
}

/// The allowed-domain policy and the address checks as page code meets them through
/// `getImageInfo`, against servers on 127.0.0.1.
@Suite("Network policy for page code", .serialized)
struct NetworkPolicyTests {
    static let uniform: HostValue = ["errMsg": "getImageInfo:fail download image fail", "errno": 600_001]

    func startStatic() async throws -> StaticHTTPServer {
        try await offCooperativePool { try StaticHTTPServer(directory: Fixture.directory) }
    }
    func startScripted() async throws -> ScriptedHTTPServer { try await offCooperativePool { try ScriptedHTTPServer() } }

    func allowed(_ entries: String..., checks: Bool = true, local: Bool = false) -> NetworkPolicy {
        NetworkPolicy(allowedHosts: entries.map { AllowedHost($0)! }, checksDomains: checks, allowsLocalNetwork: local)
    }

    @Test("not on the list fails, on the list works, by name through a resolver connects to the pinned address")
    func allowedList() async throws {
        let server = try await startStatic()
        defer { server.stop() }
        let trace = TraceLines()
        let other = try PhotoSession(network: trace.access(allowed("http://127.0.0.1:\(server.port + 1)", "img.example.com")))
        #expect(await other.failure("getImageInfo", ["src": .string(server.url("quad420.jpg"))])?.shaped == Self.uniform)
        #expect(trace.last.contains("refused by policy") && trace.last.contains("not an allowed host"), "\(trace.last)")
        // https only unless the entry says http.
        let httpsOnly = try PhotoSession(network: trace.access(allowed("127.0.0.1:\(server.port)")))
        #expect(await httpsOnly.failure("getImageInfo", ["src": .string(server.url("quad420.jpg"))])?.shaped == Self.uniform)

        let listed = try PhotoSession(network: trace.access(allowed("http://127.0.0.1:\(server.port)")))
        let info = try await listed.call("getImageInfo", ["src": .string(server.url("quad420.jpg"))])
        #expect(info["width"] == 64 && info["height"] == 48)

        // A name only the test resolver knows: curl never looks it up itself, it connects to the
        // one address checked (loopback, allowed here for the whole app).
        let resolver = MappedResolver(["img.test": ["127.0.0.1"]])
        let byName = try PhotoSession(
            network: trace.access(allowed("http://img.test:\(server.port)", local: true), resolver: resolver))
        let named = try await byName.call("getImageInfo", ["src": .string("http://img.test:\(server.port)/quad420.jpg")])
        #expect(named["width"] == 64)
        #expect(resolver.lookups("img.test") == 1)
        // The same listed name resolving to loopback without the local allowance: refused (rebinding).
        let rebound = try PhotoSession(network: trace.access(allowed("http://img.test:\(server.port)"), resolver: resolver))
        #expect(await rebound.failure("getImageInfo", ["src": .string("http://img.test:\(server.port)/quad420.jpg")])?.shaped == Self.uniform)
        #expect(trace.last.contains("loopback and not explicitly allowed"), "\(trace.last)")
    }

    @Test("checking off: loopback refused unless allowed explicitly")
    func uncheckedLoopback() async throws {
        let server = try await startStatic()
        defer { server.stop() }
        let trace = TraceLines()
        let unchecked = try PhotoSession(network: trace.access(allowed(checks: false)))
        #expect(await unchecked.failure("getImageInfo", ["src": .string(server.url("quad420.jpg"))])?.shaped == Self.uniform)
        #expect(trace.last.contains("loopback"), "\(trace.last)")
        // Other spellings of 127.0.0.1 (decimal, hex, octal, short) reach no server either.
        for host in ["2130706433", "0x7f000001", "017700000001", "127.1", "[::ffff:127.0.0.1]", "[::1]"] {
            let url = "http://\(host):\(server.port)/quad420.jpg"
            #expect(await unchecked.failure("getImageInfo", ["src": .string(url)])?.shaped == Self.uniform, "\(url)")
        }
        let local = try PhotoSession(network: trace.access(allowed(checks: false, local: true)))
        #expect(try await local.call("getImageInfo", ["src": .string(server.url("quad420.jpg"))])["width"] == 64)
    }

    @Test("link-local and metadata addresses and names are refused even with every allowance", arguments: [
        "http://169.254.169.254/latest/meta-data/", "http://169.254.1.1:\(80)/", "http://[fe80::1]/x",
        "http://[fd00:ec2::254]/latest/meta-data/", "http://[::ffff:169.254.169.254]/", "http://metadata.google.internal/computeMetadata/v1/",
        "http://rebind.test/latest/meta-data/", "http://rebind6.test/", "http://0.0.0.0:\(80)/",
    ])
    func forbidden(_ url: String) async throws {
        let trace = TraceLines()
        let resolver = MappedResolver(["rebind.test": ["169.254.169.254"], "rebind6.test": ["2606:4700::1111", "fe80::1"]])
        let host = NetworkURL(url)!.host
        let policy = allowed("http://\(host.contains(":") ? "[\(host)]" : host)", checks: false, local: true)
        let s = try PhotoSession(network: trace.access(policy, resolver: resolver))
        #expect(await s.failure("getImageInfo", ["src": .string(url)])?.shaped == Self.uniform)
        #expect(trace.last.contains("refused by policy"), "\(trace.last)")
    }

    @Test("localhost resolves to loopback and is refused without the local allowance")
    func localhost() async throws {
        let server = try await startStatic()
        defer { server.stop() }
        let trace = TraceLines()
        let s = try PhotoSession(network: trace.access(allowed("http://localhost:\(server.port)")))
        #expect(await s.failure("getImageInfo", ["src": .string("http://localhost:\(server.port)/quad420.jpg")])?.shaped == Self.uniform)
        #expect(trace.last.contains("refused by policy") && trace.last.contains("loopback"), "\(trace.last)")
    }

    @Test("redirects are checked again on every hop")
    func redirects() async throws {
        let server = try await startStatic()
        let redirector = try await startScripted()
        defer {
            server.stop()
            redirector.stop()
        }
        let trace = TraceLines()
        let resolver = MappedResolver(["rebind.test": ["169.254.169.254"]])
        func via(_ target: String) -> HostValue {
            .string(redirector.url("redirect?to=" + target.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!))
        }
        // Only the redirector is listed: its redirect to the (unlisted) image server is refused.
        let one = try PhotoSession(network: trace.access(allowed("http://127.0.0.1:\(redirector.port)"), resolver: resolver))
        #expect(await one.failure("getImageInfo", ["src": via(server.url("quad420.jpg"))])?.shaped == Self.uniform)
        #expect(trace.last.contains("not an allowed host"), "\(trace.last)")
        // Both listed: the redirect is followed (so the refusals above are the policy's doing).
        let both = try PhotoSession(
            network: trace.access(
                allowed("http://127.0.0.1:\(redirector.port)", "http://127.0.0.1:\(server.port)", checks: true), resolver: resolver))
        #expect(try await both.call("getImageInfo", ["src": via(server.url("quad420.jpg"))])["width"] == 64)
        // Checking off and the local network allowed: a redirect to metadata is still refused.
        let open = try PhotoSession(network: trace.access(allowed(checks: false, local: true), resolver: resolver))
        for target in ["http://169.254.169.254/latest/meta-data/", "http://rebind.test/", "http://[fe80::1]/"] {
            #expect(await open.failure("getImageInfo", ["src": via(target)])?.shaped == Self.uniform, "\(target)")
            #expect(trace.last.contains("refused by policy"), "\(trace.last)")
        }
        // Not http(s): refused.
        #expect(await open.failure("getImageInfo", ["src": via("file:///etc/passwd")])?.shaped == Self.uniform)
        // A redirect loop ends.
        let loop = redirector.url("redirect?to=" + redirector.url("redirect?to=x").addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)
        #expect(await open.failure("getImageInfo", ["src": .string(loop)]) != nil)
    }

    @Test("closed port, dropped connection, timeout and policy refusal read the same")
    func uniformFailures() async throws {
        let scripted = try await startScripted()
        defer { scripted.stop() }
        let silent = try SilentServer()
        let closed = try closedPort()
        let trace = TraceLines()
        let s = try PhotoSession(
            downloader: ImageDownloader(maxBytes: 1 << 20, timeout: 1), network: trace.access(allowed(checks: false, local: true)))
        let refusing = try PhotoSession(network: trace.access(allowed()))
        let cases: [(PhotoSession, String)] = [
            (s, "http://127.0.0.1:\(closed)/a.jpg"), (s, scripted.url("drop")), (s, silent.url("a.jpg")),
            (refusing, "http://127.0.0.1:\(closed)/a.jpg"),
        ]
        var shapes: [HostValue] = []
        for (session, url) in cases {
            let f = try #require(await session.failure("getImageInfo", ["src": .string(url)]))
            shapes.append(f.shaped)
        }
        #expect(shapes.allSatisfy { $0 == Self.uniform }, "\(shapes)")
        // The host's trace tells them apart.
        let reasons = trace.all
        #expect(reasons.count == 4)
        #expect(reasons[0].contains("unreachable") && reasons[0].lowercased().contains("connect"), "\(reasons[0])")
        #expect(reasons[1].contains("unreachable") && reasons[1].lowercased().contains("empty reply"), "\(reasons[1])")
        #expect(reasons[2].contains("timed out") && reasons[2].lowercased().contains("timeout"), "\(reasons[2])")
        #expect(reasons[3].contains("refused by policy"), "\(reasons[3])")
    }

    @Test("a body over the limit fails with or without a Content-Length, and leaves nothing in temp")
    func oversize() async throws {
        let scripted = try await startScripted()
        let server = try await startStatic()
        defer {
            scripted.stop()
            server.stop()
        }
        let s = try PhotoSession(
            downloader: ImageDownloader(maxBytes: 10_000, timeout: 10),
            network: NetworkAccess(policy: allowed(checks: false, local: true)))
        for url in [scripted.url("stream?n=5000000"), server.url("photo.jpg")] {
            let f = await s.failure("getImageInfo", ["src": .string(url)])
            #expect(f?.error == MediaError(.networkError, "download image fail: larger than the download limit of 10000 bytes"), "\(url)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.tempDir.path) == [])
        // Within the limit, the streamed body arrives whole (then is not an image).
        let small = await s.failure("getImageInfo", ["src": .string(scripted.url("stream?n=9000"))])
        #expect(small?.error.code == .invalidImage)
        #expect(try FileManager.default.contentsOfDirectory(atPath: s.session.sandbox.tempDir.path) == [])
    }

    @Test("at most the gate's limit of transfers at once; the others wait their turn")
    func concurrency() async throws {
        let silent = try SilentServer()
        let gate = TransferGate(limit: 3)
        let s = try PhotoSession(
            downloader: ImageDownloader(maxBytes: 1000, timeout: 0.5),
            network: NetworkAccess(policy: allowed(checks: false, local: true), gate: gate))
        let shapes = await withTaskGroup(of: HostValue?.self) { group in
            for i in 0..<12 { group.addTask { await s.failure("getImageInfo", ["src": .string(silent.url("\(i).jpg"))])?.shaped } }
            var all: [HostValue?] = []
            for await shape in group { all.append(shape) }
            return all
        }
        #expect(shapes.count == 12 && shapes.allSatisfy { $0 == Self.uniform })
        #expect(gate.highWater == 3)
    }

    @Test("IPv6: a name pinned to ::1, and the literal, reach the server only when allowed")
    func ipv6() async throws {
        let server = try await offCooperativePool { try ScriptedHTTPServer(host: "::1") }
        defer { server.stop() }
        let trace = TraceLines()
        let resolver = MappedResolver(["img6.test": ["::1"]])
        let byName = "http://img6.test:\(server.port)/stream?n=100"
        // Downloaded (the bytes are not an image): the transfer reached [::1] by the pinned name.
        let local = try PhotoSession(network: trace.access(allowed(checks: false, local: true), resolver: resolver))
        #expect(await local.failure("getImageInfo", ["src": .string(byName)])?.error.code == .invalidImage, "\(trace.all)")
        #expect(await local.failure("getImageInfo", ["src": .string(server.url("stream?n=100"))])?.error.code == .invalidImage)
        let listed = try PhotoSession(network: trace.access(allowed("http://[::1]:\(server.port)"), resolver: resolver))
        #expect(await listed.failure("getImageInfo", ["src": .string(server.url("stream?n=100"))])?.error.code == .invalidImage)
        let refused = try PhotoSession(network: trace.access(allowed(checks: false), resolver: resolver))
        #expect(await refused.failure("getImageInfo", ["src": .string(byName)])?.shaped == Self.uniform)
        #expect(trace.last.contains("loopback and not explicitly allowed"), "\(trace.last)")
    }
}
