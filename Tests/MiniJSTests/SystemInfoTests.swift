import Foundation
import MiniCore
import MiniHost
import MiniMediaTesting
import MiniStandard
import Testing

/// System information: every field of the WeChat typings, values true to the simulated device,
/// authorization fields from the permission decisions; `nextTick`.
@Suite("System info APIs and nextTick")
struct SystemInfoTests {
    // Field lists copied by hand from wechat-miniprogram/api-typings types/wx/lib.wx.api.d.ts
    // (interfaces SystemInfo, WindowInfo, DeviceInfo, AppBaseInfo, SystemSetting, AppAuthorizeSetting).
    static let systemInfo = [
        "SDKVersion", "albumAuthorized", "benchmarkLevel", "bluetoothEnabled", "brand", "cameraAuthorized", "deviceOrientation",
        "enableDebug", "fontSizeSetting", "host", "language", "locationAuthorized", "locationEnabled", "locationReducedAccuracy",
        "microphoneAuthorized", "model", "notificationAlertAuthorized", "notificationAuthorized", "notificationBadgeAuthorized",
        "notificationSoundAuthorized", "phoneCalendarAuthorized", "pixelRatio", "platform", "safeArea", "screenHeight",
        "screenWidth", "statusBarHeight", "system", "version", "wifiEnabled", "windowHeight", "windowWidth", "theme",
    ]
    static let windowInfo = [
        "pixelRatio", "safeArea", "screenHeight", "screenTop", "screenWidth", "statusBarHeight", "windowHeight", "windowWidth",
    ]
    static let deviceInfo = ["abi", "benchmarkLevel", "brand", "cpuType", "deviceAbi", "memorySize", "model", "platform", "system"]
    static let appBaseInfo = [
        "PCKernelVersion", "SDKVersion", "enableDebug", "fontSizeScaleFactor", "fontSizeSetting", "host", "language", "version", "theme",
    ]
    static let systemSetting = ["bluetoothEnabled", "deviceOrientation", "locationEnabled", "wifiEnabled"]
    static let appAuthorizeSetting = [
        "albumAuthorized", "bluetoothAuthorized", "cameraAuthorized", "locationAuthorized", "locationReducedAccuracy",
        "microphoneAuthorized", "notificationAlertAuthorized", "notificationAuthorized", "notificationBadgeAuthorized",
        "notificationSoundAuthorized", "phoneCalendarAuthorized",
    ]
    static let safeArea = ["bottom", "height", "left", "right", "top", "width"]

    static func keys(_ line: String) -> Set<String> { Set(line.split(separator: ",").map(String.init)) }

    @Test func everyTypingsFieldAndNoOther() async throws {
        let h = try JSHarness()
        await h.run("""
            const keys = (o) => console.log(Object.keys(o).sort().join(','))
            keys(wx.getSystemInfoSync())
            keys(wx.getWindowInfo())
            keys(wx.getDeviceInfo())
            keys(wx.getAppBaseInfo())
            keys(wx.getSystemSetting())
            keys(wx.getAppAuthorizeSetting())
            keys(wx.getSystemInfoSync().safeArea)
            wx.getSystemInfo({ success: (r) => { delete r.errMsg; keys(r) } })
            wx.getSystemInfoAsync({ success: (r) => console.log('async', r.errMsg, Object.keys(r).length) })
            """)
        #expect(h.uncaughtError == nil)
        let lines = h.lines
        try #require(lines.count == 9, "\(lines)")
        #expect(Self.keys(lines[0]) == Set(Self.systemInfo))
        #expect(Self.keys(lines[1]) == Set(Self.windowInfo))
        #expect(Self.keys(lines[2]) == Set(Self.deviceInfo))
        #expect(Self.keys(lines[3]) == Set(Self.appBaseInfo))
        #expect(Self.keys(lines[4]) == Set(Self.systemSetting))
        #expect(Self.keys(lines[5]) == Set(Self.appAuthorizeSetting))
        #expect(Self.keys(lines[6]) == Set(Self.safeArea))
        #expect(Self.keys(lines[7]) == Set(Self.systemInfo))
        #expect(lines[8] == "async getSystemInfoAsync:ok \(Self.systemInfo.count + 1)")
    }

