import CYUV

/// Converts camera frames (I420, NV12, YUY2) to RGBA8 with libyuv, optionally
/// scaling, into caller-provided memory.
///
/// An instance keeps reusable scratch memory for the scaling path, so steady-state
/// conversion of same-sized frames performs no allocation. Not thread-safe: use one
/// converter per camera/worker.
public final class FrameConverter {
    private var scratch: [UInt8] = []

    /// Creates a converter.
    public init() {}

    /// Converts `frame` into `destination` (RGBA8, `bytesPerRow` stride, `width` x
    /// `height`). If the size differs from the frame's, the frame is scaled (box
    /// filter when shrinking, bilinear when enlarging).
    public func convert(_ frame: YUVFrame, into destination: UnsafeMutableRawBufferPointer,
                        bytesPerRow: Int, width: Int, height: Int) throws {
        guard width > 0, height > 0, bytesPerRow >= width * 4, let dstBase = destination.baseAddress,
              destination.count >= bytesPerRow * (height - 1) + width * 4 else {
            throw ImagingError(.invalidArgument, "destination buffer too small for \(width)x\(height)")
        }
        let fw = frame.width, fh = frame.height
        guard fw > 0, fh > 0, fw <= 1 << 16, fh <= 1 << 16 else {
            throw ImagingError(.invalidArgument, "invalid frame size \(fw)x\(fh)")
        }
        let dst = dstBase.assumingMemoryBound(to: UInt8.self)
        let dstStride = Int32(bytesPerRow)
        let scaling = fw != width || fh != height
        let filter = (width <= fw && height <= fh) ? kFilterBox : kFilterBilinear
        let cw = (fw + 1) / 2, ch = (fh + 1) / 2
        var rc: Int32 = 0

        switch frame {
        case let .i420(yP, uP, vP, _, _):
            let y = try yP.validate(rowBytes: fw, rows: fh, name: "Y")
            let u = try uP.validate(rowBytes: cw, rows: ch, name: "U")
            let v = try vP.validate(rowBytes: cw, rows: ch, name: "V")
            if !scaling {
                rc = I420ToABGR(y, Int32(yP.stride), u, Int32(uP.stride), v, Int32(vP.stride), dst, dstStride, Int32(fw), Int32(fh))
            } else {
                // Scale the planes (cheaper than scaling RGBA), then convert.
                let dcw = (width + 1) / 2, dch = (height + 1) / 2
                let ySize = width * height, cSize = dcw * dch
                ensureScratch(ySize + 2 * cSize)
                rc = scratch.withUnsafeMutableBufferPointer { s in
                    let sy = s.baseAddress!, su = sy + ySize, sv = su + cSize
                    let r = I420Scale(y, Int32(yP.stride), u, Int32(uP.stride), v, Int32(vP.stride), Int32(fw), Int32(fh),
                                      sy, Int32(width), su, Int32(dcw), sv, Int32(dcw), Int32(width), Int32(height), filter)
                    guard r == 0 else { return r }
                    return I420ToABGR(sy, Int32(width), su, Int32(dcw), sv, Int32(dcw), dst, dstStride, Int32(width), Int32(height))
                }
            }
        case let .nv12(yP, uvP, _, _):
            let y = try yP.validate(rowBytes: fw, rows: fh, name: "Y")
            let uv = try uvP.validate(rowBytes: cw * 2, rows: ch, name: "UV")
            if !scaling {
                rc = NV12ToABGR(y, Int32(yP.stride), uv, Int32(uvP.stride), dst, dstStride, Int32(fw), Int32(fh))
            } else {
                let dcw = (width + 1) / 2, dch = (height + 1) / 2
                let ySize = width * height
                ensureScratch(ySize + dcw * 2 * dch)
                rc = scratch.withUnsafeMutableBufferPointer { s in
                    let sy = s.baseAddress!, suv = sy + ySize
                    let r = NV12Scale(y, Int32(yP.stride), uv, Int32(uvP.stride), Int32(fw), Int32(fh),
                                      sy, Int32(width), suv, Int32(dcw * 2), Int32(width), Int32(height), filter)
                    guard r == 0 else { return r }
                    return NV12ToABGR(sy, Int32(width), suv, Int32(dcw * 2), dst, dstStride, Int32(width), Int32(height))
                }
            }
        case let .yuy2(p, _, _):
            let src = try p.validate(rowBytes: cw * 4, rows: fh, name: "YUY2")
            if !scaling {
                rc = YUY2ToARGB(src, Int32(p.stride), dst, dstStride, Int32(fw), Int32(fh))
            } else {
                ensureScratch(fw * 4 * fh)
                rc = scratch.withUnsafeMutableBufferPointer { s in
                    let tmp = s.baseAddress!
                    let r = YUY2ToARGB(src, Int32(p.stride), tmp, Int32(fw * 4), Int32(fw), Int32(fh))
                    guard r == 0 else { return r }
                    return ARGBScale(tmp, Int32(fw * 4), Int32(fw), Int32(fh), dst, dstStride, Int32(width), Int32(height), filter)
                }
            }
            // libyuv "ARGB" is B,G,R,A in memory; swap to R,G,B,A in place.
            if rc == 0 { rc = ARGBToABGR(dst, dstStride, dst, dstStride, Int32(width), Int32(height)) }
        }
        guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv conversion failed (\(rc))") }
    }

    /// Converts into a `PixelBuffer`, using its size as the target size.
    public func convert(_ frame: YUVFrame, into buffer: inout PixelBuffer) throws {
        let (w, h, stride) = (buffer.width, buffer.height, buffer.bytesPerRow)
        try buffer.withUnsafeMutableBytes { try convert(frame, into: $0, bytesPerRow: stride, width: w, height: h) }
    }

    /// Converts RGBA8 to I420 (BT.601 limited range) into caller-provided planes of
    /// the same size (chroma planes `(width+1)/2` x `(height+1)/2`).
    public static func rgbaToI420(_ image: PixelBuffer, y: UnsafeMutableRawBufferPointer, yStride: Int,
                                  u: UnsafeMutableRawBufferPointer, uStride: Int,
                                  v: UnsafeMutableRawBufferPointer, vStride: Int) throws {
        let w = image.width, h = image.height, cw = (w + 1) / 2, ch = (h + 1) / 2
        func check(_ p: UnsafeMutableRawBufferPointer, _ stride: Int, _ rowBytes: Int, _ rows: Int) throws -> UnsafeMutablePointer<UInt8> {
            guard stride >= rowBytes, let b = p.baseAddress, p.count >= stride * (rows - 1) + rowBytes else {
                throw ImagingError(.invalidArgument, "I420 output plane too small")
            }
            return b.assumingMemoryBound(to: UInt8.self)
        }
        let py = try check(y, yStride, w, h), pu = try check(u, uStride, cw, ch), pv = try check(v, vStride, cw, ch)
        let rc = image.withUnsafeBytes { src in
            ABGRToI420(src.baseAddress!.assumingMemoryBound(to: UInt8.self), Int32(image.bytesPerRow),
                       py, Int32(yStride), pu, Int32(uStride), pv, Int32(vStride), Int32(w), Int32(h))
        }
        guard rc == 0 else { throw ImagingError(.invalidArgument, "libyuv ABGRToI420 failed (\(rc))") }
    }

    private func ensureScratch(_ count: Int) {
        if scratch.count < count { scratch = [UInt8](repeating: 0, count: count) }
    }
}
