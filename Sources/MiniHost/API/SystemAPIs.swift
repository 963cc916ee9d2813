import Foundation
import MiniCore
import Synchronization

/// `nextTick`, `getSystemInfo` (+ `Sync`, `Async`), `getWindowInfo`, `getDeviceInfo`,
/// `getAppBaseInfo`, `getSystemSetting`, `getAppAuthorizeSetting`: the simulated device — a
/// headless Linux host with a 375×667 pt phone screen at pixel ratio 2, a 20 pt status bar and
/// a 44 pt navigation bar. Authorization fields come from the app's permission decisions.
enum SystemAPIs {
    static let declarations: [APIDeclaration] = [
        .direct("nextTick", parameters: ["fn"]) { req in
            guard case .function(let fn)? = try req.options()["fn"] else {
                throw Options.typeError("fn", "Function", try req.options()["fn"])
            }
            // Runs after the current job, in order with other posted work; held until it ran.
            let events = req.session.events
            let hold = events.retain(fn)
            events.invoke(fn, [])
            hold.end()
            return .undefined
        },
        .async("getSystemInfo", sync: SyncForm("getSystemInfoSync", parameters: []), .immediate { req in
            try systemInfo(req)
        }).returning(SimulatedDevice.systemInfoFields),
        .async("getSystemInfoAsync", .immediate { req in try systemInfo(req) }).returning(SimulatedDevice.systemInfoFields),
        .direct("getWindowInfo", parameters: [], dialects: UIAPIs.wechatFamily) { _ in SimulatedDevice.windowInfo }
            .returning(SimulatedDevice.windowInfoFields),
        // The capsule (menu button) of the simulated navigation bar, in px from the screen's
        // top left: 87 × 32, 7 px from the right edge, centred in the 44 px bar below the status bar.
        .direct("getMenuButtonBoundingClientRect", parameters: [], dialects: UIAPIs.wechatFamily) { _ in SimulatedDevice.menuButton }
            .returning(["bottom", "height", "left", "right", "top", "width"]),
        .direct("getDeviceInfo", parameters: [], dialects: UIAPIs.wechatFamily) { _ in SimulatedDevice.deviceInfo }
            .returning(SimulatedDevice.deviceInfoFields),
        .direct("getAppBaseInfo", parameters: [], dialects: UIAPIs.wechatFamily) { req in
            SimulatedDevice.appBaseInfo(req.session)
        }.returning(SimulatedDevice.appBaseInfoFields),
        .direct("getSystemSetting", parameters: [], dialects: UIAPIs.wechatFamily) { _ in SimulatedDevice.systemSetting }
            .returning(SimulatedDevice.systemSettingFields),
        .direct("getAppAuthorizeSetting", parameters: [], dialects: UIAPIs.wechatFamily) { req in
            let decisions = try req.session.permissions.currentDecisions()
            return .object(HostObjectValue(pairs: SimulatedDevice.authorizations.map { field, scope in
                (field, .string(scope.map { decisions[$0].map { $0 ? "authorized" : "denied" } ?? "not determined" } ?? "not determined"))
            } + [("locationReducedAccuracy", .bool(SimulatedDevice.reducedAccuracy(decisions)))]))
        }.returning(SimulatedDevice.authorizations.map(\.0) + ["locationReducedAccuracy"]),
    ]

    /// A session's last `getSystemInfo` result, rebuilt only when the decisions change (pages
    /// call it in loops and render paths).
    final class Cache: Sendable {
        let last = Mutex<(decisions: [Scope: Bool], value: HostValue)?>(nil)
    }

    static func systemInfo(_ req: APIRequest) throws -> HostValue {
        let decisions = try req.session.permissions.currentDecisions()
        let cache = req.session.service(Cache.self) { Cache() }
        if let hit = cache.last.withLock({ $0 }), hit.decisions == decisions { return hit.value }
        let value = buildSystemInfo(req, decisions)
        cache.last.withLock { $0 = (decisions, value) }
        return value
    }

