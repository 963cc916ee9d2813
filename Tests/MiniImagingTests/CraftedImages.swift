import Foundation
@testable import MiniImaging

/// Small hand-built files for the malformed-header and bomb tests, generated in the test
/// (nothing large is committed).
enum Crafted {
    // MARK: BMP

    /// A BITMAPINFOHEADER (or V4/V5 with `dib`) BMP; `pixels` follows the palette / masks.
    static func bmp(width: Int32, height: Int32, bitCount: UInt16, compression: UInt32 = 0, dib: UInt32 = 40,
                    masks: [UInt32] = [], colorsUsed: UInt32 = 0, palette: [UInt8] = [], pixels: [UInt8],
                    dataOffset: UInt32? = nil) -> [UInt8] {
        var info: [UInt8] = le32(dib) + le32(UInt32(bitPattern: width)) + le32(UInt32(bitPattern: height))
            + le16(1) + le16(bitCount) + le32(compression) + le32(UInt32(pixels.count)) + le32(2835) + le32(2835)
            + le32(colorsUsed) + le32(0)
        if dib > 40 {
            for m in masks.prefix(4) { info += le32(m) }
            info += [UInt8](repeating: 0, count: max(0, Int(dib) - info.count))
        }
        var extra: [UInt8] = dib == 40 ? masks.flatMap(le32) : []
        extra += palette
        let offset = dataOffset ?? UInt32(14 + info.count + extra.count)
        let total = UInt32(14 + info.count + extra.count + pixels.count)
        return Array("BM".utf8) + le32(total) + le32(0) + le32(offset) + info + extra + pixels
    }

    /// The attack file: 130 bytes, 32-bit BI_BITFIELDS, a red mask with holes (0x00F0F000).
    static let bitfieldsWithHoles: [UInt8] = bmp(
        width: 4, height: 4, bitCount: 32, compression: 3, masks: [0x00F0_F000, 0x0000_0F00, 0x0000_00FF],
        pixels: [UInt8](repeating: 0xFF, count: 64))

    // MARK: GIF

    /// A GIF89a with a `screen` logical screen, a 4-colour global table, and one frame of
    /// `frame` size whose LZW data paints `paintedPixels` pixels of colour 1, then ends.
    static func gif(screen: (Int, Int), frame: (Int, Int), paintedPixels: Int, interlaced: Bool = false) -> [UInt8] {
        var out = Array("GIF89a".utf8) + le16(UInt16(screen.0)) + le16(UInt16(screen.1)) + [0xF1, 0, 0]
        out += [0, 0, 0, 255, 0, 0, 0, 255, 0, 0, 0, 255]           // 4 colours
        out += [0x2C] + le16(0) + le16(0) + le16(UInt16(frame.0)) + le16(UInt16(frame.1)) + [interlaced ? 0x40 : 0]
        out += [2]                                                    // LZW minimum code size
        // Codes are 3 bits: clear (4), then two literals, repeated, so the table never grows.
        var bits = BitWriter()
        var painted = 0
        while painted < paintedPixels {
            bits.write(4, 3)
            bits.write(1, 3); painted += 1
            if painted < paintedPixels { bits.write(1, 3); painted += 1 }
        }
        bits.write(5, 3)                                              // end of information
        let data = bits.flushed
        var i = 0
        while i < data.count {
            let n = min(255, data.count - i)
            out += [UInt8(n)] + data[i ..< i + n]
            i += n
        }
        return out + [0, 0x3B]
    }

    // MARK: PNG

