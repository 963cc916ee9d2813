/// Pixel conversions to 8-bit luminance.
public enum Luminance {
    /// Converts RGBA (R,G,B,A) pixels to luminance with zxing's integer BT.601 weights
    /// `(306 R + 601 G + 117 B + 512) >> 10`. Alpha is ignored.
    public static func fromRGBA(_ rgba: [UInt8], width: Int, height: Int, bytesPerRow: Int = 0) -> [UInt8] {
        let stride = bytesPerRow == 0 ? width * 4 : bytesPerRow
        precondition(rgba.count >= stride * (height - 1) + width * 4, "RGBA buffer too small")
        var out = [UInt8](repeating: 0, count: width * height)
        rgba.withUnsafeBufferPointer { src in
            out.withUnsafeMutableBufferPointer { dst in
                for y in 0..<height {
                    var s = y * stride
                    var d = y * width
                    for _ in 0..<width {
                        let v = (306 &* UInt32(src[s]) &+ 601 &* UInt32(src[s + 1]) &+ 117 &* UInt32(src[s + 2]) &+ 0x200) >> 10
                        dst[d] = UInt8(truncatingIfNeeded: v)
                        s += 4
                        d += 1
                    }
                }
            }
        }
        return out
    }
}