    @Test func valuesAreTheSimulatedDevice() async throws {
        let h = try JSHarness()
        await h.run("""
            const s = wx.getSystemInfoSync()
            console.log(s.screenWidth, s.screenHeight, s.windowWidth, s.windowHeight, s.statusBarHeight, s.pixelRatio)
            console.log(JSON.stringify(s.safeArea))
            console.log(s.platform, s.brand, s.model, s.system.startsWith('Linux'), s.theme, s.deviceOrientation, s.benchmarkLevel)
            console.log(s.bluetoothEnabled, s.wifiEnabled, s.locationEnabled, s.host.appId)
            const w = wx.getWindowInfo()
            console.log(w.screenTop, w.windowHeight)
            const d = wx.getDeviceInfo()
            console.log(d.abi === d.deviceAbi, Number(d.memorySize) > 0, d.cpuType.length > 0)
            """)
        #expect(h.lines == [
            "375 667 375 603 20 2", #"{"left":0,"right":375,"top":20,"bottom":667,"width":375,"height":647}"#,
            "linux MiniMedia Linux host true light portrait -1", "false false false wx", "64 603", "true true true",
        ])
    }

    @Test func authorizationFieldsFollowThePermissionDecisions() async throws {
        let h = try JSHarness(user: ScriptedUser(consent: .answers([true, false])))
        let database = h.test.session.sandbox.root.appendingPathComponent("settings.sqlite").path
        await h.run("""
            const show = (tag) => {
              const s = wx.getSystemInfoSync(), a = wx.getAppAuthorizeSetting()
              console.log(tag, s.cameraAuthorized, s.microphoneAuthorized, a.cameraAuthorized, a.microphoneAuthorized, a.albumAuthorized)
            }
            show('before')
            wx.authorize({ scope: 'scope.camera', complete() {
              wx.authorize({ scope: 'scope.record', complete() { show('after') } })
            } })
            """)
        #expect(h.lines == [
            "before false false not determined not determined not determined",
            "after true false authorized denied not determined",
        ])
        #expect(FileManager.default.fileExists(atPath: database))
    }

    @Test func readingSystemInfoCreatesNoPermissionDatabase() async throws {
        let h = try JSHarness()
        let database = h.test.session.sandbox.root.appendingPathComponent("settings.sqlite").path
        await h.run("console.log(wx.getSystemInfoSync().cameraAuthorized)")
        #expect(h.lines == ["false"])
        #expect(!FileManager.default.fileExists(atPath: database))
        #expect(await h.test.session.permissions.isStoreOpen == false)
    }

    @Test func eachPlatformAddsItsOwnFields() async throws {
        for (dialect, extra) in [
            (Dialect.swan, ["navigationBarHeight", "devicePixelRatio", "swanNativeVersion"]),
            (.tt, ["appName", "nativeSDKVersion"]), (.my, ["app", "titleBarHeight", "storage"]),
        ] {
            let h = try JSHarness(dialect: dialect)
            await h.run("console.log(Object.keys(\(dialect.namespace).getSystemInfoSync()).sort().join(','))")
            #expect(Self.keys(h.lines.first ?? "") == Set(Self.systemInfo + extra), "\(dialect)")
        }
        let my = try JSHarness(dialect: .my)
        await my.run("const s = my.getSystemInfoSync(); console.log(s.app, s.titleBarHeight, s.storage, typeof my.getWindowInfo)")
        #expect(my.lines == ["minimedia 44 10 MB undefined"])
        let swan = try JSHarness(dialect: .swan)
        await swan.run("console.log(swan.getSystemInfoSync().host)")
        #expect(swan.lines == ["minimedia"])
    }

    @Test func nextTickRunsAfterTheCurrentJob() async throws {
        let h = try JSHarness()
        await h.run("""
            const order = []
            wx.nextTick(() => { order.push('tick'); console.log(order.join(' ')) })
            order.push('sync')
            try { wx.nextTick(42) } catch (e) { console.log(e.message) }
            """)
        #expect(h.lines == ["nextTick:fail parameter error: parameter.fn should be Function instead of Number;", "sync tick"])
    }
}
