/// A small, bounds-checked BMP parser: uncompressed 1/4/8-bit palette, 16/24/32-bit
/// BI_RGB and BI_BITFIELDS, bottom-up or top-down. RLE/JPEG/PNG-in-BMP are rejected
/// as `.unsupportedFormat`.
enum BMPDecoder: HeaderProbing, PixelDecoding {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        let info = try parseInfo(source)
        return ImageHeader(format: .bmp, width: info.width, height: info.height)
    }

    private struct Info {
        var width: Int
        var height: Int
        var topDown: Bool
        var bitCount: Int
        var compression: Int
        var dibSize: Int
        var dataOffset: Int
        var colorsUsed: Int
    }

    private static func parseInfo(_ s: ByteSource) throws -> Info {
        let dataOffset = try s.u32le(10)
        let dib = try s.u32le(14)
        var info: Info
        if dib == 12 { // BITMAPCOREHEADER
            info = Info(width: try s.u16le(18), height: try s.u16le(20), topDown: false,
                        bitCount: try s.u16le(24), compression: 0, dibSize: dib, dataOffset: dataOffset, colorsUsed: 0)
        } else {
            guard dib >= 40 else { throw ImagingError(.corrupt, "unsupported BMP header size \(dib)") }
            let rawH = try s.i32le(22)
            info = Info(width: try s.i32le(18), height: abs(rawH), topDown: rawH < 0,
                        bitCount: try s.u16le(28), compression: try s.u32le(30), dibSize: dib,
                        dataOffset: dataOffset, colorsUsed: try s.u32le(46))
        }
        guard info.width > 0, info.height > 0, info.width <= 1 << 20, info.height <= 1 << 20 else {
            throw ImagingError(.corrupt, "invalid BMP dimensions \(info.width)x\(info.height)")
        }
        return info
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        let bytes = [UInt8](data)
        let s = ByteSource(bytes: bytes)
        let info = try parseInfo(s)
        try request.limits.check(width: info.width, height: info.height)
        guard info.compression == 0 || info.compression == 3 || info.compression == 6 else {
            throw ImagingError(.unsupportedFormat, "compressed BMP (method \(info.compression)) is not supported")
        }
        let bpp = info.bitCount
        guard [1, 4, 8, 16, 24, 32].contains(bpp) else {
            throw ImagingError(.unsupportedFormat, "BMP bit depth \(bpp) is not supported")
        }

        // Channel masks for 16/32-bit.
        var masks: (r: UInt32, g: UInt32, b: UInt32, a: UInt32) =
            bpp == 16 ? (0x7C00, 0x03E0, 0x001F, 0) : (0x00FF_0000, 0x0000_FF00, 0x0000_00FF, 0)
        if info.compression == 3 || info.compression == 6 {
            let at = info.dibSize >= 52 ? 54 : 14 + info.dibSize // V2+ headers embed masks
            masks.r = UInt32(try s.u32le(at))
            masks.g = UInt32(try s.u32le(at + 4))
            masks.b = UInt32(try s.u32le(at + 8))
            if info.dibSize >= 56 || info.compression == 6 { masks.a = UInt32(try s.u32le(at + 12)) }
            for (name, mask) in [("red", masks.r), ("green", masks.g), ("blue", masks.b), ("alpha", masks.a)]
            where bpp == 16 || bpp == 32 {
                try checkMask(mask, name, bitCount: bpp)
            }
        }

        var palette: [RGBA] = []
        if bpp <= 8 {
            let entrySize = info.dibSize == 12 ? 3 : 4
            let n = info.colorsUsed > 0 ? min(info.colorsUsed, 1 << bpp) : 1 << bpp
            let start = 14 + info.dibSize
            let table = try s.read(start, n * entrySize)
            let t = Array(table)
            for i in 0 ..< n {
                palette.append(RGBA(t[i * entrySize + 2], t[i * entrySize + 1], t[i * entrySize], 255))
            }
        }

        let rowBytes = ((info.width * bpp + 31) / 32) * 4
        guard info.dataOffset >= 14 + info.dibSize || info.dibSize == 12 else {
            throw ImagingError(.corrupt, "BMP pixel data offset overlaps header")
        }
        // width, height ≤ 2^20 and bpp ≤ 32, so none of this can overflow.
        let need = info.dataOffset + rowBytes * info.height
        guard need <= bytes.count else { throw ImagingError(.truncated, "BMP pixel data is truncated") }

        // Masks are contiguous (checked above), so `v <= maxV` and the scaled value fits a byte.
        let channel = { (value: UInt32, mask: UInt32) -> UInt8 in
            guard mask != 0 else { return 255 }
            let shift = UInt32(mask.trailingZeroBitCount)
            let bits = (mask >> shift).nonzeroBitCount
            let v = (value & mask) >> shift
            if bits >= 8 { return UInt8(truncatingIfNeeded: v >> UInt32(bits - 8)) }
            let maxV = (UInt32(1) << UInt32(bits)) - 1
            return UInt8(truncatingIfNeeded: min(255, (v * 255 + maxV / 2) / maxV))
        }
        let width = info.width, height = info.height
        let deadline = request.deadline
        return try PixelBuffer(uninitializedWidth: width, height: height) { out in
            let dst = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
            try bytes.withUnsafeBufferPointer { src in
                for y in 0 ..< height {
                    try deadline.check("BMP decode")
                    let srcRow = info.dataOffset + (info.topDown ? y : height - 1 - y) * rowBytes
                    let o = dst + y * width * 4
                    for x in 0 ..< width {
                        var c = RGBA(0, 0, 0, 255)
                        switch bpp {
                        case 24:
                            let p = srcRow + x * 3
                            c = RGBA(src[p + 2], src[p + 1], src[p], 255)
                        case 32, 16:
                            let p = srcRow + x * (bpp / 8)
                            let v = bpp == 32
                                ? UInt32(src[p]) | UInt32(src[p + 1]) << 8 | UInt32(src[p + 2]) << 16 | UInt32(src[p + 3]) << 24
                                : UInt32(src[p]) | UInt32(src[p + 1]) << 8
                            c = RGBA(channel(v, masks.r), channel(v, masks.g), channel(v, masks.b), channel(v, masks.a))
                        default:
                            let bitIndex = x * bpp
                            let byte = src[srcRow + bitIndex / 8]
                            let shift = 8 - bpp - (bitIndex % 8)
                            let index = Int(byte >> UInt8(shift)) & ((1 << bpp) - 1)
                            c = index < palette.count ? palette[index] : RGBA(0, 0, 0, 255)
                        }
                        o[x * 4] = c.r; o[x * 4 + 1] = c.g; o[x * 4 + 2] = c.b; o[x * 4 + 3] = c.a
                    }
                }
            }
        }
    }

    /// A channel mask must be one run of set bits inside the pixel's `bitCount` bits (or zero).
    /// A mask with holes would scale values past 255; one past the pixel reads bits that
    /// are not there.
    private static func checkMask(_ mask: UInt32, _ name: String, bitCount: Int) throws {
        guard mask != 0 else { return }
        let run = mask >> UInt32(mask.trailingZeroBitCount)
        guard run & (run &+ 1) == 0 else {
            throw ImagingError(.corrupt, "BMP \(name) mask 0x\(String(mask, radix: 16)) is not contiguous")
        }
        guard bitCount >= 32 || mask >> UInt32(bitCount) == 0 else {
            throw ImagingError(.corrupt, "BMP \(name) mask 0x\(String(mask, radix: 16)) exceeds \(bitCount)-bit pixels")
        }
    }
}
