import MiniCore
import Testing
import MiniBarcode
@testable import MiniCapture

@Suite struct SyntheticScanTests {
    @Test("QR on the synthetic card decodes from the Y plane",
          arguments: [(1920, 1080, CameraPosition.back), (640, 480, .back), (1920, 1080, .front), (640, 480, .front)])
    func qrCode(width: Int, height: Int, position: CameraPosition) async throws {
        let text = "MiniMedia QR \(width)x\(height)"
        let m = try BarcodeGenerator().generate(text, format: .qrCode)
        let cam = SyntheticCamera(width: width, height: height, clock: ManualClock(), overlay: TestSupport.overlay(m))
        try cam.open(CameraConfiguration(position: position, pacing: .unpaced))
        for _ in 0..<3 {
            let frame = try await cam.nextFrame()
            let results = try TestSupport.scan(frame)
            #expect(results.count == 1)
            #expect(results.first?.type == .qrCode)
            #expect(results.first?.result == text)
        }
    }

    @Test("EAN-13 on the synthetic card decodes from the Y plane", arguments: [(1920, 1080), (640, 480)])
    func ean13(width: Int, height: Int) async throws {
        let m = try BarcodeGenerator().generate("5901234123457", format: .ean13)
        let cam = SyntheticCamera(width: width, height: height, clock: ManualClock(), overlay: TestSupport.overlay(m))
        try cam.open(CameraConfiguration(pacing: .unpaced))
        let frame = try await cam.nextFrame()
        let results = try TestSupport.scan(frame)
        #expect(results.first?.type == .ean13)
        #expect(results.first?.result == "5901234123457")
    }

    @Test func overlayCanChangeWhileOpen() async throws {
        let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock())
        try cam.open(CameraConfiguration(pacing: .unpaced))
        #expect(try TestSupport.scan(try await cam.nextFrame()).isEmpty)
        cam.setOverlay(TestSupport.overlay(try BarcodeGenerator().generate("first", format: .qrCode)))
        #expect(try TestSupport.scan(try await cam.nextFrame()).first?.result == "first")
        cam.setOverlay(TestSupport.overlay(try BarcodeGenerator().generate("second", format: .qrCode)))
        #expect(try TestSupport.scan(try await cam.nextFrame()).first?.result == "second")
        cam.setOverlay(nil)
        #expect(try TestSupport.scan(try await cam.nextFrame()).isEmpty)
    }

    @Test func dedupAcrossFrames() async throws {
        let m = try BarcodeGenerator().generate("dedup", format: .qrCode)
        let cam = SyntheticCamera(width: 640, height: 480, clock: ManualClock(), overlay: TestSupport.overlay(m))
        try cam.open(CameraConfiguration(pacing: .paced))
        var dedup = ScanDeduplicator(absenceFrames: 5)
        var reported: [String] = []
        for _ in 0..<10 {
            let f = try await cam.nextFrame()
            reported += dedup.filter(try TestSupport.scan(f), at: f.captureTime).map(\.result)
        }
        #expect(reported == ["dedup"])
    }
}
