import Testing
@testable import MiniBarcode

@Suite("Barcode generate + scan round trips")
struct BarcodeRoundTripTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var format: BarcodeFormat
        var text: String
        var expected: String
        var testDescription: String { format.rawValue }
    }

    static let cases: [Case] = [
        Case(format: .qrCode, text: "https://example.com/minimedia?q=1", expected: "https://example.com/minimedia?q=1"),
        Case(format: .ean13, text: "5901234123457", expected: "5901234123457"),
        Case(format: .ean8, text: "96385074", expected: "96385074"),
        Case(format: .code128, text: "MiniMedia-128", expected: "MiniMedia-128"),
        Case(format: .code39, text: "MINI39", expected: "MINI39"),
        Case(format: .upcA, text: "036000291452", expected: "036000291452"),
        Case(format: .upcE, text: "01234565", expected: "01234565"),
        Case(format: .dataMatrix, text: "DataMatrix 123", expected: "DataMatrix 123"),
        Case(format: .pdf417, text: "PDF417 payload", expected: "PDF417 payload"),
        Case(format: .aztec, text: "Aztec payload", expected: "Aztec payload"),
        Case(format: .itf, text: "00123456789012", expected: "00123456789012"),
        Case(format: .codabar, text: "A123456A", expected: "123456"),
    ]

    @Test("generated code decodes with the WeChat type name", arguments: cases)
    func roundTrip(_ c: Case) throws {
        let m = try BarcodeGenerator().generate(c.text, format: c.format)
        #expect(m.width > 0 && m.height > 0)
        let img = m.renderLuminance(scale: 3, quietZone: 10)
        let results = try BarcodeScanner(options: .image).scan(luminance: img.pixels, width: img.width, height: img.height)
        let r = try #require(results.first)
        #expect(r.type == c.format)
        #expect(r.type.rawValue == c.format.wechatName)
        #expect(r.result == c.expected)
    }

    @Test func qrDetailsAndRGBA() throws {
        let text = "你好 MiniMedia ✓"
        let m = try BarcodeGenerator().generate(text, format: .qrCode)
        let img = m.renderLuminance(scale: 4, quietZone: 4)
        // luminance path
        let lum = try BarcodeScanner().scan(luminance: img.pixels, width: img.width, height: img.height)
        let r = try #require(lum.first)
        #expect(r.type == .qrCode)
        #expect(r.result == text)
        #expect(r.charSet == "UTF-8")
        #expect(r.rawData == Array(text.utf8))
        #expect(r.rawDataBase64 == "5L2g5aW9IE1pbmlNZWRpYSDinJM=")
        #expect(r.corners.count == 4)
        // RGBA path: dark blue on light yellow
        var rgba = [UInt8]()
        rgba.reserveCapacity(img.pixels.count * 4)
        for p in img.pixels { rgba += p == 0 ? [10, 20, 90, 255] : [250, 245, 200, 255] }
        let viaRGBA = try BarcodeScanner().scan(rgba: rgba, width: img.width, height: img.height)
        #expect(viaRGBA.first?.result == text)
        let viaImage = try BarcodeScanner().scanImage(rgba: rgba, width: img.width, height: img.height)
        #expect(viaImage.first?.result == text)
    }

    @Test func sizedGeneration() throws {
        let m = try BarcodeGenerator().generate("sized", format: .qrCode, width: 200, height: 200, margin: 2)
        #expect(m.width == 200 && m.height == 200)
        let ean = try BarcodeGenerator().generate("5901234123457", format: .ean13)
        #expect(ean.height == 1)
        #expect(ean.width == 95)
    }

    @Test func formatFilterExcludesOthers() throws {
        let m = try BarcodeGenerator().generate("5901234123457", format: .ean13)
        let img = m.renderLuminance(scale: 3, quietZone: 10)
        let qrOnly = try BarcodeScanner(options: .qrOnly).scan(luminance: img.pixels, width: img.width, height: img.height)
        #expect(qrOnly.isEmpty)
        let ean = try BarcodeScanner(options: ScanOptions(formats: [.ean13])).scan(luminance: img.pixels, width: img.width, height: img.height)
        #expect(ean.first?.type == .ean13)
    }

    @Test func blankImageHasNoResults() throws {
        let blank = [UInt8](repeating: 200, count: 64 * 48)
        #expect(try BarcodeScanner().scan(luminance: blank, width: 64, height: 48).isEmpty)
    }
}
