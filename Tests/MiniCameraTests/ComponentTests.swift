import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import Testing

/// A page whose handlers print every camera event.
let eventPage = """
    Page({
      data: { position: 'back', flash: 'auto', frameSize: 'medium' },
      onInitDone(e) {
        console.log('initdone', JSON.stringify(e.detail))
        if (this.flipOnInit && this.data.position === 'back') this.setData({ position: 'front' })
      },
      flipLater() { this.flipOnInit = true },
      onStop(e) { console.log('stop') },
      onError(e) { console.log('error', JSON.stringify(e.detail)) },
      onScan(e) { console.log('scancode', JSON.stringify(e.detail)) },
      front() { this.setData({ position: 'front' }) },
      torch() { this.setData({ flash: 'torch' }) },
      large() { this.setData({ frameSize: 'large' }) },
    })
    """

let eventWXML = """
    <camera device-position="{{position}}" flash="{{flash}}" frame-size="{{frameSize}}"
      bindinitdone="onInitDone" bindstop="onStop" binderror="onError" bindscancode="onScan"></camera>
    """

@Suite struct ComponentTests {
    @Test func initDoneCarriesMaxZoomAndStopFiresOnPageHide() async throws {
        let h = try CameraHarness()
        await h.run(js: eventPage, wxml: eventWXML)
        #expect(h.lines("initdone") == [#"initdone {"maxZoom":10}"#])
        // The run ends with onHide: the camera stops and says so.
        #expect(h.lines("stop") == ["stop"])
        #expect(h.result == .idle)
        try #require(h.log.count == 1)  // a failed count must not crash the suite on the index
        #expect(h.log.all.first?.isOpen == false)
    }

    @Test func feishuInitDoneAddsDevicePositionAndDouyinFlashDefaultsOff() async throws {
        let h = try CameraHarness(dialect: .tt)
        await h.run(js: eventPage.replacingOccurrences(of: "flash: 'auto'", with: "flash: 'on'"), wxml: eventWXML)
        #expect(h.lines("initdone") == [#"initdone {"maxZoom":10,"devicePosition":"back"}"#])
        #expect(h.log.all.first?.controls.flashMode == .off)  // Douyin: only off / torch
    }

    @Test func switchingDevicePositionReopensStopThenInitDone() async throws {
        let h = try CameraHarness(dialect: .tt)
        await h.run(js: eventPage.replacingOccurrences(of: "this.flipOnInit &&", with: "true &&"), wxml: eventWXML)
        let events = h.lines.filter { $0.hasPrefix("initdone") || $0 == "stop" }
        #expect(events == [
            #"initdone {"maxZoom":10,"devicePosition":"back"}"#, "stop",
            #"initdone {"maxZoom":10,"devicePosition":"front"}"#, "stop",
        ])
        #expect(h.log.all.first?.controls.position == .front)
    }

    @Test func flashUpdatesTheDevice() async throws {
        let h = try CameraHarness()
        await h.run(js: eventPage, wxml: eventWXML, calls: ["torch"])
        #expect(h.log.all.first?.controls.flashMode == .torch)
        #expect(h.controller == nil)  // detached at unmount
    }

    @Test func deniedPermissionFiresErrorAndNeverOpensTheDevice() async throws {
        let h = try CameraHarness(user: ScriptedUser(consent: .deny))
        await h.run(js: eventPage, wxml: eventWXML)
        #expect(h.lines("error") == [#"error {"errMsg":"insertCamera:fail auth deny","errno":2003002}"#])
        #expect(h.lines("initdone").isEmpty)
        #expect(h.log.count == 0)  // no device made, so no frame captured
    }

    @Test func deniedPermissionMeansNoFramesAndCallsFail() async throws {
        let h = try CameraHarness(user: ScriptedUser(consent: .deny))
        await h.run(
            js: """
                Page({
                  onError(e) { console.log('error', e.detail.errMsg); this.go() },
                  go() {
                    const ctx = wx.createCameraContext()
                    const l = ctx.onCameraFrame(() => console.log('FRAME'))
                    l.start({ fail: (e) => console.log('start', e.errMsg, e.errno) })
                    ctx.takePhoto({ fail: (e) => console.log('photo', e.errMsg, e.errno) })
                  },
                })
                """, wxml: #"<camera binderror="onError"></camera>"#)
        #expect(h.lines("start") == ["start start:fail auth deny 2003002"])
        #expect(h.lines("photo") == ["photo takePhoto:fail auth deny 2003002"])
        #expect(!h.lines.contains("FRAME"))
        #expect(h.log.count == 0)
    }

    @Test func secondCameraOnAPageFailsClearly() async throws {
        let h = try CameraHarness()
        await h.run(
            js: eventPage,
            wxml: #"<camera bindinitdone="onInitDone"></camera><camera binderror="onError" bindinitdone="onInitDone"></camera>"#)
        #expect(h.lines("error") == [
            #"error {"errMsg":"insertCamera:fail only one camera component is allowed per page","errno":100}"#
        ])
        #expect(h.lines("initdone").count == 1)
        #expect(h.log.count == 1)
    }

    @Test func unknownAttributeValuesFallBackToDefaultsWithWarnings() {
        var warnings: [String] = []
        let s = CameraSettings(
            attributes: ["mode": "scanCode", "resolution": "huge", "device-position": "front", "flash": "on", "frame-size": 3],
            dialect: .wx, warnings: &warnings)
        #expect(s == CameraSettings(mode: .scanCode, resolution: .medium, position: .front, flash: .on, frameSize: .medium))
        #expect(warnings == [
            #"<camera> resolution should be one of "low", "medium", "high" instead of "huge"; using "medium""#,
            #"<camera> frame-size should be one of "small", "medium", "large" instead of Number; using "medium""#,
        ])
        var t = s
        let later = t.apply(["mode": "normal", "resolution": "high", "frame-size": "small", "device-position": "side"], dialect: .wx, initial: false)
        #expect(t.mode == .scanCode && t.resolution == .medium && t.frameSize == .small && t.position == .back)
        #expect(later == [#"<camera> device-position should be one of "front", "back" instead of "side"; using "back""#])
        warnings = []
        #expect(CameraSettings(attributes: ["flash": "torch"], dialect: .tt, warnings: &warnings).flash == .torch)
        #expect(CameraSettings(attributes: [:], dialect: .tt, warnings: &warnings).flash == .off)
        #expect(warnings.isEmpty)
    }

    @Test func deviceThatCannotOpenFiresError() async throws {
        let log = DeviceLog()
        let h = try CameraHarness(environment: testEnvironment(spec: .file(path: "/nonexistent/video.mp4"), log: log), log: log)
        await h.run(js: eventPage, wxml: eventWXML)
        #expect(h.lines("error").count == 1)
        #expect(h.lines("error").first?.contains("insertCamera:fail camera error") == true)
    }
}
