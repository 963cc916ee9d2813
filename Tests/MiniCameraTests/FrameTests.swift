import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import Synchronization
import Testing

/// A page whose frame listener prints each frame and stops after `limit` frames.
func framePage(limit: Int, extra: String = "", onFrame: String = "") -> String {
    """
    Page({
      data: { frameSize: 'medium' },
      start() {
        const ctx = wx.createCameraContext()
        let n = 0, afterStop = 0, stopping = false, stopped = false
        const listener = ctx.onCameraFrame((frame) => {
          if (stopped) { afterStop++; return }
          if (stopping) return
          n++
          console.log('frame', n, frame.width + 'x' + frame.height, frame.data instanceof ArrayBuffer, frame.data.byteLength)
          \(onFrame)
          if (n === \(limit)) {
            stopping = true
            listener.stop({ success: (r) => {
              stopped = true
              console.log('stopped', r.errMsg)
              setTimeout(() => console.log('after stop', afterStop), 100)
            } })
          }
        })
        listener.start({ success: (r) => console.log('started', r.errMsg) })
      },
      \(extra)
    })
    """
}

@Suite struct FrameTests {
    @Test(arguments: [("small", "320x180"), ("medium", "640x360"), ("large", "1280x720")])
    func frameSizeSetsTheLongEdge(size: String, dims: String) async throws {
        let h = try CameraHarness()
        await h.run(js: framePage(limit: 2), wxml: #"<camera frame-size="\#(size)"></camera>"#, calls: ["start"])
        let bytes = dims.split(separator: "x").map { Int($0)! }.reduce(4, *)
        #expect(h.lines("frame ") == ["frame 1 \(dims) true \(bytes)", "frame 2 \(dims) true \(bytes)"])
        #expect(h.lines("started") == ["started start:ok"])
        #expect(h.lines("stopped") == ["stopped stop:ok"])
        #expect(h.lines("after stop") == ["after stop 0"])
        #expect(h.result == .idle)
    }

    @Test func frameSizeFollowsSetData() async throws {
        let h = try CameraHarness()
        await h.run(
            js: framePage(limit: 6, onFrame: "if (n === 1) this.setData({ frameSize: 'large' })"),
            wxml: #"<camera frame-size="{{frameSize}}"></camera>"#, calls: ["start"])
        let frames = h.lines("frame ")
        #expect(frames.count == 6)
        #expect(frames.first?.contains("640x360") == true)
        #expect(frames.last?.contains("1280x720") == true)
    }

    @Test func portraitDevicesKeepTheirAspectRatio() {
        #expect(CameraGeometry.fit(width: 1080, height: 1920, longEdge: 640) == (360, 640))
        #expect(CameraGeometry.fit(width: 640, height: 480, longEdge: 1280) == (1280, 960))
        #expect(CameraGeometry.zoomCrop(width: 1920, height: 1080, zoom: 2) == (480, 270 & ~1, 960, 540))
        #expect(CameraGeometry.zoom(2.345, maxZoom: 10) == 2.3)
        #expect(CameraGeometry.zoom(-4, maxZoom: 10) == 1)
        #expect(CameraGeometry.zoom(7.77, maxZoom: 5) == 5)
    }

    @Test(arguments: ["medium", "small"])
    func framePixelsMatchTheDevice(size: String) async throws {
        // A still image: every device frame is the same, so JS's bytes can be compared exactly.
        let scratch = TemporaryDirectory("mm-frames")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let png = dir.appendingPathComponent("card.png").path
        try PNGEncoder().write(gradient(width: 640, height: 480), to: png)
        let h = try CameraHarness(environment: testEnvironment(spec: .file(path: png)))
        await h.run(
            js: framePage(limit: 1, onFrame: "wx.getFileSystemManager().writeFileSync(`${wx.env.USER_DATA_PATH}/frame.rgba`, frame.data)"),
            wxml: #"<camera frame-size="\#(size)"></camera>"#, calls: ["start"])
        let got = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try h.hostPath("wxfile://usr/frame.rgba"))))

        let cam = FileCamera(path: png, clock: ManualClock())
        try cam.open(CameraConfiguration())
        let frame = try await awaitFrame(cam)
        let (w, hgt) = size == "medium" ? (640, 480) : (320, 240)
        var expected = try PixelBuffer(width: w, height: hgt)
        try FrameConverter().convert(try yuv(frame), into: &expected)
        #expect(got.count == w * hgt * 4)
        #expect(got == expected.bytes)
        // And the device frame is the picture (within YUV rounding).
        if size == "medium" { #expect(meanDifference(expected, gradient(width: 640, height: 480)) < 4) }
    }

    @Test func listenerStopReallyStops() async throws {
        let log = DeviceLog()
        let h = try CameraHarness(environment: testEnvironment(log: log), log: log)
        await h.run(js: framePage(limit: 3), wxml: "<camera></camera>", calls: ["start"])
        #expect(h.lines("frame ").count == 3)
        #expect(h.lines("after stop") == ["after stop 0"])
        #expect(h.result == .idle)
        let pulled = try #require(log.all.first).statistics.framesDelivered
        try await Task.sleep(for: .milliseconds(100))
        #expect(log.all.first?.statistics.framesDelivered == pulled)
    }

    @Test func slowCallbackGetsTheLatestFrameNotAQueue() async throws {
        // A device as fast as the pump can pull and a callback that takes 20 ms: most frames are
        // replaced, none queue up.
        let log = DeviceLog()
        let env = testEnvironment(spec: .synthetic(width: 320, height: 240, frameRate: 240), log: log)
        let h = try CameraHarness(environment: env, log: log, clock: ManualClock())
        await h.run(
            js: """
                Page({
                  start() {
                    const ctx = wx.createCameraContext()
                    let n = 0, done = false
                    const t0 = Date.now()
                    const listener = ctx.onCameraFrame((frame) => {
                      n++
                      const end = Date.now() + 20
                      while (Date.now() < end) {}
                      if (Date.now() - t0 > 400 && n > 5 && !done) {
                        done = true
                        const count = n
                        listener.stop({ success: () => console.log('received', count) })
                      }
                    })
                    listener.start()
                  },
                })
                """, wxml: #"<camera frame-size="small"></camera>"#, calls: ["start"])
        let received = Int(try #require(h.lines("received").first?.split(separator: " ").last.flatMap { Int($0) }))
        let pulled = try #require(log.all.first).statistics.framesDelivered
        #expect(received >= 6 && received <= 40)
        #expect(pulled > received * 2, "device produced \(pulled), JS saw \(received)")
        let stats = try #require(h.lastController?.statistics)
        #expect(stats.framesConverted >= pulled - 1)
        // Frame memory stays bounded: buffers come back to the pool when JS's GC lets go.
        #expect(stats.rgbaAllocations < stats.framesConverted / 2, "\(stats)")
    }
}

/// Holds completions instead of running JS, to drive the mailbox by hand.
final class ManualSink: EventSink, @unchecked Sendable {
    let lock = NSLock()
    var delivered: [HostValue] = []
    var completions: [@Sendable () -> Void] = []
    func emit(_ event: String, target: UInt64?, payload: HostValue) {}
    func invoke(_ function: FunctionRef, _ arguments: [HostValue]) {}
    func invoke(_ function: FunctionRef, _ arguments: [HostValue], completion: @escaping @Sendable () -> Void) {
        lock.withLock {
            delivered.append(arguments[0])
            completions.append(completion)
        }
    }
    func keepAlive(_ reason: String) -> KeepAlive { KeepAlive {} }
    func finishOne() { lock.withLock { completions.removeFirst() }() }
}

@Suite struct MailboxTests {
    @Test func newestFrameReplacesTheWaitingOne() {
        let sink = ManualSink()
        let box = FrameMailbox(sink: sink, callback: FunctionRef(id: 1))
        for i in 1...10 { box.offer(.number(Double(i))) }
        #expect(sink.delivered == [1])  // one in flight
        #expect(box.counters.replaced == 8)  // 2...9 replaced by the next; 10 waits
        sink.finishOne()
        #expect(sink.delivered == [1, 10])
        sink.finishOne()
        #expect(box.counters == .init(delivered: 2, replaced: 8))
        box.offer(11)
        #expect(sink.delivered == [1, 10, 11])
        box.stop()
        box.offer(12)
        sink.finishOne()
        #expect(sink.delivered == [1, 10, 11])
    }

    @Test func poolReusesReturnedBuffers() {
        let pool = RGBABufferPool(byteCount: 64)
        var addresses = Set<UnsafeMutableRawPointer>()
        for _ in 0..<100 {
            let b = pool.acquire()
            addresses.insert(b.baseAddress)
        }
        #expect(pool.allocations == 1)
        #expect(pool.reuses == 99)
        #expect(addresses.count == 1)
        let held = (0..<3).map { _ in pool.acquire() }
        #expect(pool.allocations == 3)
        _ = held
    }
}
