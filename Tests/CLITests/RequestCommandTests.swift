import Foundation
import MiniMediaTesting
import Testing

/// A page's `wx.request` / `wx.setStorage` through `minimedia run` against a local server.
@Suite("minimedia run: request and storage from page code", .serialized)
struct RequestCommandTests {
    @Test func aPageRequestsTheLocalServerAndKeepsTheAnswerInStorage() async throws {
        let server = try await offCooperativePool { try HTTPTestServer() }
        defer { server.stop() }
        let dir = TemporaryFolder()
        let data = TemporaryFolder()
        try dir.write("p.js", """
            Page({
              onLoad(q) {
                const last = wx.getStorageSync('last')
                console.log('stored before:', JSON.stringify(last))
                wx.request({
                  url: 'http://localhost:' + q.port + '/echo?from=page', method: 'POST', data: { hello: 'world' },
                  success: (res) => {
                    console.log(res.errMsg, res.statusCode, res.data.method, res.data.query, res.data.body)
                    wx.setStorageSync('last', { status: res.statusCode })
                  },
                  fail: (e) => console.log(e.errMsg),
                })
              },
            })
            """)
        func run(_ options: [String]) async throws -> CLI.Output {
            try await CLI.run(["run", dir.path + "/p.js", "--query", "port=\(server.port)", "--data-dir", data.path] + options)
        }
        let domain = ["--allow-domain", "http://localhost:\(server.port)"]
        let first = try await run(domain + ["--allow-local-network"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.lines == ["stored before: \"\"", "request:ok 200 POST from=page {\"hello\":\"world\"}"], "\(first.stderr)")
        let second = try await run(domain + ["--allow-local-network"])
        #expect(second.lines.first == "stored before: {\"status\":200}", "\(second.stderr)")
        // A name is never the allowance of the loopback address it resolves to.
        let notLocal = try await run(domain)
        #expect(notLocal.lines.last == "request:fail network error", "\(notLocal.stdout)")
        #expect(notLocal.stderr.contains("loopback and not explicitly allowed"), "\(notLocal.stderr)")
        let unlisted = try await run(["--allow-local-network"])
        #expect(unlisted.lines.last == "request:fail url not in domain list", "\(unlisted.stdout)")
    }
}