    static func buildSystemInfo(_ req: APIRequest, _ decisions: [Scope: Bool]) -> HostValue {
        var info = SimulatedDevice.systemInfoBase(req.session)
        // SystemInfo has every authorization of getAppAuthorizeSetting but Bluetooth's.
        for (field, scope) in SimulatedDevice.authorizations where field != "bluetoothAuthorized" {
            info[field] = .bool(scope.flatMap { decisions[$0] } ?? false)
        }
        info["locationReducedAccuracy"] = .bool(SimulatedDevice.reducedAccuracy(decisions))
        for (key, value) in SimulatedDevice.dialectFields(req.dialect, req.session) { info[key] = value }
        return .object(info)
    }
}

/// The device MiniMedia simulates, as every system API reports it.
enum SimulatedDevice {
    static let screenWidth = 375.0, screenHeight = 667.0, statusBarHeight = 20.0, navigationBarHeight = 44.0
    static let pixelRatio = 2.0
    /// `getMenuButtonBoundingClientRect`: the capsule in the navigation bar.
    static var menuButton: HostValue {
        let width = 87.0, height = 32.0, right = screenWidth - 7
        let top = statusBarHeight + (navigationBarHeight - height) / 2
        return .object([
            "bottom": .number(top + height), "height": .number(height), "left": .number(right - width), "right": .number(right),
            "top": .number(top), "width": .number(width),
        ])
    }
    /// The page's window: the screen below the status and navigation bars.
    static var windowHeight: Double { screenHeight - statusBarHeight - navigationBarHeight }
    static let sdkVersion = "3.0.0", version = "8.0.0", language = "en"

    /// `getSystemInfo`'s fields, as `SystemInfo` in the WeChat typings lists them.
    static let systemInfoFields = [
        "SDKVersion", "albumAuthorized", "benchmarkLevel", "bluetoothEnabled", "brand", "cameraAuthorized",
        "deviceOrientation", "enableDebug", "fontSizeSetting", "host", "language", "locationAuthorized", "locationEnabled",
        "locationReducedAccuracy", "microphoneAuthorized", "model", "notificationAlertAuthorized", "notificationAuthorized",
        "notificationBadgeAuthorized", "notificationSoundAuthorized", "phoneCalendarAuthorized", "pixelRatio", "platform",
        "safeArea", "screenHeight", "screenWidth", "statusBarHeight", "system", "version", "wifiEnabled", "windowHeight",
        "windowWidth", "theme",
    ]
    static let windowInfoFields = [
        "pixelRatio", "safeArea", "screenHeight", "screenTop", "screenWidth", "statusBarHeight", "windowHeight", "windowWidth",
    ]
    static let deviceInfoFields = ["abi", "benchmarkLevel", "brand", "cpuType", "deviceAbi", "memorySize", "model", "platform", "system"]
    static let appBaseInfoFields = [
        "PCKernelVersion", "SDKVersion", "enableDebug", "fontSizeScaleFactor", "fontSizeSetting", "host", "language", "version", "theme",
    ]
    static let systemSettingFields = ["bluetoothEnabled", "deviceOrientation", "locationEnabled", "wifiEnabled"]

    /// `getAppAuthorizeSetting` fields and the scope each one reports (nil: nothing MiniMedia
    /// asks for, always "not determined").
    static let authorizations: [(String, Scope?)] = [
        ("albumAuthorized", .writePhotosAlbum), ("bluetoothAuthorized", .bluetooth), ("cameraAuthorized", .camera),
        ("locationAuthorized", .userLocation), ("microphoneAuthorized", .record),
        ("notificationAlertAuthorized", nil), ("notificationAuthorized", nil), ("notificationBadgeAuthorized", nil),
        ("notificationSoundAuthorized", nil), ("phoneCalendarAuthorized", .addPhoneCalendar),
    ]

    /// Only the fuzzy location was granted.
    static func reducedAccuracy(_ decisions: [Scope: Bool]) -> Bool {
        decisions[.userFuzzyLocation] == true && decisions[.userLocation] != true
    }

    static var safeArea: HostValue {
        .object([
            "left": 0, "right": .number(screenWidth), "top": .number(statusBarHeight), "bottom": .number(screenHeight),
            "width": .number(screenWidth), "height": .number(screenHeight - statusBarHeight),
        ])
    }

