import CYUV

/// An owned, tightly packed planar YUV 4:2:0 image (JPEG full-range YCbCr when it
/// comes from TurboJPEG). Used by the JPEG→JPEG fast path of `ImageCompressor`,
/// which never converts to RGB: 1.5 bytes per pixel, no colour conversion.
struct I420Image {
    let width: Int
    let height: Int
    var chromaWidth: Int { (width + 1) / 2 }
    var chromaHeight: Int { (height + 1) / 2 }
    var lumaSize: Int { width * height }
    var chromaSize: Int { chromaWidth * chromaHeight }
    /// Y plane, then U, then V.
    var storage: [UInt8]

    /// Allocates without zero-filling; `fill` must write every plane.
    init(width: Int, height: Int,
         fill: (_ y: UnsafeMutablePointer<UInt8>, _ u: UnsafeMutablePointer<UInt8>, _ v: UnsafeMutablePointer<UInt8>) throws -> Void) throws {
        guard width > 0, height > 0, width <= 1 << 16, height <= 1 << 16 else {
            throw ImagingError(.invalidArgument, "invalid I420 size \(width)x\(height)")
        }
        self.width = width
        self.height = height
        let ySize = width * height, cSize = ((width + 1) / 2) * ((height + 1) / 2)
        var failure: (any Error)?
        storage = [UInt8](unsafeUninitializedCapacity: ySize + 2 * cSize) { buf, initialized in
            let base = buf.baseAddress!
            do {
                try fill(base, base + ySize, base + ySize + cSize)
            } catch {
                failure = error
            }
            initialized = ySize + 2 * cSize
        }
        if let failure { throw failure }
    }

    func withPlanes<R>(_ body: (UnsafePointer<UInt8>, UnsafePointer<UInt8>, UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { b in
            let base = b.baseAddress!
            return try body(base, base + lumaSize, base + lumaSize + chromaSize)
        }
    }

    /// Box-filtered (shrinking) or bilinear (enlarging) scale with libyuv `I420Scale`.
    func scaled(width w: Int, height h: Int) throws -> I420Image {
        if w == width && h == height { return self }
        let filter = (w <= width && h <= height) ? kFilterBox : kFilterBilinear
        return try withPlanes { sy, su, sv in
            try I420Image(width: w, height: h) { dy, du, dv in
                let cw = Int32((w + 1) / 2)
                let rc = I420Scale(sy, Int32(width), su, Int32(chromaWidth), sv, Int32(chromaWidth), Int32(width), Int32(height),
                                   dy, Int32(w), du, cw, dv, cw, Int32(w), Int32(h), filter)
                guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv I420Scale failed (\(rc))") }
            }
        }
    }

    /// Applies an EXIF orientation (upright result).
    func applying(_ orientation: ImageOrientation) throws -> I420Image {
        switch orientation {
        case .up: return self
        case .upMirrored: return try mirrored()
        case .down: return try rotated(kRotate180)
        case .downMirrored: return try flippedVertically()
        case .leftMirrored: return try rotated(kRotate90).mirrored()
        case .right: return try rotated(kRotate90)
        case .rightMirrored: return try rotated(kRotate270).mirrored()
        case .left: return try rotated(kRotate270)
        }
    }

    private func rotated(_ mode: RotationMode) throws -> I420Image {
        let swap = mode == kRotate90 || mode == kRotate270
        let (w, h) = swap ? (height, width) : (width, height)
        return try withPlanes { sy, su, sv in
            try I420Image(width: w, height: h) { dy, du, dv in
                let cw = Int32((w + 1) / 2)
                let rc = I420Rotate(sy, Int32(width), su, Int32(chromaWidth), sv, Int32(chromaWidth),
                                    dy, Int32(w), du, cw, dv, cw, Int32(width), Int32(height), mode)
                guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv I420Rotate failed (\(rc))") }
            }
        }
    }

    private func mirrored() throws -> I420Image {
        try withPlanes { sy, su, sv in
            try I420Image(width: width, height: height) { dy, du, dv in
                let cw = Int32(chromaWidth)
                let rc = I420Mirror(sy, Int32(width), su, cw, sv, cw, dy, Int32(width), du, cw, dv, cw, Int32(width), Int32(height))
                guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv I420Mirror failed (\(rc))") }
            }
        }
    }

    private func flippedVertically() throws -> I420Image {
        try withPlanes { sy, su, sv in
            try I420Image(width: width, height: height) { dy, du, dv in
                let cw = Int32(chromaWidth)
                // libyuv: a negative height inverts the image.
                let rc = I420Copy(sy, Int32(width), su, cw, sv, cw, dy, Int32(width), du, cw, dv, cw, Int32(width), -Int32(height))
                guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv I420Copy failed (\(rc))") }
            }
        }
    }
}
