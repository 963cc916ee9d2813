import Foundation
import Testing
@testable import MiniImaging

@Suite("Malformed BMP headers")
struct MalformedBMPTests {
    @Test("BI_BITFIELDS mask with holes (the 130-byte attack file) is a clean corrupt error")
    func maskWithHoles() throws {
        let file = Crafted.bitfieldsWithHoles
        #expect(file.count == 130)
        #expect(try ImageProbe.probe(data: file).format == .bmp)
        let e = imagingError { _ = try ImageDecoder.decode(data: file) }
        #expect(e?.code == .corrupt)
        #expect(e?.message.contains("not contiguous") == true)
    }

    @Test("a full-width contiguous 32-bit mask and a 5-6-5 16-bit mask still decode")
    func goodMasks() throws {
        let white32 = Crafted.bmp(width: 2, height: 1, bitCount: 32, compression: 3,
                                  masks: [0xFF00_0000, 0x00FF_0000, 0x0000_FF00], pixels: [UInt8](repeating: 0xFF, count: 8))
        #expect(try ImageDecoder.decode(data: white32).pixels.pixel(x: 1, y: 0) == RGBA(255, 255, 255))
        // 5-6-5: 0xF800 red, 0x07E0 green, 0x001F blue; pixel 0xF800 is pure red.
        let red565 = Crafted.bmp(width: 1, height: 1, bitCount: 16, compression: 3, masks: [0xF800, 0x07E0, 0x001F],
                                 pixels: [0x00, 0xF8, 0, 0])
        #expect(try ImageDecoder.decode(data: red565).pixels.pixel(x: 0, y: 0) == RGBA(255, 0, 0))
    }

    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let bytes: [UInt8]
        let code: ImagingError.Code
        var description: String { name }
    }

    static let cases: [Case] = [
        Case(name: "16-bit mask past the pixel's bits", bytes: Crafted.bmp(
            width: 1, height: 1, bitCount: 16, compression: 3, masks: [0x000F_0000, 0x00F0, 0x000F], pixels: [0, 0, 0, 0]),
             code: .corrupt),
        Case(name: "V5 header alpha mask with holes", bytes: Crafted.bmp(
            width: 1, height: 1, bitCount: 32, compression: 3, dib: 124,
            masks: [0x00FF_0000, 0x0000_FF00, 0x0000_00FF, 0x8100_0000], pixels: [0, 0, 0, 0]), code: .corrupt),
        Case(name: "zero width", bytes: Crafted.bmp(width: 0, height: 1, bitCount: 24, pixels: [0, 0, 0, 0]),
             code: .corrupt),
        Case(name: "Int32.min height", bytes: Crafted.bmp(width: 1, height: Int32.min, bitCount: 24, pixels: [0, 0, 0, 0]),
             code: .corrupt),
        Case(name: "2^20+1 wide", bytes: Crafted.bmp(width: 1 << 20 + 1, height: 1, bitCount: 24, pixels: [0]),
             code: .corrupt),
        Case(name: "65536 x 65536 header in a tiny file", bytes: Crafted.bmp(
            width: 65536, height: 65536, bitCount: 24, pixels: [0]), code: .tooLarge),
        Case(name: "pixel data shorter than the rows", bytes: Crafted.bmp(
            width: 100, height: 100, bitCount: 24, pixels: [UInt8](repeating: 0, count: 100)), code: .truncated),
        Case(name: "data offset past the end", bytes: Crafted.bmp(
            width: 1, height: 1, bitCount: 24, pixels: [0, 0, 0, 0], dataOffset: 0xFFFF_FFF0), code: .truncated),
        Case(name: "data offset inside the header", bytes: Crafted.bmp(
            width: 1, height: 1, bitCount: 24, pixels: [0, 0, 0, 0], dataOffset: 20), code: .corrupt),
        Case(name: "bit depth 7", bytes: Crafted.bmp(width: 1, height: 1, bitCount: 7, pixels: [0, 0, 0, 0]),
             code: .unsupportedFormat),
        Case(name: "RLE8", bytes: Crafted.bmp(width: 1, height: 1, bitCount: 8, compression: 1, pixels: [0, 0, 0, 0]),
             code: .unsupportedFormat),
        Case(name: "palette past the end (8-bit, no table)", bytes: Array(Crafted.bmp(
            width: 1, height: 1, bitCount: 8, colorsUsed: 0xFFFF_FFFF, pixels: []).prefix(54)), code: .truncated),
        Case(name: "masks past the end", bytes: Array(Crafted.bmp(
            width: 1, height: 1, bitCount: 32, compression: 3, pixels: []).prefix(56)), code: .truncated),
    ]

    @Test("malformed headers fail cleanly with the right code", arguments: cases)
    func malformed(_ c: Case) {
        #expect(imagingError { _ = try ImageDecoder.decode(data: c.bytes) }?.code == c.code)
    }

    @Test("every single-byte corruption of the 130-byte file fails cleanly or decodes")
    func everyByte() {
        var outcomes = Set<String>()
        for i in 0 ..< Crafted.bitfieldsWithHoles.count {
            for value: UInt8 in [0x00, 0x01, 0x7F, 0x80, 0xFF] {
                var b = Crafted.bitfieldsWithHoles
                b[i] = value
                do { _ = try ImageDecoder.decode(data: b); outcomes.insert("decoded") } catch let e as ImagingError {
                    outcomes.insert(e.code.rawValue)
                } catch { outcomes.insert("other") }
            }
        }
        #expect(!outcomes.contains("other"))
        #expect(outcomes.contains("corrupt"))
    }
}

/// The `ImagingError` `body` throws, if any.
func imagingError(_ body: () throws -> Void) -> ImagingError? {
    do { try body() } catch let e as ImagingError { return e } catch { return nil }
    return nil
}
