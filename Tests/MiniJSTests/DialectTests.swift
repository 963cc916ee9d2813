import MiniCore
import MiniHost
import MiniJS
import Testing

@Suite("File and permission APIs from JS in every dialect")
struct DialectTests {
    @Test(arguments: Dialect.allCases)
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
        case .wx: denial = #"{"errMsg":"authorize:fail auth deny","errno":103}"#
        case .swan: denial = #"{"errMsg":"authorize:fail auth deny","errCode":10003}"#
        case .tt: denial = #"{"errMsg":"authorize:fail auth deny","errNo":107,"errno":107}"#
        case .my: denial = #"{"error":2001,"errorMessage":"auth deny"}"#
        }
        #expect(h.lines.first == "\(dialect.userDataPath)/note.txt hello")
        #expect(h.lines.contains("digest 5d41402abc4b2a76b9719d911017c592"))
        #expect(h.lines.contains("camera ok"))
        #expect(h.lines.contains("album fail \(denial)"))
        #expect(h.lines.last == "settings {\"\(camera)\":true,\"\(album)\":false}")
    }

    @Test func allFourNamespacesExist() async throws {
        let h = try JSHarness(dialect: .swan)
        await h.run("console.log(typeof wx.saveFile, typeof swan.saveFile, typeof tt.saveFile, typeof my.saveFile)")
        #expect(h.lines == ["function function function function"])
    }
}
