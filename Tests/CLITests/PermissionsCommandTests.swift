import Foundation
import Testing

@Suite("minimedia permissions")
struct PermissionsCommandTests {
    @Test func grantRevokeResetAndSeeItFromAPage() async throws {
        let dataDir = CLI.newDataDir()
        defer { dataDir.remove() }
        let data = dataDir.path
        var r = try await CLI.run(["permissions", "perm.app", "--grant", "scope.camera", "--revoke", "scope.record"], dataDir: data)
        #expect(r.status == 0)
        #expect(r.lines.count == 3)
        #expect(r.lines[1].hasPrefix("  scope.camera             granted"))
        #expect(r.lines[2].hasPrefix("  scope.record             denied"))
        let page = TemporaryFolder()
        try page.write("p.js", """
            wx.authorize({ scope: 'scope.camera', success: r => console.log(r.errMsg) })
            wx.authorize({ scope: 'scope.record', fail: e => console.log(e.errMsg) })
            Page({})
            """)
        // Decisions made on the command line apply: no prompt (consent prompt would fail without a terminal).
        let run = try await CLI.run(["run", page.path + "/p.js", "--app-id", "perm.app", "--consent", "prompt"], dataDir: data)
        #expect(Set(run.lines) == ["authorize:ok", "authorize:fail auth deny"])
        r = try await CLI.run(["permissions", "perm.app", "--reset", "scope.record"], dataDir: data)
        #expect(r.lines.count == 2)
        r = try await CLI.run(["permissions", "perm.app", "--reset-all"], dataDir: data)
        #expect(r.lines == ["permissions of perm.app:", "  (none asked yet)"])
    }

    @Test func dialectScopeNames() async throws {
        let r = try await CLI.run(["permissions", "x.app", "--dialect", "tt", "--grant", "scope.album"])
        #expect(r.lines[1].hasPrefix("  scope.album"))
        let bad = try await CLI.run(["permissions", "x.app", "--grant", "scope.album"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("unknown scope \"scope.album\" for wx"))
    }
}
