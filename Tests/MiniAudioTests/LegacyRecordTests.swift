import Foundation
import MiniAudio
import MiniCore
import MiniHost
import MiniMediaTesting
import Testing

@Suite(.enabled(if: MediaTools.hasFFmpeg, "needs ffprobe"))
struct LegacyRecordTests {
    /// The permission seed's example, as written, plus a stop.
    static let seedPage = """
        Page({
          askAndRecord() {
            // 可以通过 wx.getSetting 先查询一下用户是否授权了 "scope.record" 这个 scope
            wx.getSetting({
                success(res) {
                    if (!res.authSetting['scope.record']) {
                        wx.authorize({
                            scope: 'scope.record',
                            success() {
                                // 用户已经同意小程序使用录音功能，后续调用 wx.startRecord 接口不会弹窗询问
                                wx.startRecord()
                            }
                        })
                    }
                }
            })
          },
          stop() { wx.stopRecord({ success: (r) => console.log('stopped', r.errMsg), fail: (e) => console.log('stopfail', e.errMsg) }) },
        })
        """

    @Test func thePermissionSeedsExampleRecordsUntilStopRecord() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(js: Self.seedPage, steps: [.tap("askAndRecord"), .record(.milliseconds(600)), .tap("stop")])
        #expect(lines == ["stopped stopRecord:ok"], "\(lines)")
        #expect(try h.session.permissions.currentDecisions()[.record] == true)
        let temp = h.session.sandbox.temp.path
        let files = try FileManager.default.contentsOfDirectory(atPath: temp).filter { $0.hasSuffix(".m4a") }
        #expect(files.count == 1, "\(files)")
        let f = try ffprobe(temp + "/" + (files.first ?? "none"))
        #expect(f["streams_stream_0_codec_name"] == "aac" && f["streams_stream_0_sample_rate"] == "16000" && f["streams_stream_0_channels"] == "1")
        #expect(abs((Double(f["format_duration"] ?? "") ?? 0) - 0.6) <= 0.05, "\(f["format_duration"] ?? "?")")
    }

    static let page = """
        const rm = wx.getRecorderManager()
        rm.onError((e) => console.log('rmerror', e.errMsg))
        Page({
          start() {
            wx.startRecord({
              success: (r) => console.log('recorded', r.errMsg, r.tempFilePath),
              fail: (e) => console.log('startfail', e.errMsg, e.errno),
              complete: () => console.log('complete'),
            })
          },
          manager() { rm.start({}) },
          stop() { wx.stopRecord({ success: (r) => console.log('stopped', r.errMsg), fail: (e) => console.log('stopfail', e.errMsg) }) },
          startAndStop() { this.start(); this.stop() },
        })
        """

    @Test func startRecordSucceedsAtStopWithItsFileAndRefusesASecondRecorder() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(js: Self.page, steps: [
            .tap("stop"), .tap("start"), .record(.milliseconds(300)), .tap("start"), .tap("manager"), .record(.milliseconds(200)), .tap("stop"),
        ])
        #expect(lines.count == 7, "\(lines)")
        #expect(Array(lines.prefix(4)) == [
            "stopfail stopRecord:fail recorder not start",
            "startfail startRecord:fail recorder is recording 4", "complete",
            "rmerror operateRecorder:fail the microphone is used by startRecord",
        ], "\(lines)")
        // The stop and the start's success end together, in either order.
        #expect(lines.contains("stopped stopRecord:ok") && lines.filter { $0 == "complete" }.count == 2, "\(lines)")
        let recorded = try #require(lines.first { $0.hasPrefix("recorded ") })
        let parts = recorded.split(separator: " ")
        #expect(parts[1] == "startRecord:ok" && parts[2].hasPrefix("wxfile://tmp_") && parts[2].hasSuffix(".m4a"))
        let f = try ffprobe(try h.hostPath(String(parts[2])))
        #expect(abs((Double(f["format_duration"] ?? "") ?? 0) - 0.5) <= 0.05, "\(f["format_duration"] ?? "?")")
    }

    @Test func aStopInTheSameTickEndsTheRecordingAndADenialFails() async throws {
        let h = try RecorderHarness()
        let lines = await h.run(js: Self.page, steps: [.tap("startAndStop"), .settle])
        #expect(lines.contains("stopped stopRecord:ok") && lines.contains("complete"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("recorded startRecord:ok wxfile://tmp_") }, "\(lines)")
        let denied = try RecorderHarness(user: ScriptedUser(consent: .deny))
        let refused = await denied.run(js: Self.page, steps: [.tap("start")])
        #expect(refused == ["startfail startRecord:fail auth deny 103", "complete"])
    }

    @Test func startRecordStopsAtWeChatsSixtySeconds() async throws {
        // An unpaced microphone delivers as fast as it can: the limit is counted in samples.
        let h = try RecorderHarness(environment: AudioEnvironment(pacing: .unpaced))
        let lines = await h.run(js: Self.page, steps: [.tap("start"), .settle])
        let recorded = try #require(lines.first { $0.hasPrefix("recorded ") }, "\(lines)")
        let f = try ffprobe(try h.hostPath(String(recorded.split(separator: " ")[2])))
        #expect(abs((Double(f["format_duration"] ?? "") ?? 0) - 60) <= 0.05, "\(f["format_duration"] ?? "?")")
    }
}
