/// Container/codec of an encoded image, detected from magic bytes only.
///
/// Raw values are the names mini-programs use (`getImageInfo().type`).
public enum ImageFormat: String, Sendable, CaseIterable {
    case jpeg, png, webp, gif, bmp, heic, tiff, unknown

    /// Detects the format from the first bytes of a file (16 bytes are enough for
    /// everything except HEIF brand lists, for which up to 64 bytes are examined).
    /// The file name/extension is never consulted.
    public static func detect<C: RandomAccessCollection>(magic bytes: C) -> ImageFormat
    where C.Element == UInt8, C.Index == Int {
        let b = bytes
        let n = b.count
        let s = b.startIndex
        func at(_ i: Int) -> UInt8 { b[s + i] }
        func matches(_ offset: Int, _ sig: [UInt8]) -> Bool {
            guard n >= offset + sig.count else { return false }
            for (i, v) in sig.enumerated() where at(offset + i) != v { return false }
            return true
        }
        if matches(0, [0xFF, 0xD8, 0xFF]) { return .jpeg }
        if matches(0, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return .png }
        if matches(0, Array("GIF87a".utf8)) || matches(0, Array("GIF89a".utf8)) { return .gif }
        if matches(0, Array("RIFF".utf8)) && matches(8, Array("WEBP".utf8)) { return .webp }
        if matches(0, [0x49, 0x49, 0x2A, 0x00]) || matches(0, [0x4D, 0x4D, 0x00, 0x2A]) { return .tiff }
        if matches(0, Array("BM".utf8)) && n >= 18 {
            // BITMAPFILEHEADER is followed by a DIB header whose size is one of a few values.
            let dib = UInt32(at(14)) | UInt32(at(15)) << 8 | UInt32(at(16)) << 16 | UInt32(at(17)) << 24
            if [12, 16, 40, 52, 56, 64, 108, 124].contains(dib) { return .bmp }
        }
        if matches(4, Array("ftyp".utf8)) && n >= 12 {
            let boxSize = Int(at(0)) << 24 | Int(at(1)) << 16 | Int(at(2)) << 8 | Int(at(3))
            let end = Swift.min(n, Swift.max(boxSize, 12))
            var brands: [String] = []
            var i = 8
            while i + 4 <= end {
                if i != 12 { // skip minor_version
                    brands.append(String(decoding: (0..<4).map { at(i + $0) }, as: UTF8.self))
                }
                i += 4
            }
            let heic: Set<String> = ["heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs"]
            if let major = brands.first, heic.contains(major) { return .heic }
            if brands.contains(where: { $0 == "avif" || $0 == "avis" }) { return .unknown }
            if brands.contains(where: { heic.contains($0) || $0 == "mif1" || $0 == "msf1" }) { return .heic }
        }
        return .unknown
    }
}
