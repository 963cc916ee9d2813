/// Pixel layouts a `CameraFrame` can carry.
public enum PixelFormat: String, Sendable, Hashable, CaseIterable {
    /// Planar YUV 4:2:0: Y, then U (Cb), then V (Cr), chroma subsampled 2x2.
    case i420 = "I420"
    /// Semi-planar YUV 4:2:0: Y, then interleaved U/V.
    case nv12 = "NV12"
    /// Packed YUV 4:2:2: Y0 U Y1 V per two pixels.
    case yuyv = "YUYV"
    /// Packed 8-bit R, G, B, A.
    case rgba = "RGBA"

    /// Number of planes in this layout.
    public var planeCount: Int {
        switch self {
        case .i420: return 3
        case .nv12: return 2
        case .yuyv, .rgba: return 1
        }
    }

    /// Plane geometry `(bytesPerRow, rows)` for a tightly packed image of the given size.
    public func planeGeometry(width: Int, height: Int) -> [(bytesPerRow: Int, rows: Int)] {
        let cw = (width + 1) / 2, ch = (height + 1) / 2
        switch self {
        case .i420: return [(width, height), (cw, ch), (cw, ch)]
        case .nv12: return [(width, height), (cw * 2, ch)]
        case .yuyv: return [(cw * 4, height)]
        case .rgba: return [(width * 4, height)]
        }
    }

    /// Total bytes of a tightly packed image of the given size.
    public func byteCount(width: Int, height: Int) -> Int {
        planeGeometry(width: width, height: height).reduce(0) { $0 + $1.bytesPerRow * $1.rows }
    }
}
