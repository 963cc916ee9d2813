import Testing
@testable import MiniBarcode

@Suite struct BarcodeErrorTests {
    @Test func badCheckDigitIsRejected() {
        #expect(throws: BarcodeError.self) {
            try BarcodeGenerator().generate("5901234123458", format: .ean13)
        }
        #expect(throws: BarcodeError.self) {
            try BarcodeGenerator().generate("not digits", format: .ean8)
        }
    }

    @Test func inconsistentImagesAreRejected() {
        #expect(throws: BarcodeError.self) {
            try BarcodeScanner().scan(luminance: [UInt8](repeating: 0, count: 10), width: 10, height: 10)
        }
        #expect(throws: BarcodeError.self) {
            try BarcodeScanner().scan(luminance: [UInt8](repeating: 0, count: 100), width: 0, height: 10)
        }
        #expect(throws: BarcodeError.self) {
            try BarcodeScanner().scan(rgba: [UInt8](repeating: 0, count: 100), width: 10, height: 10, bytesPerRow: 20)
        }
    }

    @Test func formatNameMapping() {
        for f in BarcodeFormat.allCases {
            #expect(BarcodeFormat(zxingBit: f.zxingBit) == f)
        }
        #expect(BarcodeFormat(zxingName: "QRCode") == .qrCode)
        #expect(BarcodeFormat(zxingName: "EAN-13") == .ean13)
        #expect(BarcodeFormat(zxingName: "EAN-8") == .ean8)
        #expect(BarcodeFormat(zxingName: "Code128") == .code128)
        #expect(BarcodeFormat(zxingName: "DataBarExpanded") == .rssExpanded)
        #expect(BarcodeFormat(zxingName: "UPC-A") == .upcA)
        #expect(BarcodeFormat(zxingName: "PDF417") == .pdf417)
        #expect(BarcodeFormat(zxingName: "nonsense") == nil)
        #expect(Set(BarcodeFormat.allCases.map(\.rawValue)).isSuperset(of: [
            "QR_CODE", "EAN_13", "EAN_8", "CODE_128", "CODE_39", "UPC_A", "UPC_E", "DATA_MATRIX",
            "PDF_417", "AZTEC", "ITF", "CODABAR",
        ]))
    }

    @Test func base64() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
    }
}
