import Foundation
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import Testing

/// A page that takes photos with the options in `shots` (JSON) and prints each result.
func photoPage(_ shots: String, before: String = "") -> String {
    """
    Page({
      data: { position: 'back' },
      front() { this.setData({ position: 'front' }) },
      shoot() {
        const ctx = wx.createCameraContext()
        \(before)
        const shots = \(shots)
        shots.forEach((o, i) => ctx.takePhoto(Object.assign({}, o, {
          success: (r) => console.log('photo', 'i=' + i, 'path=' + r.tempImagePath, 'w=' + r.width, 'h=' + r.height, 'msg=' + r.errMsg),
          fail: (e) => console.log('photofail', 'i=' + i, e.errMsg),
        })))
      },
    })
    """
}

@Suite struct PhotoTests {
    func photos(_ h: CameraHarness) throws -> [(path: String, width: Int, height: Int, bytes: [UInt8])] {
        try h.lines("photo ").sorted { field($0, "i")! < field($1, "i")! }.map { line in
            let host = try h.hostPath(field(line, "path")!)
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: host)))
            return (host, Int(field(line, "w")!)!, Int(field(line, "h")!)!, bytes)
        }
    }

    @Test(arguments: [("low", 640, 360), ("medium", 1280, 720), ("high", 1920, 1080)])
    func photoSizeFollowsResolution(resolution: String, width: Int, height: Int) async throws {
        let h = try CameraHarness()
        await h.run(js: photoPage("[{}, {quality: 'original'}]"), wxml: #"<camera resolution="\#(resolution)"></camera>"#, calls: ["shoot"])
        let p = try photos(h)
        try #require(p.count == 2)  // a failed count must not crash the suite on the index
        #expect((p[0].width, p[0].height) == (width, height))
        #expect((p[1].width, p[1].height) == (1920, 1080))  // original = full sensor size
        for shot in p {
            let decoded = try ImageDecoder.decode(data: shot.bytes)
            #expect((decoded.pixels.width, decoded.pixels.height) == (shot.width, shot.height))
        }
        #expect(h.lines("photo ").allSatisfy { field($0, "msg") == "takePhoto:ok" })
    }

    @Test func qualityOrdersFileSizesAndExifIsWritten() async throws {
        let h = try CameraHarness()
        await h.run(
            js: photoPage("[{quality: 'low'}, {quality: 'normal'}, {quality: 'high'}]"), wxml: "<camera></camera>",
            calls: ["shoot"])
        let p = try photos(h)
        try #require(p.count == 3)
        #expect(p[0].bytes.count < p[1].bytes.count && p[1].bytes.count < p[2].bytes.count)
        let exif = try #require(try ExifMetadata.read(jpeg: p[1].bytes))
        #expect(exif.make == "MiniMedia")
        #expect(exif.model == "synthetic:1920x1080@60")
        #expect(exif.orientation == .up)
        #expect(exif.dateTime?.count == 19)
        #expect(exif.dateTime == PhotoEncoder.exifDate(Date().timeIntervalSince1970) || exif.dateTime != nil)
    }

    @Test func jpegQualityMatchesTheMapping() async throws {
        // Encode the same frame at each quality and compare with TurboJPEG at that quality.
        let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock())
        try cam.open(CameraConfiguration())
        let frame = try await awaitFrame(cam)
        for q in PhotoQuality.allCases {
            let photo = try PhotoEncoder.encode(frame, PhotoRequest(quality: q, resolution: .high, dateTime: "2026:01:02 03:04:05"))
            var pixels = try PixelBuffer(width: 640, height: 480)
            try FrameConverter().convert(try yuv(frame), into: &pixels)
            let exif = ExifMetadata(orientation: .up, make: "MiniMedia", model: "MiniMedia Camera", dateTime: "2026:01:02 03:04:05")
            let reference = try JPEGEncoder(quality: q.jpegQuality, exif: exif).encode(pixels)
            #expect(photo.jpeg == reference, "quality \(q)")
        }
        #expect(PhotoQuality.allCases.map(\.jpegQuality) == [90, 80, 60, 95])
    }

    @Test func selfieMirrorMirrorsFrontPhotos() async throws {
        // A still image camera: every frame is identical, so photos compare pixel for pixel.
        let scratch = TemporaryDirectory("mm-mirror")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let png = dir.appendingPathComponent("card.png").path
        try PNGEncoder().write(gradient(width: 320, height: 240), to: png)
        let env = testEnvironment(spec: .file(path: png))
        let h = try CameraHarness(environment: env)
        await h.run(
            js: photoPage("[{selfieMirror: true}, {selfieMirror: false}]"), wxml: #"<camera device-position="front"></camera>"#,
            calls: ["shoot"])
        let p = try photos(h)
        try #require(p.count == 2)
        let mirrored = try ImageDecoder.decode(data: p[0].bytes).pixels
        let plain = try ImageDecoder.decode(data: p[1].bytes).pixels
        #expect(meanDifference(try plain.applying(.upMirrored), mirrored) < 3)
        #expect(meanDifference(plain, mirrored) > 30)
        // Back camera photos are never mirrored.
        let back = try CameraHarness(environment: env)
        await back.run(js: photoPage("[{selfieMirror: true}]"), wxml: "<camera></camera>", calls: ["shoot"])
        let b = try ImageDecoder.decode(data: try #require(try photos(back).first).bytes).pixels
        #expect(meanDifference(plain, b) < 3)
    }

    @Test func zoomClampsRoundsAndCropsTheCentre() async throws {
        let scratch = TemporaryDirectory("mm-zoom")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let png = dir.appendingPathComponent("card.png").path
        try PNGEncoder().write(gradient(width: 640, height: 480), to: png)
        // The synthetic camera's maxZoom is 10.
        let h = try CameraHarness()
        await h.run(
            js: """
                Page({
                  go() {
                    const ctx = wx.createCameraContext()
                    const asks = [2.345, 0.5, 50, 1, 3.05, 9.96]
                    asks.forEach((z) => ctx.setZoom({ zoom: z, success: (r) => console.log('zoom', z, r.zoom, r.errMsg) }))
                    ctx.setZoom({ zoom: '2', fail: (e) => console.log('zoomfail', e.errMsg) })
                    const p = ctx.setZoom({ zoom: 2 })
                    console.log('promise?', p === undefined)
                  },
                })
                """, wxml: "<camera></camera>", calls: ["go"])
        #expect(h.lines("zoom ") == [
            "zoom 2.345 2.3 setZoom:ok", "zoom 0.5 1 setZoom:ok", "zoom 50 10 setZoom:ok", "zoom 1 1 setZoom:ok",
            "zoom 3.05 3.1 setZoom:ok", "zoom 9.96 10 setZoom:ok",
        ])
        #expect(h.lines("zoomfail") == ["zoomfail setZoom:fail parameter error: parameter.zoom should be Number instead of String;"])
        #expect(h.lines("promise?") == ["promise? true"])

        // A zoomed photo keeps its size and shows the centre, enlarged.
        let z = try CameraHarness(environment: testEnvironment(spec: .file(path: png)))
        await z.run(
            js: photoPage("[{}]", before: "ctx.setZoom({ zoom: 2 })"), wxml: #"<camera resolution="high"></camera>"#,
            calls: ["shoot"])
        let photo = try ImageDecoder.decode(data: try #require(try photos(z).first).bytes).pixels
        #expect((photo.width, photo.height) == (640, 480))
        let source = gradient(width: 640, height: 480)
        let expected = try source.resizedCrop(x: 160, y: 120, width: 320, height: 240, to: 640, 480)
        #expect(meanDifference(expected, photo) < 6)
        #expect(meanDifference(source, photo) > 20)
    }

    @Test func stillPhotoSourceTakesAPhoto() async throws {
        let h = try CameraHarness()
        let source = CameraStillPhotoSource(environment: testEnvironment())
        let path = try await source.capturePhoto(session: h.session, position: .front)
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: try h.hostPath(path))))
        let image = try ImageDecoder.decode(data: bytes)
        #expect((image.pixels.width, image.pixels.height) == (1920, 1080))
        #expect(path.hasPrefix("wxfile://tmp_") && path.hasSuffix(".jpg"))
    }

    @Test func stopRightAfterStartWaitsForTheRecording() async throws {
        let h = try CameraHarness()
        await h.run(
            js: """
                Page({ go() {
                  const ctx = wx.createCameraContext()
                  ctx.startRecord({ success: (r) => console.log('rec', r.errMsg), fail: (e) => console.log('rec', e.errMsg, e.errno) })
                  ctx.stopRecord({ success: (r) => console.log('rec', r.errMsg, r.tempVideoPath.slice(-4), r.tempThumbPath.slice(-4)),
                                   fail: (e) => console.log('rec', e.errMsg, e.errno) })
                  ctx.stopRecord({ fail: (e) => console.log('again', e.errMsg, e.errno) })
                } })
                """, wxml: "<camera></camera>", calls: ["go"])
        #expect(h.lines("rec") == ["rec startRecord:ok", "rec stopRecord:ok .mp4 .jpg"])
        #expect(h.lines("again") == ["again stopRecord:fail is not recording 4"])
    }

    @Test func withoutACameraTheContextFailsClearly() async throws {
        let h = try CameraHarness()
        await h.run(
            js: "Page({ go() { wx.createCameraContext().takePhoto({ fail: (e) => console.log('photo', e.errMsg) }) } })",
            wxml: "<view></view>", calls: ["go"])
        #expect(h.lines("photo") == ["photo takePhoto:fail no camera component on the page"])
    }
}