    /// A `width` x `height` 8-bit greyscale PNG of black pixels: a fixed-Huffman deflate stream
    /// of one literal and length-258 back-references, so 100 MP is well under 1 MB.
    static func blackPNG(width: Int, height: Int) -> [UInt8] {
        let raw = (width + 1) * height                                // filter byte per row
        func literalZero(_ bits: inout BitWriter) { bits.writeReversed(0b0011_0000, 8) }
        func match258(_ bits: inout BitWriter) {
            bits.writeReversed(0b1100_0101, 8)                       // length code 285 = 258
            bits.writeReversed(0, 5)                                 // distance code 0 = 1
        }
        let matches = (raw - 1) / 258
        precondition(matches >= 1)
        // 3 header bits + one literal + one 13-bit match end on a byte boundary, and every 8
        // further matches are exactly 13 bytes: repeat that block instead of packing bits.
        var head = BitWriter()
        head.write(1, 1); head.write(1, 2)                           // final block, fixed Huffman
        literalZero(&head)
        match258(&head)
        var block = BitWriter()
        for _ in 0 ..< 8 { match258(&block) }
        var tail = BitWriter()
        for _ in 0 ..< (matches - 1) % 8 { match258(&tail) }
        for _ in 0 ..< (raw - 1) % 258 { literalZero(&tail) }
        tail.writeReversed(0, 7)                                     // end of block (256)
        var deflate = head.bytes
        deflate.reserveCapacity(deflate.count + (matches / 8 + 1) * 13 + 64)
        for _ in 0 ..< (matches - 1) / 8 { deflate += block.bytes }
        deflate += tail.flushed
        let adler = UInt32(raw % 65521) << 16 | 1
        let zlib: [UInt8] = [0x78, 0x01] + deflate + be32(adler)
        let ihdr = be32(UInt32(width)) + be32(UInt32(height)) + [8, 0, 0, 0, 0]
        return [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", ihdr) + chunk("IDAT", zlib)
            + chunk("IEND", [])
    }

    static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let body = Array(type.utf8) + data
        return be32(UInt32(data.count)) + body + be32(crc32(body))
    }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0 ..< 8 { crc = crc & 1 != 0 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    // MARK: Patching real files

    /// `bytes` with every `ispe` box claiming `width` x `height`.
    static func heifClaiming(_ bytes: [UInt8], width: UInt32, height: UInt32) -> (bytes: [UInt8], patched: Int) {
        var out = bytes
        var patched = 0
        let tag = Array("ispe".utf8)
        var i = 0
        while i + 16 <= out.count {
            if Array(out[i ..< i + 4]) == tag {
                out.replaceSubrange(i + 8 ..< i + 16, with: be32(width) + be32(height))
                patched += 1
            }
            i += 1
        }
        return (out, patched)
    }

    /// `jpeg` with its first SOF claiming `width` x `height`.
    static func jpegClaiming(_ jpeg: [UInt8], width: UInt16, height: UInt16) -> [UInt8] {
        var out = jpeg
        var i = 2
        while i + 9 < out.count {
            guard out[i] == 0xFF else { break }
            let marker = out[i + 1]
            let length = Int(out[i + 2]) << 8 | Int(out[i + 3])
            if JPEGHeaderParser.isStartOfFrame(marker) {
                out.replaceSubrange(i + 5 ..< i + 9, with: be16(height) + be16(width))
                return out
            }
            i += 2 + length
        }
        return out
    }

    // MARK: Bytes

    static func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
    static func le32(_ v: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8(v >> (8 * UInt32($0)) & 0xFF) } }
    static func be16(_ v: UInt16) -> [UInt8] { [UInt8(v >> 8), UInt8(v & 0xFF)] }
    static func be32(_ v: UInt32) -> [UInt8] { (0 ..< 4).reversed().map { UInt8(v >> (8 * UInt32($0)) & 0xFF) } }

    static func write(_ bytes: [UInt8], _ name: String, in dir: String) throws -> String {
        let path = "\(dir)/\(name)"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}

/// LSB-first bit packing (GIF LZW and deflate order).
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var current: UInt32 = 0
    private var count: UInt32 = 0

    /// Writes the low `n` bits of `value`, least significant first.
    mutating func write(_ value: UInt32, _ n: UInt32) {
        for i in 0 ..< n { push((value >> i) & 1) }
    }

    /// Writes `n` bits of `value`, most significant first (deflate Huffman codes).
    mutating func writeReversed(_ value: UInt32, _ n: UInt32) {
        for i in (0 ..< n).reversed() { push((value >> i) & 1) }
    }

    private mutating func push(_ bit: UInt32) {
        current |= bit << count
        count += 1
        if count == 8 { bytes.append(UInt8(current)); current = 0; count = 0 }
    }

    var flushed: [UInt8] { count > 0 ? bytes + [UInt8(current)] : bytes }
}

extension Crafted {
    /// `jpeg` (progressive) with its last scan repeated `extra` times before EOI: every scan is
    /// another pass over the whole coefficient buffer, so scan count is a CPU bomb.
    static func repeatingLastScan(_ jpeg: [UInt8], extra: Int) -> [UInt8] {
        var i = 2
        var lastScan: Range<Int>?
        while i + 4 <= jpeg.count, jpeg[i] == 0xFF {
            let marker = jpeg[i + 1]
            if marker == 0xD9 { break }
            let length = Int(jpeg[i + 2]) << 8 | Int(jpeg[i + 3])
            var end = i + 2 + length
            if marker == 0xDA { // entropy-coded data runs to the next non-RST marker
                while end + 1 < jpeg.count, !(jpeg[end] == 0xFF && jpeg[end + 1] != 0 && !(0xD0 ... 0xD7).contains(jpeg[end + 1])) {
                    end += 1
                }
                lastScan = i ..< end
            }
            i = end
        }
        guard let scan = lastScan else { return jpeg }
        let body = Array(jpeg[..<scan.upperBound])
        return body + [UInt8]((0 ..< extra).flatMap { _ in jpeg[scan] }) + Array(jpeg[scan.upperBound...])
    }
}
