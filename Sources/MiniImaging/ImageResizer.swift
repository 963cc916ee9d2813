import CYUV

/// Resampling filter for `PixelBuffer.resized`.
public enum ResizeFilter: Sendable {
    /// Box for downscaling, bilinear for upscaling.
    case automatic
    /// Area averaging (best for downscaling).
    case box
    /// Bilinear interpolation.
    case bilinear
    /// Nearest neighbour.
    case nearest
}

/// Size arithmetic shared by the decoder and the compressor.
enum ImageResizer {
    /// Proportional size whose long edge is `longEdge` (each side ≥ 1).
    static func fit(width: Int, height: Int, longEdge: Int) -> (width: Int, height: Int) {
        if width >= height {
            return (longEdge, max(1, Int((Double(height) * Double(longEdge) / Double(width)).rounded())))
        }
        return (max(1, Int((Double(width) * Double(longEdge) / Double(height)).rounded())), longEdge)
    }
}

extension PixelBuffer {
    /// Returns the image scaled to `width` x `height` with libyuv `ARGBScale`
    /// (per-4-byte-pixel, so RGBA order is kept). Returns `self` if the size is unchanged.
    ///
    /// libyuv's ARGB scaler only box-filters exact 2:1 reductions (other ratios are
    /// bilinear), so large reductions first halve repeatedly with the 2:1 box path and
    /// finish with one bilinear step of ratio < 2, which avoids aliasing.
    public func resized(width newWidth: Int, height newHeight: Int, filter: ResizeFilter = .automatic) throws -> PixelBuffer {
        if newWidth == width && newHeight == height { return self }
        guard newWidth > 0, newHeight > 0 else {
            throw ImagingError(.invalidArgument, "invalid resize target \(newWidth)x\(newHeight)")
        }
        var current = self
        let shrinking = newWidth <= width && newHeight <= height
        if shrinking && (filter == .automatic || filter == .box) {
            while current.width >= 2 * newWidth && current.height >= 2 * newHeight,
                  current.width % 2 == 0, current.height % 2 == 0 {
                var half = try PixelBuffer(uninitializedWidth: current.width / 2, height: current.height / 2) { _ in }
                try current.resize(into: &half, filter: .box)
                current = half
                if current.width == newWidth && current.height == newHeight { return current }
            }
        }
        var out = try PixelBuffer(uninitializedWidth: newWidth, height: newHeight) { _ in }
        try current.resize(into: &out, filter: filter)
        return out
    }

    /// Scales into an existing buffer (its size is the target size); no allocation.
    public func resize(into destination: inout PixelBuffer, filter: ResizeFilter = .automatic) throws {
        let mode: FilterMode
        switch filter {
        case .automatic:
            mode = (destination.width <= width && destination.height <= height) ? kFilterBox : kFilterBilinear
        case .box: mode = kFilterBox
        case .bilinear: mode = kFilterBilinear
        case .nearest: mode = kFilterNone
        }
        let (w, h, stride) = (width, height, bytesPerRow)
        let (dw, dh, dstride) = (destination.width, destination.height, destination.bytesPerRow)
        let rc = withUnsafeBytes { src in
            destination.withUnsafeMutableBytes { dst in
                ARGBScale(src.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(stride), Int32(w), Int32(h),
                          dst.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(dstride), Int32(dw), Int32(dh), mode)
            }
        }
        guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv ARGBScale failed (\(rc))") }
    }
}
