#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniMediaTesting
import MiniNet
import Synchronization
import Testing

/// `NetworkAccess.exchange`: the general transfer behind request, downloadFile and uploadFile.
@Suite("NetworkAccess.exchange against a local server")
struct ExchangeTests {
    static func access(_ s: HTTPTestServer) -> NetworkAccess {
        NetworkAccess(policy: NetworkPolicy(allowedHosts: [AllowedHost(s.allowedHost)!]))
    }

    @Test func bodiesFromMemoryAndDescriptorsHeadersAndProgress() async throws {
        let s = try await offCooperativePool { try HTTPTestServer() }
        defer { s.stop() }
        let file = TemporaryDirectory()
        let payload = Array("from a descriptor".utf8)
        try Data(payload).write(to: file.file("part.txt"))
        let fd = open(file.file("part.txt").path, O_RDONLY | O_CLOEXEC)
        defer { close(fd) }
        let request = HTTPRequest(
            url: s.url("echo?x=1"), method: "PUT", headers: [HTTPHeader("X-Test", "yes")],
            body: [.bytes(Array("head:".utf8)), .file(descriptor: fd, length: Int64(payload.count))])
        let sent = Mutex<Int64>(0)
        let head = Mutex<Int>(0)
        let events = TransferEvents(
            headersReceived: { status, _ in head.withLock { $0 = status } },
            progress: { p in sent.withLock { $0 = max($0, p.sent) } })
        let response = try await Self.access(s).exchange(request, sink: .memory, events: events).get()
        #expect(response.status == 200)
        #expect(response.header("content-type") == "application/json")
        let echo = try #require(try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any])
        #expect(echo["method"] as? String == "PUT")
        #expect(echo["query"] as? String == "x=1")
        #expect(echo["body"] as? String == "head:from a descriptor")
        #expect((echo["headers"] as? [String: String])?["x-test"] == "yes")
        #expect(head.withLock { $0 } == 200)
        #expect(sent.withLock { $0 } == Int64(5 + payload.count))
    }

    @Test func failuresSayWhatHappenedToTheHost() async throws {
        let s = try await offCooperativePool { try HTTPTestServer() }
        defer { s.stop() }
        let closed = try await offCooperativePool { () -> Int in
            let probe = try HTTPTestServer()
            probe.stop()
            return probe.port
        }
        var access = Self.access(s)
        access.policy.allowedHosts.append(AllowedHost("http://127.0.0.1:\(closed)")!)
        func fail(_ request: HTTPRequest, control: TransferControl? = nil) async -> NetworkFailure? {
            if case .failure(let f) = await access.exchange(request, sink: .memory, control: control) { return f }
            return nil
        }
        let timedOut = await fail(HTTPRequest(url: s.url("slow?seconds=5"), timeout: 0.4))
        guard case .timedOut? = timedOut else { Issue.record("\(String(describing: timedOut))"); return }
        let refused = await fail(HTTPRequest(url: "http://127.0.0.1:\(closed)/"))
        guard case .unreachable? = refused else { Issue.record("\(String(describing: refused))"); return }
        let listed = await fail(HTTPRequest(url: "https://elsewhere.example/"))
        guard case .notInDomainList? = listed else { Issue.record("\(String(describing: listed))"); return }
        let control = TransferControl()
        Task {
            try await Task.sleep(for: .milliseconds(200))
            control.abort()
        }
        // The answer is 60 s away: the abort wins even when a loaded machine delays its task.
        let aborted = await fail(HTTPRequest(url: s.url("slow?seconds=60"), timeout: 90), control: control)
        #expect(aborted == .aborted, "\(String(describing: aborted))")
        #expect(await fail(HTTPRequest(url: s.url("bytes?n=5000"), maxResponseBytes: 1000)) == .tooLarge(limit: 1000))
        // Every status is an answer, its body included.
        let missing = try await access.exchange(HTTPRequest(url: s.url("nowhere")), sink: .memory).get()
        #expect(missing.status == 404 && String(decoding: missing.body, as: UTF8.self) == "no such endpoint")
    }
}
