import Foundation
import MiniBarcode
import MiniCamera
import MiniCapture
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import Testing

let scanPage = """
    Page({
      onScan(e) { const d = e.detail; console.log('scancode', d.type, d.result, d.charSet, d.rawData) },
      scan() {
        wx.scanCode({
          onlyFromCamera: this.only !== false,
          scanType: this.types || ['barCode', 'qrCode'],
          success: (r) => console.log('scanCode', r.scanType, r.result, r.charSet, r.rawData, r.errMsg),
          fail: (e) => console.log('scanFail', e.errMsg, e.errno),
        })
      },
      onlyQR() { this.types = ['qrCode'] },
      onlyBars() { this.types = ['barCode'] },
      album() { this.only = false },
    })
    """

@Suite struct ScanTests {
    static let qr = try! CameraEnvironment.overlay(format: .qrCode, text: "hello camera")
    static let ean = try! CameraEnvironment.overlay(format: .ean13, text: "5901234123457")

    @Test func scanCodeModeReportsEachCodeOnce() async throws {
        let log = DeviceLog()
        let h = try CameraHarness(environment: testEnvironment(overlay: Self.qr, log: log), log: log)
        await h.run(js: scanPage, wxml: #"<camera mode="scanCode" bindscancode="onScan"></camera>"#)
        #expect(h.lines("scancode") == ["scancode QR_CODE hello camera UTF-8 \(Base64Test.encode("hello camera"))"])
        #expect(h.result == .idle)
        // Many frames were scanned (the pump keeps running until the page hides), one event.
        #expect((log.all.first?.statistics.framesDelivered ?? 0) >= 1)
    }

    @Test func ean13OnTheSyntheticCard() async throws {
        let h = try CameraHarness(environment: testEnvironment(spec: .synthetic(width: 1280, height: 720, frameRate: 30), overlay: Self.ean))
        await h.run(js: scanPage, wxml: #"<camera mode="scanCode" bindscancode="onScan"></camera>"#, calls: ["scan"])
        #expect(h.lines("scancode").first?.hasPrefix("scancode EAN_13 5901234123457") == true)
        #expect(h.lines("scancode").count == 1)
        #expect(h.lines("scanCode") == ["scanCode EAN_13 5901234123457 ISO-8859-1 \(Base64Test.encode("5901234123457")) scanCode:ok"]
            || h.lines("scanCode").first?.hasPrefix("scanCode EAN_13 5901234123457") == true)
    }

    @Test func normalModeDoesNotScan() async throws {
        let h = try CameraHarness(environment: testEnvironment(overlay: Self.qr))
        await h.run(js: scanPage, wxml: #"<camera bindscancode="onScan"></camera>"#)
        #expect(h.lines("scancode").isEmpty)
        #expect(h.result == .idle)
    }

    @Test func wxScanCodeFromTheCamera() async throws {
        // Small unpaced frames: the failing scan's frame budget is spent in CPU time, not wall time.
        let env = testEnvironment(spec: .synthetic(width: 640, height: 480, frameRate: 60), overlay: Self.qr, pacing: .unpaced)
        let h = try CameraHarness(environment: env)
        await h.run(js: scanPage, wxml: "<view></view>", calls: ["scan", "onlyQR", "scan", "onlyBars", "scan"], timeout: 60)
        let ok = "scanCode QR_CODE hello camera UTF-8 \(Base64Test.encode("hello camera")) scanCode:ok"
        #expect(h.lines("scanCode") == [ok, ok])
        // barCode only: the QR code is ignored; the scanner gives up like a user closing it.
        #expect(h.lines("scanFail") == ["scanFail scanCode:fail cancel 1"])
    }

    @Test func wxScanCodeNeedsTheCameraPermission() async throws {
        let h = try CameraHarness(user: ScriptedUser(consent: .deny), environment: testEnvironment(overlay: Self.qr))
        await h.run(js: scanPage, wxml: "<view></view>", calls: ["scan"])
        #expect(h.lines("scanFail") == ["scanFail scanCode:fail auth deny 2003002"])
    }

    @Test func wxScanCodeFallsBackToTheAlbumHook() async throws {
        let scratch = TemporaryDirectory("mm-album")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let png = dir.appendingPathComponent("qr.png").path
        try writeCode(.qrCode, "from the album", to: png)
        // The camera shows no code; small unpaced frames keep the failing scan short.
        let env = testEnvironment(
            spec: .synthetic(width: 640, height: 480, frameRate: 60), pacing: .unpaced, albumImage: { _ in png })
        let h = try CameraHarness(environment: env)
        await h.run(js: scanPage, wxml: "<view></view>", calls: ["scan", "album", "scan"], timeout: 60)
        #expect(h.lines("scanFail") == ["scanFail scanCode:fail cancel 1"])
        #expect(h.lines("scanCode").first?.hasPrefix("scanCode QR_CODE from the album") == true)
        #expect(try CodeScanning.scanImage(path: png)?.result == "from the album")
    }

    @Test(.enabled(if: Media.hasFFmpeg, "needs the ffmpeg CLI"), arguments: [BarcodeFormat.qrCode, .ean13])
    func codesInAVideoFile(format: BarcodeFormat) async throws {
        let scratch = TemporaryDirectory("mm-video")  // the next run removes it after a crash
        defer { scratch.remove() }
        let dir = scratch.url
        let text = format == .qrCode ? "video code" : "4006381333931"
        let png = dir.appendingPathComponent("code.png").path
        try writeCode(format, text, to: png)
        let video = dir.appendingPathComponent("code.mp4").path
        try Media.ffmpeg([
            "-loop", "1", "-i", png, "-t", "1", "-r", "10", "-vf", "pad=640:480:(ow-iw)/2:(oh-ih)/2:white",
            "-pix_fmt", "yuv420p", "-c:v", "libx264", video,
        ])
        let h = try CameraHarness(environment: testEnvironment(spec: .file(path: video)))
        await h.run(js: scanPage, wxml: #"<camera mode="scanCode" bindscancode="onScan"></camera>"#, calls: ["scan"])
        #expect(h.lines("scancode").first?.hasPrefix("scancode \(format.rawValue) \(text)") == true)
        #expect(h.lines("scanCode").first?.hasPrefix("scanCode \(format.rawValue) \(text)") == true)
    }

    @Test func cameraCodeOptionParses() throws {
        #expect(try CameraEnvironment(cameraSpec: "synthetic:640x480", code: "QR_CODE:a:b").overlay != nil)
        #expect(try CameraEnvironment.overlay(parsing: "ean_13:5901234123457").isLinear)
        #expect(throws: MediaError.self) { try CameraEnvironment.overlay(parsing: "hello") }
        #expect(throws: MediaError.self) { try CameraEnvironment.overlay(parsing: "EAN_13:123") }
        #expect(throws: MediaError.self) { try CameraEnvironment(cameraSpec: "webcam") }
    }
}

/// Writes `text` as a `format` code image (black on white, quiet zone) to a PNG.
func writeCode(_ format: BarcodeFormat, _ text: String, to path: String) throws {
    let m = try BarcodeGenerator().generate(text, format: format, margin: 0)
    let r = m.renderLuminance(scale: format.isLinear ? 3 : 8, quietZone: format.isLinear ? 12 : 4, barHeight: format.isLinear ? 120 : nil)
    var image = try PixelBuffer(width: r.width, height: r.height)
    for y in 0..<r.height {
        for x in 0..<r.width {
            let v = r.pixels[y * r.width + x]
            image.setPixel(x: x, y: y, RGBA(v, v, v))
        }
    }
    try PNGEncoder().write(image, to: path)
}

enum Base64Test {
    static func encode(_ s: String) -> String { Data(s.utf8).base64EncodedString() }
}