// MARK: Helpers

func awaitFrame(_ cam: any CameraDevice) async throws -> CameraFrame {
    try await cam.nextFrame()
}

func yuv(_ f: CameraFrame) throws -> YUVFrame {
    let p = f.planes
    return .i420(
        y: YUVPlane(bytes: p[0].bytes, stride: p[0].bytesPerRow), u: YUVPlane(bytes: p[1].bytes, stride: p[1].bytesPerRow),
        v: YUVPlane(bytes: p[2].bytes, stride: p[2].bytesPerRow), width: f.width, height: f.height)
}

/// A left-to-right red ramp, top-to-bottom green ramp, blue blocks: asymmetric in both axes.
func gradient(width: Int, height: Int) -> PixelBuffer {
    var p = try! PixelBuffer(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width {
            let b: UInt8 = ((x / 40) + (y / 40)) % 2 == 0 ? 40 : 200
            p.setPixel(x: x, y: y, RGBA(UInt8(x * 255 / width), UInt8(y * 255 / height), b))
        }
    }
    return p
}

/// Mean absolute difference over the R, G, B channels.
func meanDifference(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
    precondition(a.width == b.width && a.height == b.height)
    var total = 0
    for y in 0..<a.height {
        for x in 0..<a.width {
            let p = a.pixel(x: x, y: y), q = b.pixel(x: x, y: y)
            total += abs(Int(p.r) - Int(q.r)) + abs(Int(p.g) - Int(q.g)) + abs(Int(p.b) - Int(q.b))
        }
    }
    return Double(total) / Double(a.width * a.height * 3)
}

extension PixelBuffer {
    /// Crops and resizes (for expected zoom results).
    func resizedCrop(x: Int, y: Int, width: Int, height: Int, to w: Int, _ h: Int) throws -> PixelBuffer {
        var crop = try PixelBuffer(width: width, height: height)
        for j in 0..<height { for i in 0..<width { crop.setPixel(x: i, y: j, pixel(x: x + i, y: y + j)) } }
        return try crop.resized(width: w, height: h)
    }
}
