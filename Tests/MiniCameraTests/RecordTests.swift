import Foundation
import MiniApp
import MiniCamera
import MiniCapture
import MiniCodec
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import Testing

/// A page that records: `start` (options as JSON), `stop`, and a frame listener counter.
func recordPage(_ options: String = "{}") -> String {
    """
    let frames = 0
    Page({
      listen() {
        this.listener = wx.createCameraContext().onCameraFrame(() => { frames++ })
        this.listener.start({ fail: (e) => console.log('listenfail', e.errMsg) })
      },
      start() {
        wx.createCameraContext().startRecord(Object.assign(\(options), {
          timeoutCallback: (r) => console.log('timeout', 'video=' + r.tempVideoPath, 'thumb=' + r.tempThumbPath),
          success: (r) => console.log('started', r.errMsg, Object.keys(r).join(',')),
          fail: (e) => console.log('startfail', e.errMsg),
        }))
      },
      stop() {
        wx.createCameraContext().stopRecord({
          success: (r) => console.log('stopped', 'video=' + r.tempVideoPath, 'thumb=' + r.tempThumbPath, 'msg=' + r.errMsg),
          fail: (e) => console.log('stopfail', e.errMsg),
        })
      },
      count() { console.log('frames', frames) },
      shoot() { wx.createCameraContext().takePhoto({ success: (r) => console.log('photo', r.errMsg), fail: (e) => console.log('photofail', e.errMsg) }) },
      unlisten() { this.listener.stop() },
    })
    """
}

enum RecordStep {
    case tap(String)
    /// Moves the manual clock this long, one frame period at a time, letting the pump catch up.
    case advance(Duration)
    /// The page hides (as the component hears it), then the loop settles.
    case hide
    /// Logs `converted N` (frames converted for the JS listener so far).
    case mark
    /// Logs `clock <ms>` (the session clock, in milliseconds).
    case clock
}

extension CameraHarness {
    /// Runs the page with a non-advancing manual clock, driving it through `steps`.
    func drive(_ clock: ManualClock, js: String, wxml: String, steps: [RecordStep], hideAtEnd: Bool = true, runTimeout: Double = 120) async -> [String] {
        let dir = test.directory.file("package")
        try? js.write(to: dir.appendingPathComponent("index.js"), atomically: true, encoding: .utf8)
        try? wxml.write(to: dir.appendingPathComponent("index.wxml"), atomically: true, encoding: .utf8)
        var config = MiniAppConfiguration(path: dir.appendingPathComponent("index.js").path)
        config.timeout = runTimeout
        config.output = output
        do {
            let app = try MiniApp(config, session: test.session)
            guard await app.open() else { return output.lines }
            for step in steps {
                switch step {
                case .tap(let m): await app.tap(m)
                case .mark: output.log("converted \(controller?.statistics.framesConverted ?? -1)")
                case .clock: output.log("clock \(session.clock.now().components.seconds * 1000 + session.clock.now().components.attoseconds / 1_000_000_000_000_000)")
                case .hide:
                    controller?.pageHidden()
                    for _ in 0..<2_000 where !output.lines.contains(where: { $0.hasPrefix("timeout ") }) {
                        await app.settle()
                        try? await Task.sleep(for: .milliseconds(5))
                    }
                case .advance(let d):
                    // A hair over one frame period, so every step makes exactly one frame due.
                    let period = Duration.nanoseconds(33_333_334)
                    var left = d
                    while left > .zero {
                        let step = min(period, left)
                        let pulled = controller?.statistics.framesPulled ?? 0
                        await app.advance(by: step)
                        // Let the pump take the frame that became due before moving on.
                        // (Only while something pulls frames: a recording or a listener.)
                        let pumping = controller.map { $0.isRecording || $0.mailbox != nil } ?? false
                        for _ in 0..<(pumping ? 3_000 : 0) where (controller?.statistics.framesPulled ?? 0) == pulled {
                            try? await Task.sleep(for: .milliseconds(1))
                        }
                        left -= step
                    }
                }
            }
            if hideAtEnd { _ = await app.stop() }
        } catch {
            output.log("error \(error)")
        }
        return output.lines
    }
}

@Suite(.enabled(if: Media.hasFFmpeg, "needs ffprobe"))
struct RecordTests {
    static let environment = testEnvironment(spec: .synthetic(width: 320, height: 240, frameRate: 30))

