import Foundation
import MiniApp
import MiniCamera
import MiniCore
import MiniHost
import MiniJS
import MiniMediaTesting
import MiniStandard
import Testing

/// A package folder holding one page (`index.js` + `index.wxml`).
func writePage(_ dir: TemporaryDirectory, js: String, wxml: String? = nil) throws -> String {
    let pkg = dir.file("package")
    try FileManager.default.createDirectory(at: pkg, withIntermediateDirectories: true)
    try js.write(to: pkg.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
    if let wxml { try wxml.write(to: pkg.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8) }
    return pkg.appendingPathComponent("index.js").path
}

@Suite("MiniApp: driving a page from Swift")
struct MiniAppTests {
    static let page = """
        Page({
          data: { on: false, label: 'off' },
          onLoad(query) {
            console.log('load', query.from)
            setTimeout(() => console.log('half a minute later'), 30000)
          },
          onInit(e) { console.log('camera ready', e.detail.maxZoom) },
          onSwitch(e) {
            this.setData({ on: e.detail.value, label: e.detail.value ? 'on' : 'off' })
            wx.getSetting({ success: (res) => console.log('settings', JSON.stringify(res.authSetting)) })
          },
        })
        """
    static let wxml = #"<camera id="cam" flash="{{label}}" bindinitdone="onInit"></camera>"#

    @Test func openTapWithDetailObserveAndAdvanceAManualClock() async throws {
        let dir = TemporaryDirectory("miniapp")
        let clock = ManualClock(autoAdvance: false)
        var config = MiniAppConfiguration(
            path: try writePage(dir, js: Self.page, wxml: Self.wxml), modules: try StandardModules.make(),
            user: ScriptedUser(consent: .allow), dataDirectory: dir.file("data"), clock: clock)
        config.query = ["from": "swift"]
        // The run's deadline is wall time: generous, so a loaded machine does not end it.
        config.timeout = 300
        let app = try MiniApp(config)
        let seen = Seen()
        app.observe { seen.add($0) }

        #expect(await app.open())
        #expect(app.logLines.prefix(2) == ["load swift", "camera ready 10"])
        #expect(app.events.contains(.componentMounted(tag: "camera", id: "cam", attributes: ["flash": "off"])))
        #expect(app.events.contains { if case .componentEvent("camera", "cam", "initdone", _) = $0 { true } else { false } })
        #expect(app.session.components.find(tag: "camera", id: "cam") != nil)

        // A switch's change event: the handler reads e.detail.value.
        #expect(await app.tap("onSwitch", detail: ["value": true]))
        #expect(app.events.contains(.setData(route: "index", changes: ["on": true, "label": "on"])))
        #expect(app.events.contains(.componentChanged(tag: "camera", id: "cam", changes: ["flash": "on"])))
        #expect(app.events.contains(.apiCall(name: "getSetting", ok: true, result: [
            "authSetting": ["scope.camera": true], "errMsg": "getSetting:ok",
        ])))
        #expect(app.logLines.last == #"settings {"scope.camera":true}"#)

        // Time stands still until the test moves it: the 30 s timer fires at once when it does.
        #expect(!app.logLines.contains("half a minute later"))
        await app.advance(by: .seconds(29))
        #expect(!app.logLines.contains("half a minute later"))
        await app.advance(by: .seconds(1))
        #expect(app.logLines.last == "half a minute later")

        #expect(await app.stop() == .idle)
        #expect(app.session.components.find(tag: "camera") == nil)
        #expect(seen.events == app.events)
        #expect(app.uncaughtError == nil)
    }

    @Test func anAutoAdvancingClockRunsLongTimersInstantly() async throws {
        let dir = TemporaryDirectory("miniapp")
        let config = MiniAppConfiguration(
            path: try writePage(dir, js: """
                Page({ onLoad() {
                  const t0 = Date.now()
                  setTimeout(() => console.log('an hour'), 3600 * 1000)
                  setTimeout(() => console.log('a minute'), 60 * 1000)
                } })
                """), dataDirectory: dir.file("data"), clock: ManualClock())
        let app = try MiniApp(config)
        let started = ContinuousClock.now
        #expect(await app.open())
        #expect(await app.stop() == .idle)
        #expect(app.logLines == ["a minute", "an hour"])
        // Real time would take an hour; a loaded 2-core machine may still take seconds to start.
        #expect(ContinuousClock.now - started < .seconds(60))
    }

    @Test func uncaughtErrorsAreEventsAndStopTheApp() async throws {
        let dir = TemporaryDirectory("miniapp")
        let config = MiniAppConfiguration(
            path: try writePage(dir, js: "Page({ boom() { null.x } })"), dataDirectory: dir.file("data"))
        let app = try MiniApp(config)
        #expect(await app.open())
        #expect(await app.tap("boom") == false)
        #expect(app.uncaughtError?.hasPrefix("TypeError: null is not an object") == true)
        #expect(await app.stop() == .uncaughtError)
    }

    @Test func badPathsAreUsageErrors() throws {
        #expect(throws: MiniAppError("no such file or folder: /nonexistent/x.js")) {
            try MiniApp(MiniAppConfiguration(path: "/nonexistent/x.js"))
        }
    }

    @Test func stoppingReleasesTheSessionAndRuntime() async throws {
        let dir = TemporaryDirectory("miniapp")
        weak var session: AppSession?
        do {
            let config = MiniAppConfiguration(
                path: try writePage(dir, js: "Page({ onLoad() { wx.getSetting({}) } })"), modules: try StandardModules.make(),
                dataDirectory: dir.file("data"))
            let app = try MiniApp(config)
            session = app.session
            #expect(await app.open())
            _ = await app.stop()
        }
        // Nothing keeps the session alive once the app is gone: no session ↔ runtime cycle.
        for _ in 0..<50 where session != nil { try await Task.sleep(for: .milliseconds(20)) }
        #expect(session == nil)
    }
}

final class Seen: @unchecked Sendable {
    private let lock = NSLock()
    private var _events: [AppEvent] = []
    func add(_ e: AppEvent) { lock.withLock { _events.append(e) } }
    var events: [AppEvent] { lock.withLock { _events } }
}