    /// The host's processor architecture (`x86_64`, `arm64`).
    static let abi: String = {
        #if arch(x86_64)
        "x86_64"
        #elseif arch(arm64)
        "arm64"
        #else
        "unknown"
        #endif
    }()

    /// The CPU model from /proc/cpuinfo (read once).
    static let cpuType: String = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
            let line = text.split(separator: "\n").first(where: { $0.hasPrefix("model name") }),
            let colon = line.firstIndex(of: ":")
        else { return "unknown" }
        return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
    }()

    static let system: String = {
        var u = utsname()
        guard uname(&u) == 0 else { return "Linux" }
        let release = withUnsafeBytes(of: &u.release) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        return "Linux \(release)"
    }()

    static let windowInfo: HostValue = .object([
        "pixelRatio": .number(pixelRatio), "safeArea": safeArea, "screenHeight": .number(screenHeight),
        "screenTop": .number(statusBarHeight + navigationBarHeight), "screenWidth": .number(screenWidth),
        "statusBarHeight": .number(statusBarHeight), "windowHeight": .number(windowHeight), "windowWidth": .number(screenWidth),
    ])

    /// `benchmarkLevel`: -1, "unknown" (a desktop host has no phone benchmark).
    static let deviceInfo: HostValue = .object([
        "abi": .string(abi), "benchmarkLevel": -1, "brand": "MiniMedia", "cpuType": .string(cpuType),
        "deviceAbi": .string(abi), "memorySize": .string(String(ProcessInfo.processInfo.physicalMemory / (1024 * 1024))),
        "model": "Linux host", "platform": "linux", "system": .string(system),
    ])

    /// No Bluetooth, location or Wi-Fi switch on a headless host.
    static let systemSetting: HostValue = .object([
        "bluetoothEnabled": false, "deviceOrientation": "portrait", "locationEnabled": false, "wifiEnabled": false,
    ])

    static func host(_ session: AppSession) -> HostValue { .object(["appId": .string(session.dialect.namespace)]) }

    static func appBaseInfo(_ session: AppSession) -> HostValue {
        .object([
            // Only the PC clients have a kernel version.
            "PCKernelVersion": "", "SDKVersion": .string(sdkVersion), "enableDebug": false, "fontSizeScaleFactor": 1,
            "fontSizeSetting": 16, "host": host(session), "language": .string(language), "version": .string(version),
            "theme": "light",
        ])
    }

    /// Everything but the authorization fields, which come from the permission decisions.
    static func systemInfoBase(_ session: AppSession) -> HostObjectValue {
        HostObjectValue([
            "SDKVersion": .string(sdkVersion), "benchmarkLevel": -1, "bluetoothEnabled": false, "brand": "MiniMedia",
            "deviceOrientation": "portrait", "enableDebug": false, "fontSizeSetting": 16, "host": host(session),
            "language": .string(language), "locationEnabled": false, "model": "Linux host", "pixelRatio": .number(pixelRatio),
            "platform": "linux", "safeArea": safeArea, "screenHeight": .number(screenHeight), "screenWidth": .number(screenWidth),
            "statusBarHeight": .number(statusBarHeight), "system": .string(system), "version": .string(version),
            "wifiEnabled": false, "windowHeight": .number(windowHeight), "windowWidth": .number(screenWidth), "theme": "light",
        ])
    }

    /// Fields a platform adds to `getSystemInfo`: Baidu's `navigationBarHeight`, `devicePixelRatio`
    /// and `swanNativeVersion`; Douyin's `appName`, `nativeSDKVersion`; Alipay's `app`,
    /// `titleBarHeight`, `storage`.
    static func dialectFields(_ dialect: Dialect, _ session: AppSession) -> [(String, HostValue)] {
        switch dialect {
        case .swan:
            [("navigationBarHeight", .number(navigationBarHeight)), ("devicePixelRatio", .number(pixelRatio)),
             ("swanNativeVersion", .string(sdkVersion)), ("host", "minimedia")]
        case .tt:
            [("appName", "MiniMedia"), ("nativeSDKVersion", .string(sdkVersion))]
        case .my:
            [("app", "minimedia"), ("titleBarHeight", .number(navigationBarHeight)),
             ("storage", .string("\(session.files.quota / (1024 * 1024)) MB"))]
        default: []
        }
    }
}
