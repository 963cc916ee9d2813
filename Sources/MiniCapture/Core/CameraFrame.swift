/// A captured frame: pixel layout, planes, sequence number and timestamps.
/// Holding a frame keeps its buffer out of the device's pool; drop it promptly.
public struct CameraFrame: Sendable {
    /// 0-based index of the frame since the device was opened.
    public let sequence: Int
    /// Media time of the frame since the start of the stream (for synthetic frames exactly
    /// `sequence * frameDuration`; for files the decoded timestamp, continued across loops).
    public let presentationTime: Duration
    /// Time on the device's `MediaClock` at which the frame was delivered.
    public let captureTime: Duration
    /// The pixel storage.
    public let buffer: FrameBuffer

    /// Creates a frame (used by device implementations).
    public init(sequence: Int, presentationTime: Duration, captureTime: Duration, buffer: FrameBuffer) {
        self.sequence = sequence
        self.presentationTime = presentationTime
        self.captureTime = captureTime
        self.buffer = buffer
    }

    /// Pixel layout.
    public var pixelFormat: PixelFormat { buffer.pixelFormat }
    /// Width in pixels.
    public var width: Int { buffer.width }
    /// Height in pixels.
    public var height: Int { buffer.height }
    /// Planes in layout order.
    public var planes: [FramePlane] { buffer.planes }

    /// The luminance samples, if the format has them: pointer, row stride and the distance
    /// between samples (1 for I420/NV12, 2 for YUYV). `nil` for RGBA.
    public var luma: (baseAddress: UnsafeRawPointer, bytesPerRow: Int, pixelStride: Int)? {
        switch pixelFormat {
        case .i420, .nv12: return (planes[0].baseAddress, planes[0].bytesPerRow, 1)
        case .yuyv: return (planes[0].baseAddress, planes[0].bytesPerRow, 2)
        case .rgba: return nil
        }
    }

    /// Copies plane `index` into an array (tests, debugging).
    public func copyPlane(_ index: Int) -> [UInt8] {
        Array(planes[index].bytes)
    }

    /// Copies all luminance samples into a tightly packed `width*height` array (`nil` for RGBA).
    public func copyLuma() -> [UInt8]? {
        guard let l = luma else { return nil }
        var out = [UInt8](repeating: 0, count: width * height)
        for y in 0..<height {
            let row = l.baseAddress + y * l.bytesPerRow
            for x in 0..<width { out[y * width + x] = row.load(fromByteOffset: x * l.pixelStride, as: UInt8.self) }
        }
        return out
    }
}
