import MiniCore
import MiniHost
import MiniJS
import Testing

@Suite("File and permission APIs from JS in every dialect")
struct DialectTests {
    /// Alipay has no `my.authorize` (its APIs ask themselves): see `noAuthorizeOnAlipay`.
    @Test(arguments: Dialect.allCases.filter { $0 != .my })
    func filesAndPermissions(dialect: Dialect) async throws {
        let h = try JSHarness(dialect: dialect, user: ScriptedUser(consent: .answers([true, false])))
        let ns = dialect.namespace
        let camera = Scope.camera.name(in: dialect)
        let album = Scope.writePhotosAlbum.name(in: dialect)
        await h.run("""
            const api = \(ns)
            const fs = api.getFileSystemManager()
            const p = api.env.USER_DATA_PATH + '/note.txt'
            fs.writeFileSync(p, 'hello', 'utf8')
            console.log(p, fs.readFileSync(p, 'utf8'))
            api.getFileInfo({ filePath: p, success: r => console.log('digest', r.digest) })
            api.authorize({ scope: '\(camera)', success: () => console.log('camera ok'), fail: e => console.log('camera fail', JSON.stringify(e)),
              complete: () => api.authorize({ scope: '\(album)', fail: e => console.log('album fail', JSON.stringify(e)),
                complete: () => api.getSetting({ success: r => console.log('settings', JSON.stringify(r.authSetting)) }) }) })
            """)
        let denial: String
        switch dialect {
        case .wx, .qq: denial = #"{"errMsg":"authorize:fail auth deny","errno":103}"#
        case .swan: denial = #"{"errMsg":"authorize:fail auth deny","errCode":10003}"#
        case .tt: denial = #"{"errMsg":"authorize:fail auth deny","errNo":107,"errno":107}"#
        case .my: return
        }
        #expect(h.lines.first == "\(dialect.userDataPath)/note.txt hello")
        #expect(h.lines.contains("digest 5d41402abc4b2a76b9719d911017c592"))
        #expect(h.lines.contains("camera ok"))
        #expect(h.lines.contains("album fail \(denial)"))
        #expect(h.lines.last == "settings {\"\(camera)\":true,\"\(album)\":false}")
    }

    @Test func allFiveNamespacesExist() async throws {
        let h = try JSHarness(dialect: .swan)
        await h.run("console.log(typeof wx.saveFile, typeof qq.saveFile, typeof swan.saveFile, typeof tt.saveFile, typeof my.saveFile)")
        #expect(h.lines == ["function function function function function"])
    }

    @Test func noAuthorizeOnAlipay() async throws {
        let h = try JSHarness(dialect: .my)
        await h.run("""
            console.log(typeof my.authorize, typeof my.openSetting, typeof my.getSetting, typeof wx.authorize, my.canIUse('authorize'))
            my.getFileInfo({ filePath: my.env.USER_DATA_PATH + '/none', fail: e => console.log(JSON.stringify(e)) })
            """)
        #expect(h.lines == ["undefined function function function false", #"{"error":3,"errorMessage":"file not exist"}"#])
    }

    @Test func qqFollowsWeChat() async throws {
        let h = try JSHarness(dialect: .qq)
        await h.run("""
            const fs = qq.getFileSystemManager()
            console.log(qq.env.USER_DATA_PATH, qq.getSystemInfoSync().host.appId)
            fs.writeFileSync(qq.env.USER_DATA_PATH + '/a.txt', 'qq', 'utf8')
            qq.getFileInfo({ filePath: 'qqfile://tmp_missing.jpg', fail: e => console.log(JSON.stringify(e)) })
            try { fs.readFileSync('wxfile://usr/a.txt') } catch (e) { console.log(e.message, e.errno) }
            qq.saveFile({ tempFilePath: qq.env.USER_DATA_PATH + '/a.txt', fail: e => console.log(JSON.stringify(e)) })
            """)
        #expect(h.lines.first == "qqfile://usr qq")
        #expect(h.lines.contains(#"{"errMsg":"getFileInfo:fail file not exist","errno":1300002}"#), "\(h.lines)")
        #expect(h.lines.contains("readFileSync:fail permission denied, open wxfile://usr/a.txt (not a qq file path) 1300013"), "\(h.lines)")
    }
}
