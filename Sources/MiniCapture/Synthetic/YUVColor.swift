/// A colour in limited-range BT.601 YCbCr, as stored in I420 frames.
public struct YUVColor: Sendable, Hashable {
    public var y: UInt8
    public var u: UInt8
    public var v: UInt8

    /// Creates a colour from Y, Cb, Cr.
    public init(y: UInt8, u: UInt8, v: UInt8) {
        self.y = y
        self.u = u
        self.v = v
    }

    /// Converts 8-bit sRGB to limited-range BT.601 with integer arithmetic (deterministic).
    public init(r: Int, g: Int, b: Int) {
        func clamp(_ x: Int) -> UInt8 { UInt8(min(255, max(0, x))) }
        y = clamp(((66 * r + 129 * g + 25 * b + 128) >> 8) + 16)
        u = clamp(((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128)
        v = clamp(((112 * r - 94 * g - 18 * b + 128) >> 8) + 128)
    }

    static let white = YUVColor(y: 235, u: 128, v: 128)
    static let black = YUVColor(y: 16, u: 128, v: 128)
}
