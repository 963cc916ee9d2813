import MiniCore
import MiniHost
import MiniStandard
import Testing

/// `canIUse` answers from the registry's metadata: what is declared and implemented.
@Suite("canIUse from declarations and components")
struct CanIUseTests {
    static let registry: APIRegistry = {
        var r = try! APIRegistry.with(StandardModules.make())
        r.describe(component: "button", ComponentMetadata(attributes: ["type=primary|default|warn"], events: ["tap"]))
        return r
    }()

    @Test(arguments: [
        ("showModal", true), ("showModal.object", true), ("showModal.object.editable", true),
        ("showModal.object.placeholderText", true), ("showModal.object.bogus", false), ("showModal.success.confirm", true),
        ("showModal.success.content", true), ("showModal.success.tapIndex", false),
        ("showToast.object.icon.error", true), ("showToast.object.icon.bogus", false), ("showToast.object.title", true),
        ("showToast.object.title.anything", true), ("showToast.object.success", true),
        ("showActionSheet.success.tapIndex", true), ("showActionSheet.object.alertText", true),
        ("getSystemInfoSync", true), ("getSystemInfoSync.return.safeArea", true), ("getSystemInfoSync.return.theme", true),
        ("getSystemInfoSync.return.nonsense", false), ("getSystemInfo.success.screenWidth", true),
        ("getWindowInfo.return.screenTop", true), ("getAppAuthorizeSetting.return.cameraAuthorized", true),
        ("vibrateShort.object.type.heavy", true), ("vibrateShort.object.type.strong", false),
        ("setNavigationBarColor.object.frontColor.#ffffff", true), ("setNavigationBarColor.object.frontColor.#ff0000", false),
        ("getSavedFileList.success", true), ("getFileSystemManager", true), ("nope", false), ("", false), (".", false),
        ("CameraContext.onCameraFrame", true), ("CameraContext.takePhoto", true), ("CameraContext.fly", false),
        ("camera", true), ("camera.mode", true), ("camera.mode.scanCode", true), ("camera.mode.video", false),
        ("camera.frame-size.large", true), ("camera.bindscancode", true), ("camera.bindinitdone", true),
        ("camera.bindfly", false), ("camera.zoom", false),
        ("navigateTo.object.url", true), ("navigateTo.object.events", true), ("navigateTo.object.delta", false),
        ("navigateBack.object.delta", true), ("navigateTo.success.eventChannel", true),
        ("video", true), ("video.danmu-list", true), ("video.object-fit.cover", true), ("video.object-fit.stretch", false),
        ("button", true), ("button.type.primary", true),
        ("button.open-type.contact", false), ("button.bindtap", true),
    ])
    func schema(_ schema: String, _ expected: Bool) {
        #expect(Self.registry.canIUse(schema, in: .wx) == expected, "\(schema)")
    }

    @Test func dialectsHaveTheirOwnAPIs() {
        let r = Self.registry
        #expect(r.canIUse("showModal", in: .wx) && !r.canIUse("showModal", in: .my))
        #expect(r.canIUse("confirm", in: .my) && !r.canIUse("confirm", in: .wx))
        #expect(r.canIUse("showActionSheet.success.index", in: .my))
        #expect(!r.canIUse("getWindowInfo", in: .my))
        #expect(r.canIUse("camera.mode.scanCode", in: .tt))
    }

    @Test func fromJS() async throws {
        let h = try JSHarness(registry: Self.registry)
        await h.run("""
            console.log(wx.canIUse('showModal'), wx.canIUse('showModal.object.editable'), wx.canIUse('getSystemInfoSync.return.safeArea'),
              wx.canIUse('camera.mode.scanCode'), wx.canIUse('button.open-type.contact'))
            """)
        #expect(h.lines == ["true true true true false"])
    }
}
