import MiniCore
import MiniHost
import Testing

@Suite("Dialect failure and success shapes")
struct DialectShapeTests {
    let deny = MediaError(.authDeny, "auth deny")

    @Test func wechatHasErrMsgAndErrno() {
        #expect(Dialect.wx.failure(api: "authorize", error: deny) == ["errMsg": "authorize:fail auth deny", "errno": 103])
    }

    @Test func baiduHasErrCode() {
        #expect(Dialect.swan.failure(api: "authorize", error: deny) == ["errMsg": "authorize:fail auth deny", "errCode": 10003])
    }

    @Test func feishuDouyinHaveErrNoAndErrno() {
        #expect(
            Dialect.tt.failure(api: "authorize", error: deny)
                == ["errMsg": "authorize:fail auth deny", "errNo": 107, "errno": 107])
    }

    @Test func alipayHasErrorAndErrorMessage() {
        #expect(Dialect.my.failure(api: "authorize", error: deny) == ["error": 2001, "errorMessage": "auth deny"])
    }

    @Test(arguments: [Dialect.wx, .swan, .tt])
    func successCarriesOkErrMsg(dialect: Dialect) {
        let res = dialect.success(api: "saveFile", result: ["savedFilePath": "x"])
        #expect(res["errMsg"] == "saveFile:ok")
        #expect(res["savedFilePath"] == "x")
    }

    @Test func alipaySuccessHasNoErrMsg() {
        #expect(Dialect.my.success(api: "saveFile", result: ["a": 1]) == ["a": 1])
    }

    @Test(arguments: [
        (MediaError.Code.parameterError, 101), (.cancel, 1), (.fileNotFound, 1_300_002),
        (.storageLimitExceeded, 1_300_202), (.fileExists, 1_301_005), (.notSupported, 100), (.internalError, 4),
    ])
    func wechatErrnoTable(code: MediaError.Code, errno: Int) {
        #expect(Dialect.wx.errorNumber(for: code) == errno)
    }

    @Test func modulesRegisterTheirOwnErrorNumbers() {
        let custom = MediaError.Code(rawValue: "hostOnly")
        var registry = APIRegistry.foundation()
        // Not registered: numbered as an internal error.
        #expect(Dialect.wx.errorNumber(for: custom, table: registry.errors) == 4)
        registry.add(errors: [custom: ErrorNumbers(wx: 9_000_001, swan: 9001, tt: 9002, my: 9003)])
        let e = MediaError(custom, "nope")
        #expect(Dialect.wx.failure(api: "x", error: e, table: registry.errors) == ["errMsg": "x:fail nope", "errno": 9_000_001])
        #expect(Dialect.my.failure(api: "x", error: e, table: registry.errors) == ["error": 9003, "errorMessage": "nope"])
    }

    @Test func pathSchemesPerDialect() {
        #expect(Dialect.wx.tempPath(id: "a", ext: "jpg") == "wxfile://tmp_a.jpg")
        #expect(Dialect.swan.tempPath(id: "a", ext: "jpg") == "bdfile://tmp_a.jpg")
        #expect(Dialect.tt.tempPath(id: "a", ext: "jpg") == "ttfile://temp/a.jpg")
        #expect(Dialect.my.tempPath(id: "a", ext: "jpg") == "https://resource/a.image")
        #expect(Dialect.wx.savedPath(id: "a", ext: "png") == "wxfile://store_a.png")
        #expect(Dialect.tt.userDataPath == "ttfile://user")
    }

    @Test func scopeNamesPerDialect() {
        #expect(Scope.writePhotosAlbum.name(in: .wx) == "scope.writePhotosAlbum")
        #expect(Scope.writePhotosAlbum.name(in: .tt) == "scope.album")
        #expect(Scope.record.name(in: .my) == "audioRecord")
        #expect(Scope.camera.name(in: .my) == "camera")
        #expect(Scope.parse("scope.album", in: .tt) == .writePhotosAlbum)
        #expect(Scope.parse("scope.album", in: .wx) == nil)
    }

    @Test func quotas() {
        #expect(Dialect.wx.defaultStorageQuota == 200 * 1024 * 1024)
        #expect(Dialect.qq.defaultStorageQuota == 200 * 1024 * 1024)
        #expect(Dialect.swan.defaultStorageQuota == 10 * 1024 * 1024)
    }

    /// QQ: WeChat's shapes, numbers and scope names, its own `qqfile://` paths.
    @Test func qqFollowsWeChat() {
        let deny = MediaError(.authDeny, "auth deny")
        #expect(Dialect.qq.failure(api: "authorize", error: deny) == ["errMsg": "authorize:fail auth deny", "errno": 103])
        #expect(Dialect.qq.success(api: "saveFile", result: ["a": 1]) == ["a": 1, "errMsg": "saveFile:ok"])
        for code in ErrorTable.foundation.rows.keys { #expect(Dialect.qq.errorNumber(for: code) == Dialect.wx.errorNumber(for: code)) }
        #expect(Dialect.qq.tempPath(id: "a", ext: "jpg") == "qqfile://tmp_a.jpg")
        #expect(Dialect.qq.savedPath(id: "a", ext: "png") == "qqfile://store_a.png")
        #expect(Dialect.qq.userDataPath == "qqfile://usr" && Dialect.qq.namespace == "qq")
        for scope in Scope.allCases { #expect(scope.name(in: .qq) == scope.name(in: .wx)) }
    }

    @Test func templatesAndDirectivesPerDialect() {
        #expect(Dialect.allCases.map(\.templateExtension) == ["wxml", "qml", "swan", "ttml", "axml"])
        #expect(Dialect.allCases.map(\.directivePrefix) == ["wx:", "qq:", "s-", "tt:", "a:"])
    }
}
