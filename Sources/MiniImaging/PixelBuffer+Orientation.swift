import CYUV

extension PixelBuffer {
    /// Returns the image transformed so that a picture stored with EXIF
    /// `orientation` becomes upright. For 5–8 the result's width/height are swapped.
    ///
    /// Implemented with libyuv `ARGBRotate`/`ARGBMirror`/`ARGBCopy` (these treat each
    /// 4-byte pixel opaquely, so the RGBA channel order is preserved). A negative
    /// source height flips vertically first, which gives the transposes:
    /// 5 = flip + rotate 90° CW, 7 = flip + rotate 270° CW.
    public func applying(_ orientation: ImageOrientation) throws -> PixelBuffer {
        if orientation == .up { return self }
        let (w, h, stride) = (width, height, bytesPerRow)
        let outW = orientation.swapsDimensions ? h : w
        let outH = orientation.swapsDimensions ? w : h
        return try withUnsafeBytes { srcRaw in
            let src = srcRaw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            return try PixelBuffer(uninitializedWidth: outW, height: outH) { out in
                let dst = out.baseAddress!.assumingMemoryBound(to: UInt8.self)
                let dstStride = Int32(outW * 4)
                let rc: Int32
                switch orientation {
                case .up:
                    rc = ARGBCopy(src, Int32(stride), dst, dstStride, Int32(w), Int32(h))
                case .upMirrored:
                    rc = ARGBMirror(src, Int32(stride), dst, dstStride, Int32(w), Int32(h))
                case .down:
                    rc = ARGBRotate(src, Int32(stride), dst, dstStride, Int32(w), Int32(h), kRotate180)
                case .downMirrored:
                    rc = ARGBCopy(src, Int32(stride), dst, dstStride, Int32(w), -Int32(h))
                case .leftMirrored:
                    rc = ARGBRotate(src, Int32(stride), dst, dstStride, Int32(w), -Int32(h), kRotate90)
                case .right:
                    rc = ARGBRotate(src, Int32(stride), dst, dstStride, Int32(w), Int32(h), kRotate90)
                case .rightMirrored:
                    rc = ARGBRotate(src, Int32(stride), dst, dstStride, Int32(w), -Int32(h), kRotate270)
                case .left:
                    rc = ARGBRotate(src, Int32(stride), dst, dstStride, Int32(w), Int32(h), kRotate270)
                }
                guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv orientation transform failed (\(rc))") }
            }
        }
    }
}