    static func ffprobe(_ path: String) throws -> [String: String] {
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
        p.arguments = ["-v", "error", "-count_frames", "-show_streams", "-of", "flat=s=_", path]
        let out = Pipe()
        p.standardOutput = out
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw MediaError.internalError("ffprobe failed on \(path)") }
        var fields: [String: String] = [:]
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let kv = line.split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = kv[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
        }
        return fields
    }

    /// The first frame's luma.
    static func firstLuma(_ path: String, width: Int, height: Int) throws -> [UInt8] {
        let d = try VideoDecoder(path: path)
        var y = [UInt8](repeating: 0, count: width * height), u = [UInt8](repeating: 0, count: width * height / 4), v = u
        _ = try y.withUnsafeMutableBufferPointer { yp in
            try u.withUnsafeMutableBufferPointer { up in
                try v.withUnsafeMutableBufferPointer { vp in
                    try d.decodeNext(into: MutableYUVPlanes(width: width, height: height, y: yp.baseAddress!, yStride: width,
                                                            u: up.baseAddress!, uStride: width / 2, v: vp.baseAddress!, vStride: width / 2))
                }
            }
        }
        return y
    }

    @Test func recordsH264AndAACWithTheMicrophoneTone() async throws {
        let clock = ManualClock(autoAdvance: false)
        let h = try CameraHarness(environment: Self.environment, clock: clock)
        let lines = await h.drive(clock, js: recordPage(), wxml: #"<camera resolution="medium" frame-size="small"></camera>"#,
                                  steps: [.advance(.milliseconds(100)), .tap("listen"), .advance(.milliseconds(100)), .mark, .tap("start"), .advance(.seconds(2)), .mark, .tap("stop"), .tap("unlisten")])
        #expect(lines.contains("started startRecord:ok errMsg"), "\(lines)")
        let stopped = try #require(lines.first { $0.hasPrefix("stopped ") }, "\(lines)")
        #expect(field(stopped, "msg") == "stopRecord:ok")
        let video = try h.hostPath(field(stopped, "video")!)
        let thumb = try h.hostPath(field(stopped, "thumb")!)
        #expect(field(stopped, "video")!.hasPrefix("wxfile://tmp_") && video.hasSuffix(".mp4"))
        let f = try Self.ffprobe(video)
        #expect(f["streams_stream_0_codec_name"] == "h264")
        #expect(f["streams_stream_0_width"] == "320" && f["streams_stream_0_height"] == "240")
        #expect(f["streams_stream_0_pix_fmt"] == "yuv420p")
        #expect(f["streams_stream_1_codec_name"] == "aac" && f["streams_stream_1_sample_rate"] == "44100" && f["streams_stream_1_channels"] == "1")
        let frames = Int(f["streams_stream_0_nb_read_frames"] ?? "") ?? 0
        let duration = Double(f["streams_stream_0_duration"] ?? "") ?? 0
        #expect((57...62).contains(frames), "\(frames) frames for 2 s at 30 fps")
        #expect(abs(duration - Double(frames) / 30) <= 1.0 / 30 + 1e-6, "duration \(duration) for \(frames) frames")
        // The clock moved 2 s; a loaded machine may make the pump skip a frame or two (re-anchored).
        #expect(abs(duration - 2.0) <= 3.0 / 30 + 1e-6)
        // The audio is the synthetic microphone's 1 kHz tone.
        let audio = try AudioDecoder(.file(video), output: .init(sampleRate: 44_100, channels: 1))
        var pcm: [Int16] = []
        while let c = try audio.nextChunk() { pcm += c.samples }
        #expect(pcm.count > 60_000, "\(pcm.count) samples")
        if pcm.count > 40_000 {
            #expect(MediaTools.tonePower(Array(pcm[8_000..<40_000]), sampleRate: 44_100, frequency: 1_000) > 0.5)
        }
        // The thumbnail is a JPEG of the first frame.
        let decoded = try ImageDecoder.decode(data: [UInt8](try Data(contentsOf: URL(fileURLWithPath: thumb))))
        #expect((decoded.pixels.width, decoded.pixels.height) == (320, 240))
        // Frames kept flowing to the listener while recording.
        let counts = lines.filter { $0.hasPrefix("converted ") }.compactMap { Int($0.dropFirst(10)) }
        #expect(counts.count == 2 && counts[1] - counts[0] >= 55, "\(counts)")
        #expect(h.lastControllerDropped == 0)
    }

    @Test func selfieMirrorFlipsFrontRecordings() async throws {
        var luma: [Bool: [UInt8]] = [:]
        for mirror in [true, false] {
            let clock = ManualClock(autoAdvance: false)
            let h = try CameraHarness(environment: Self.environment, clock: clock)
            let lines = await h.drive(clock, js: recordPage("{selfieMirror: \(mirror)}"), wxml: #"<camera device-position="front"></camera>"#,
                                      steps: [.advance(.milliseconds(100)), .tap("start"), .advance(.milliseconds(300)), .tap("stop")])
            let stopped = try #require(lines.first { $0.hasPrefix("stopped ") }, "\(lines)")
            luma[mirror] = try Self.firstLuma(try h.hostPath(field(stopped, "video")!), width: 320, height: 240)
        }
        let a = try #require(luma[true]), b = try #require(luma[false])
        var straight = 0, flipped = 0
        for y in 0..<240 {
            for x in 0..<320 {
                straight += abs(Int(a[y * 320 + x]) - Int(b[y * 320 + x]))
                flipped += abs(Int(a[y * 320 + x]) - Int(b[y * 320 + 319 - x]))
            }
        }
        #expect(flipped * 4 < straight, "mirrored differs \(flipped) from flipped, \(straight) from unflipped")
    }

    @Test func compressedHalvesTheBitRateAndCapsTheSize() async throws {
        let environment = testEnvironment(spec: .synthetic(width: 1280, height: 720, frameRate: 30))
        var sizes: [Bool: (Int, Int, Int)] = [:]
        for compressed in [false, true] {
            let clock = ManualClock(autoAdvance: false)
            let h = try CameraHarness(environment: environment, clock: clock)
            let js = recordPage().replacingOccurrences(of: "stopRecord({", with: "stopRecord({ compressed: \(compressed),")
            let lines = await h.drive(clock, js: js, wxml: #"<camera resolution="medium"></camera>"#,
                                      steps: [.advance(.milliseconds(100)), .tap("start"), .advance(.milliseconds(500)), .tap("stop")])
            let stopped = try #require(lines.first { $0.hasPrefix("stopped ") }, "\(lines)")
            let path = try h.hostPath(field(stopped, "video")!)
            let f = try Self.ffprobe(path)
            let bytes = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int ?? 0
            sizes[compressed] = (Int(f["streams_stream_0_width"] ?? "") ?? 0, Int(f["streams_stream_0_height"] ?? "") ?? 0, bytes)
            #expect(f["streams_stream_1_codec_name"] == "aac")
        }
        let plain = try #require(sizes[false]), small = try #require(sizes[true])
        #expect(plain.0 == 1280 && plain.1 == 720)
        #expect(small.0 == 960 && small.1 == 540)
        #expect(small.2 < plain.2, "compressed \(small.2) bytes, plain \(plain.2)")
    }

    @Test func takePhotoUsesTheNewestFrameWithoutWaiting() async throws {
        let clock = ManualClock(autoAdvance: false)
        let h = try CameraHarness(environment: Self.environment, clock: clock)
        // While the listener's capture runs, the clock stands still during the photo: a photo that
        // waited for the next frame would never finish.
        let lines = await h.drive(clock, js: recordPage(), wxml: #"<camera frame-size="small"></camera>"#,
                                  steps: [.advance(.milliseconds(100)), .tap("listen"), .advance(.milliseconds(100)), .mark, .tap("shoot"), .mark,
                                          .tap("unlisten")])
        #expect(lines.contains("photo takePhoto:ok"), "\(lines)")
        let stamps = lines.filter { $0.hasPrefix("converted ") }
        #expect(stamps.count == 2 && stamps[0] == stamps[1], "no new frame was captured for the photo: \(stamps)")
    }

    @Test func timeoutEndsTheRecordingAtTheClocksLimit() async throws {
        let clock = ManualClock(autoAdvance: false)
        let h = try CameraHarness(environment: Self.environment, clock: clock)
        // Started at 100 ms: nothing by 1090 ms, then the callback with a 1 s recording.
        let lines = await h.drive(clock, js: recordPage("{timeout: 1}"), wxml: "<camera></camera>",
                                  steps: [.advance(.milliseconds(100)), .clock, .tap("start"), .advance(.milliseconds(990)), .clock,
                                          .advance(.milliseconds(100)), .clock, .tap("stop")])
        let clocks = lines.indices.filter { lines[$0].hasPrefix("clock ") }
        let fired = try #require(lines.firstIndex { $0.hasPrefix("timeout ") }, "\(lines)")
        try #require(clocks.count == 3)
        #expect(lines[clocks[0]] == "clock 100")
        // Not before the clock reached the limit (it is delivered once the file is finished).
        #expect(fired > clocks[1], "the callback came before the clock's limit: \(lines)")
        let timeout = lines[fired]
        let f = try Self.ffprobe(try h.hostPath(field(timeout, "video")!))
        let duration = Double(f["streams_stream_0_duration"] ?? "") ?? 0
        let frames = Int(f["streams_stream_0_nb_read_frames"] ?? "") ?? 0
        #expect(abs(duration - Double(frames) / 30) <= 1.0 / 30 + 1e-6, "\(frames) frames in \(duration) s")
        #expect((27...31).contains(frames), "\(frames) frames in the 1 s before the timeout")
        #expect(FileManager.default.fileExists(atPath: try h.hostPath(field(timeout, "thumb")!)))
        #expect(lines.contains("stopfail stopRecord:fail is not recording"))
    }

    @Test func pageHideMidRecordingLeavesAPlayableFile() async throws {
        let clock = ManualClock(autoAdvance: false)
        let h = try CameraHarness(environment: Self.environment, clock: clock)
        let lines = await h.drive(clock, js: recordPage(), wxml: "<camera></camera>",
                                  steps: [.advance(.milliseconds(100)), .tap("start"), .advance(.milliseconds(700)), .hide])
        let timeout = try #require(lines.first { $0.hasPrefix("timeout ") }, "\(lines)")
        let f = try Self.ffprobe(try h.hostPath(field(timeout, "video")!))
        #expect(f["streams_stream_0_codec_name"] == "h264")
        let frames = Int(f["streams_stream_0_nb_read_frames"] ?? "") ?? 0
        #expect((19...22).contains(frames), "\(frames) frames")
    }

    @Test func failuresAreClear() async throws {
        let clock = ManualClock(autoAdvance: false)
        let h = try CameraHarness(environment: Self.environment, clock: clock)
        let lines = await h.drive(clock, js: recordPage("{timeout: 301}"), wxml: "<camera></camera>",
                                  steps: [.advance(.milliseconds(100)), .tap("stop"), .tap("start")])
        #expect(lines.contains("stopfail stopRecord:fail is not recording"), "\(lines)")
        #expect(lines.contains { $0.hasPrefix("startfail startRecord:fail parameter error: parameter.timeout") }, "\(lines)")

        let h2 = try CameraHarness(environment: Self.environment, clock: ManualClock(autoAdvance: false))
        let twice = await h2.drive(ManualClock(), js: recordPage().replacingOccurrences(of: "  stop() {", with: "  twice() { this.start(); this.start() },\n  stop() {"),
                                   wxml: "<camera></camera>", steps: [.advance(.milliseconds(100)), .tap("twice"), .advance(.milliseconds(100)), .tap("stop")])
        #expect(twice.filter { $0.hasPrefix("started") }.count == 1, "\(twice)")
        #expect(twice.contains("startfail startRecord:fail is recording"), "\(twice)")
        #expect(twice.contains { $0.hasPrefix("stopped ") })

        let h3 = try CameraHarness(environment: Self.environment, clock: ManualClock(autoAdvance: false))
        let scan = await h3.drive(ManualClock(), js: recordPage(), wxml: #"<camera mode="scanCode"></camera>"#,
                                  steps: [.advance(.milliseconds(100)), .tap("start")], runTimeout: 5)
        #expect(scan.contains("startfail startRecord:fail cannot record in scanCode mode"), "\(scan)")

        // The camera allowed, the microphone refused.
        let h4 = try CameraHarness(user: ScriptedUser(consent: .answers([true, false])), environment: Self.environment,
                                   clock: ManualClock(autoAdvance: false))
        let denied = await h4.drive(ManualClock(), js: recordPage(), wxml: "<camera></camera>", steps: [.advance(.milliseconds(100)), .tap("start")])
        #expect(denied.contains("startfail startRecord:fail auth deny"), "\(denied)")
    }
}

extension CameraHarness {
    var lastControllerDropped: Int { controller?.recordingDroppedFrames ?? 0 }
}
