import MiniCapture
import MiniCore
import MiniImaging

extension CameraFrame {
    /// A borrowed view of the frame's pixels inside `crop` (even offsets), for libyuv.
    /// Valid only while the frame is alive.
    func yuv(crop: (x: Int, y: Int, width: Int, height: Int)) throws -> YUVFrame {
        let p = planes
        func view(_ plane: FramePlane, offset: Int) -> YUVPlane {
            YUVPlane(
                bytes: UnsafeRawBufferPointer(start: plane.baseAddress + offset, count: plane.byteCount - offset),
                stride: plane.bytesPerRow)
        }
        let (x, y, w, h) = crop
        switch pixelFormat {
        case .i420:
            let c = (y / 2) * p[1].bytesPerRow + x / 2
            return .i420(
                y: view(p[0], offset: y * p[0].bytesPerRow + x), u: view(p[1], offset: c),
                v: view(p[2], offset: (y / 2) * p[2].bytesPerRow + x / 2), width: w, height: h)
        case .nv12:
            return .nv12(
                y: view(p[0], offset: y * p[0].bytesPerRow + x), uv: view(p[1], offset: (y / 2) * p[1].bytesPerRow + x),
                width: w, height: h)
        case .yuyv:
            return .yuy2(view(p[0], offset: y * p[0].bytesPerRow + x * 2), width: w, height: h)
        case .rgba:
            throw MediaError.internalError("camera delivered RGBA frames, which MiniCamera does not convert")
        }
    }

    /// The luminance samples inside `crop`: pointer, row stride, sample stride.
    func luma(crop: (x: Int, y: Int, width: Int, height: Int)) -> (UnsafeRawPointer, Int, Int)? {
        guard let l = luma else { return nil }
        return (l.baseAddress + crop.y * l.bytesPerRow + crop.x * l.pixelStride, l.bytesPerRow, l.pixelStride)
    }
}
