import Foundation
import Testing

@Suite("minimedia run in every dialect")
struct DialectRunTests {
    /// The same page code under each dialect's namespace: files, permissions, timers.
    static let page = """
        const api = { wx, qq, swan, tt, my }[globalThis.__dialect]
        Page({
          onLoad() {
            // Far enough apart that a descheduled JS thread between the two calls cannot swap them.
            setTimeout(() => console.log('timer 500'), 500)
            setTimeout(() => console.log('timer 0'), 0)
            Promise.resolve().then(() => console.log('microtask'))
            const fs = api.getFileSystemManager()
            const path = api.env.USER_DATA_PATH + '/a.txt'
            fs.writeFileSync(path, 'abc', 'utf8')
            console.log('read', path, fs.readFileSync(path, 'utf8'))
            try { fs.readFileSync(api.env.USER_DATA_PATH + '/../x') } catch (e) { console.log('refused', e.message) }
          },
          ask() {
            if (!api.authorize) return console.log('no authorize:', typeof api.authorize, typeof api.openSetting)
            api.authorize({ scope: globalThis.__camera, success: r => console.log('authorize ok'), fail: e => console.log('authorize fail', JSON.stringify(e)) })
          },
        })
        """

    @Test(arguments: [
        ("wx", "scope.camera", "wxfile://usr", #"{"errMsg":"authorize:fail auth deny","errno":103}"#),
        ("swan", "scope.camera", "bdfile://usr", #"{"errMsg":"authorize:fail auth deny","errCode":10003}"#),
        ("tt", "scope.camera", "ttfile://user", #"{"errMsg":"authorize:fail auth deny","errNo":107,"errno":107}"#),
        ("qq", "scope.camera", "qqfile://usr", #"{"errMsg":"authorize:fail auth deny","errno":103}"#),
        ("my", "camera", "https://usr", "none"),
    ])
    func filesPermissionsAndTimers(dialect: String, scope: String, userPath: String, denial: String) async throws {
        let dir = TemporaryFolder()
        try dir.write("p.js", "globalThis.__dialect = '\(dialect)'; globalThis.__camera = '\(scope)'\n" + Self.page)
        let r = try await CLI.run(["run", dir.path + "/p.js", "--dialect", dialect, "--consent", "deny", "--call", "ask"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.lines == [
            "read \(userPath)/a.txt abc",
            "refused readFileSync:fail permission denied, open \(userPath)/../x ('..' is not allowed)",
            "microtask", "timer 0", "timer 500",
            denial == "none" ? "no authorize: undefined function" : "authorize fail \(denial)",
        ])
    }
}
