import Foundation
import MiniCore
import MiniMediaTesting
import MiniNet
import Synchronization
import Testing

/// Lines a host trace received.
final class TraceLines: Sendable {
    private let lines = Mutex<[String]>([])
    func add(_ line: String) { lines.withLock { $0.append(line) } }
    var all: [String] { lines.withLock { $0 } }
}

@Suite("request, downloadFile, uploadFile against a real local HTTP server")
struct NetworkAPITests {
    static func server() async throws -> HTTPTestServer { try await offCooperativePool { try HTTPTestServer() } }

    @Test func requestSendsMethodsHeadersAndBodiesAsWeChatDoes() async throws {
        let s = try await Self.server()
        let r = try await PageRun.run("""
            const show = (tag) => (res) => console.log(tag, res.errMsg, res.statusCode, JSON.stringify(res.data))
            const echo = (tag) => (res) => console.log(tag, res.statusCode, res.data.method, res.data.query,
              res.data.headers['content-type'], res.data.headers['x-one'], JSON.stringify(res.data.body), typeof res.header, Array.isArray(res.cookies))
            wx.request({ url: '\(s.url("echo"))', method: 'POST', header: { 'X-One': 1 }, data: { z: 1, a: [true, null], s: 'é' }, success: echo('json') })
            wx.request({ url: '\(s.url("echo"))', data: { a: 1, b: 'x y&z' }, success: echo('get') })
            wx.request({ url: '\(s.url("echo"))', method: 'PUT', header: { 'content-type': 'application/x-www-form-urlencoded' }, data: { a: 1, b: 'x y' }, success: echo('form') })
            wx.request({ url: '\(s.url("echo"))', method: 'delete', data: 'raw text', success: echo('delete') })
            wx.request({ url: '\(s.url("echo"))', method: 'OPTIONS', success: echo('options') })
            wx.request({ url: '\(s.url("echo"))', method: 'HEAD', success: (res) => console.log('head', res.statusCode, JSON.stringify(res.data)) })
            wx.request({ url: '\(s.url("json"))', success: show('parsed') })
            wx.request({ url: '\(s.url("text"))', success: show('not json') })
            wx.request({ url: '\(s.url("json"))', dataType: 'text', success: show('as text') })
            wx.request({ url: '\(s.url("bytes?n=300"))', responseType: 'arraybuffer', success: (res) => {
              const b = new Uint8Array(res.data); console.log('buffer', res.data instanceof ArrayBuffer, b.length, b[0], b[255], b[299]) } })
            wx.request({ url: '\(s.url("echo?status=404"))', success: (res) => console.log('404 is an answer', res.errMsg, res.statusCode) })
            wx.request({ url: '\(s.url("cookies"))', success: (res) => console.log('cookies', JSON.stringify(res.cookies)) })
            wx.request({ url: '\(s.url("redirect?to=/echo"))', success: (res) => console.log('redirect', res.statusCode, res.data.method) })
            wx.request({ url: '\(s.url("redirect?code=307&to=/echo"))', method: 'POST', data: 'kept', success: (res) => console.log('307', res.data.method, res.data.body) })
            wx.request({ url: '\(s.url("redirect?code=303&to=/echo"))', method: 'POST', data: 'dropped', success: (res) => console.log('303', res.data.method, res.data.bodyLength) })
            const task = wx.request({ url: '\(s.url("json"))' })
            task.onHeadersReceived((h) => console.log('headers', h.statusCode, h.header['Content-Type']))
            console.log('task', typeof task.abort, typeof task.offHeadersReceived)
            """, network: PageRun.access(s))
        #expect(r.uncaught == nil)
        #expect(Set(r.lines) == [
            "task function function",
            "json 200 POST  application/json 1 \"{\\\"z\\\":1,\\\"a\\\":[true,null],\\\"s\\\":\\\"é\\\"}\" object true",
            "get 200 GET a=1&b=x%20y%26z application/json undefined \"\" object true",
            "form 200 PUT  application/x-www-form-urlencoded undefined \"a=1&b=x%20y\" object true",
            "delete 200 DELETE  application/json undefined \"raw text\" object true",
            "options 200 OPTIONS  application/json undefined \"\" object true",
            "head 200 \"\"",
            "parsed request:ok 200 {\"z\":1,\"a\":[true,null,\"x\"],\"nested\":{\"k\":\"v\"}}",
            "not json request:ok 200 \"plain text, not JSON\"",
            "as text request:ok 200 \"{\\\"z\\\":1,\\\"a\\\":[true,null,\\\"x\\\"],\\\"nested\\\":{\\\"k\\\":\\\"v\\\"}}\"",
            "buffer true 300 0 255 43",
            "404 is an answer request:ok 404",
            "cookies [\"a=1; Path=/\",\"b=2; HttpOnly\"]",
            "redirect 200 GET", "307 POST kept", "303 GET 0",
            "headers 200 application/json",
        ])
        s.stop()
    }

    @Test func timeoutAbortPolicyAndBadArgumentsFailAsEachDialectSays() async throws {
        let s = try await Self.server()
        let closed = try await offCooperativePool { () -> Int in
            let probe = try HTTPTestServer()
            let port = probe.port
            probe.stop()
            return port
        }
        let trace = TraceLines()
        var access = PageRun.access(s, trace: { trace.add($0) })
        access.policy.allowedHosts.append(AllowedHost("http://127.0.0.1:\(closed)")!)
        let r = try await PageRun.run("""
            const fail = (tag) => ({ fail: (e) => console.log(tag, e.errMsg, e.errno), success: (res) => console.log(tag, 'succeeded?', res.statusCode) })
            wx.request({ url: '\(s.url("slow?seconds=5"))', timeout: 400, ...fail('timeout') })
            const t = wx.request({ url: '\(s.url("slow?seconds=5&head=1"))', ...fail('abort') })
            setTimeout(() => t.abort(), 300)
            wx.request({ url: 'http://127.0.0.1:\(closed)/x', ...fail('refused') })
            wx.request({ url: 'https://not-listed.example/x', ...fail('domain') })
            wx.request({ url: '\(s.url("redirect?to=https://elsewhere.example/"))', ...fail('redirect out') })
            wx.request({ ...fail('no url') })
            wx.request({ url: 'ftp://x/y', ...fail('bad url') })
            wx.request({ url: '\(s.url("echo"))', method: 'FETCH', ...fail('method') })
            wx.request({ url: '\(s.url("echo"))', header: { 'X-Bad': 'a\\r\\nInjected: 1' }, ...fail('header') })
            wx.request({ url: '\(s.url("echo"))', timeout: -1, ...fail('negative timeout') })
            wx.request({ url: '\(s.url("echo"))', responseType: 'blob', ...fail('responseType') })
            """, network: access)
        #expect(r.uncaught == nil)
        #expect(Set(r.lines) == [
            "timeout request:fail timeout 5",
            "abort request:fail abort 600003",
            "refused request:fail network error 600001",
            "domain request:fail url not in domain list 600002",
            "redirect out request:fail url not in domain list 600002",
            "no url request:fail parameter error: parameter.url should be String instead of Undefined; 101",
            "bad url request:fail parameter error: invalid url \"ftp://x/y\"; 101",
            "method request:fail parameter error: parameter.method should be one of \"OPTIONS\", \"GET\", \"HEAD\", \"POST\", \"PUT\", \"DELETE\", \"TRACE\", \"CONNECT\" instead of \"FETCH\"; 101",
            "header request:fail parameter error: parameter.header.X-Bad is not a valid header value; 101",
            "negative timeout request:fail parameter error: parameter.timeout should be in range [0, 86400000] instead of -1; 101",
            "responseType request:fail parameter error: parameter.responseType should be one of \"text\", \"arraybuffer\" instead of \"blob\"; 101",
        ])
        // The precise reasons reach the host's trace only.
        let lines = trace.all
        #expect(lines.contains { $0.contains(":\(closed)/x") && $0.contains("unreachable") }, "\(lines)")
        #expect(lines.contains { $0.contains("not-listed.example") && $0.contains("not an allowed host") }, "\(lines)")
        s.stop()
    }

    @Test func appJSONNetworkTimeoutAndChunks() async throws {
        let s = try await Self.server()
        let dir = TemporaryDirectory()
        try FileManager.default.createDirectory(at: dir.file("package"), withIntermediateDirectories: true)
        try Data(#"{"pages": [], "networkTimeout": {"request": 300, "downloadFile": 5000}}"#.utf8).write(to: dir.file("package/app.json"))
        let r = try await PageRun.run("""
            // Without app.json's 300 ms this would succeed after 5 s.
            wx.request({ url: '\(s.url("slow?seconds=5"))', fail: (e) => console.log(e.errMsg), success: () => console.log('too late') })
            let bytes = 0, chunks = 0
            const t = wx.request({ url: '\(s.url("big?n=300000"))', enableChunked: true, responseType: 'arraybuffer',
              success: (res) => console.log('chunked', chunks > 1, bytes, res.data.byteLength) })
            t.onChunkReceived((c) => { chunks++; bytes += c.data.byteLength })
            """, directory: dir, network: PageRun.access(s))
        #expect(Set(r.lines) == ["request:fail timeout", "chunked true 300000 300000"])
        s.stop()
    }

    @Test func alipayAndBaiduShapes() async throws {
        let s = try await Self.server()
        let my = try await PageRun.run("""
            my.request({ url: '\(s.url("echo"))', method: 'POST', headers: { 'X-A': 'b' }, data: { k: 1 }, success: (res) =>
              console.log('ok', res.status, res.data.headers['x-a'], typeof res.headers, res.errMsg === undefined) })
            my.request({ url: '\(s.url("echo?status=404"))', fail: (e) => console.log('http', JSON.stringify(e)) })
            my.request({ url: '\(s.url("text"))', fail: (e) => console.log('decode', JSON.stringify(e)) })
            my.request({ url: '\(s.url("slow?seconds=5"))', timeout: 300, fail: (e) => console.log('timeout', JSON.stringify(e)) })
            my.request({ url: 'https://not-listed.example/', fail: (e) => console.log('domain', JSON.stringify(e)) })
            const t = my.request({ url: '\(s.url("slow?seconds=5"))', fail: (e) => console.log('abort', JSON.stringify(e)) })
            setTimeout(() => t.abort(), 200)
            """, dialect: .my, network: PageRun.access(s))
        #expect(Set(my.lines) == [
            "ok 200 b object true",
            "http {\"error\":19,\"errorMessage\":\"HTTP error 404\"}",
            "decode {\"error\":14,\"errorMessage\":\"JSON parse data error\"}",
            "timeout {\"error\":13,\"errorMessage\":\"timeout\"}",
            "domain {\"error\":12,\"errorMessage\":\"url not in domain list\"}",
            "abort {\"error\":20,\"errorMessage\":\"abort\"}",
        ])
        let swan = try await PageRun.run("""
            swan.request({ url: '\(s.url("json"))', success: (res) => console.log(res.errMsg, res.statusCode, res.data.z) })
            swan.request({ url: 'https://not-listed.example/', fail: (e) => console.log(e.errMsg, e.errCode) })
            """, dialect: .swan, network: PageRun.access(s))
        #expect(Set(swan.lines) == ["request:ok 200 1", "request:fail url not in domain list 10002"])
        s.stop()
    }

    @Test func downloadFileIntoTempWithProgressAndQuota() async throws {
        let s = try await Self.server()
        let n = 3 << 20
        let r = try await PageRun.run("""
            const fs = wx.getFileSystemManager()
            let events = 0, partial = false, last = null, monotonic = true
            const task = wx.downloadFile({ url: '\(s.url("big?n=\(n)&type=image/png"))', success: (res) => {
              console.log(res.errMsg, res.statusCode, /^wxfile:\\/\\/tmp_[0-9a-f]+\\.png$/.test(res.tempFilePath), fs.statSync(res.tempFilePath).size)
              // How many events arrive depends on how the bytes were chunked (a loaded machine
              // reads bigger chunks); at least one came before the end.
              console.log('progress', events >= 2 && partial, monotonic, last.progress, last.totalBytesWritten, last.totalBytesExpectedToWrite)
            } })
            task.onProgressUpdate((p) => { events++; if (p.progress < 100) partial = true; if (last && p.totalBytesWritten < last.totalBytesWritten) monotonic = false; last = p })
            task.onHeadersReceived((h) => console.log('headers', h.statusCode, h.header['Content-Length']))
            wx.downloadFile({ url: '\(s.url("bytes?n=10"))', filePath: wx.env.USER_DATA_PATH + '/saved.bin', success: (res) => {
              console.log('saved', res.filePath, res.tempFilePath, fs.readFileSync(res.filePath).byteLength) } })
            wx.downloadFile({ url: '\(s.url("echo?status=404"))', success: (res) => console.log('404', res.statusCode) })
            wx.downloadFile({ url: '\(s.url("bytes?n=10"))', filePath: '/etc/passwd', fail: (e) => console.log('outside', e.errMsg) })
            """, network: PageRun.access(s))
        #expect(r.uncaught == nil)
        #expect(Set(r.lines) == [
            "downloadFile:ok 200 true \(n)", "progress true true 100 \(n) \(n)", "headers 200 \(n)",
            "saved wxfile://usr/saved.bin undefined 10", "404 404",
            "outside downloadFile:fail permission denied, open /etc/passwd",
        ])
        let small = try await PageRun.run("""
            wx.downloadFile({ url: '\(s.url("big?n=\(n)"))', fail: (e) => console.log(e.errMsg, e.errno) })
            """, network: PageRun.access(s), tempQuota: 1 << 20)
        #expect(small.lines == ["downloadFile:fail the maximum size of the file storage limit is exceeded 1300202"])
        #expect(small.session.files.tempUsage() == 0)
        s.stop()
    }

    @Test func uploadFileSendsAMultipartBodyTheServerChecks() async throws {
        let s = try await Self.server()
        let r = try await PageRun.run("""
            const fs = wx.getFileSystemManager()
            const data = new Uint8Array(200000); for (let i = 0; i < data.length; i++) data[i] = (i * 7) & 255
            const path = wx.env.USER_DATA_PATH + '/photo.jpg'
            fs.writeFileSync(path, data.buffer)
            let lastProgress = null
            const task = wx.uploadFile({ url: '\(s.url("upload"))', filePath: path, name: 'file', formData: { user: 'ann', n: 2, o: { k: 1 } },
              success: (res) => {
                const body = JSON.parse(res.data)
                console.log(res.errMsg, res.statusCode, JSON.stringify(body.fields))
                const f = body.files[0]
                fs.getFileInfo({ filePath: path, digestAlgorithm: 'sha256', success: (i) =>
                  console.log(f.field, f.filename, f.contentType, f.size, f.sha256 === i.digest) })
                console.log('progress', lastProgress.progress, lastProgress.totalBytesSent === lastProgress.totalBytesExpectedToSend, lastProgress.totalBytesSent > 200000)
              } })
            task.onProgressUpdate((p) => { lastProgress = p })
            wx.uploadFile({ url: '\(s.url("upload"))', filePath: wx.env.USER_DATA_PATH + '/missing.jpg', name: 'file', fail: (e) => console.log('missing', e.errMsg) })
            wx.uploadFile({ url: '\(s.url("upload"))', filePath: path, fail: (e) => console.log('no name', e.errMsg) })
            """, network: PageRun.access(s))
        #expect(r.uncaught == nil)
        #expect(Set(r.lines) == [
            "uploadFile:ok 200 {\"user\":\"ann\",\"n\":\"2\",\"o\":\"{\\\"k\\\":1}\"}",
            "file photo.jpg image/jpeg 200000 true",
            "progress 100 true true",
            "missing uploadFile:fail file not exist",
            "no name uploadFile:fail parameter error: parameter.name should be String instead of Undefined;",
        ])
        s.stop()
    }
}
