/// Pixel storage for one frame: a single 64-byte aligned allocation split into planes.
/// Buffers are recycled by the device's pool once no `CameraFrame` references them any more.
public final class FrameBuffer: @unchecked Sendable {
    /// Pixel layout.
    public let pixelFormat: PixelFormat
    /// Width in pixels.
    public let width: Int
    /// Height in pixels.
    public let height: Int
    /// Planes in layout order (Y,U,V for I420; Y,UV for NV12; one plane otherwise).
    public let planes: [FramePlane]
    /// Total bytes allocated.
    public let byteCount: Int
    private let storage: UnsafeMutableRawPointer

    /// Allocates a tightly packed buffer (contents zero-initialised).
    public init(pixelFormat: PixelFormat, width: Int, height: Int) {
        precondition(width > 0 && height > 0, "frame size must be positive")
        self.pixelFormat = pixelFormat
        self.width = width
        self.height = height
        let geometry = pixelFormat.planeGeometry(width: width, height: height)
        // Each plane starts on a 64-byte boundary.
        var offsets: [Int] = []
        var total = 0
        for g in geometry {
            offsets.append(total)
            total += (g.bytesPerRow * g.rows + 63) & ~63
        }
        byteCount = total
        storage = UnsafeMutableRawPointer.allocate(byteCount: max(total, 64), alignment: 64)
        storage.initializeMemory(as: UInt8.self, repeating: 0, count: max(total, 64))
        var planes: [FramePlane] = []
        for (i, g) in geometry.enumerated() {
            planes.append(FramePlane(baseAddress: UnsafeRawPointer(storage + offsets[i]), bytesPerRow: g.bytesPerRow, rows: g.rows))
        }
        self.planes = planes
    }

    deinit {
        storage.deallocate()
    }

    /// Start of the allocation (stable for the buffer's lifetime; used to check pool reuse).
    public var baseAddress: UnsafeRawPointer { UnsafeRawPointer(storage) }

    /// Copies all planes from another buffer of identical format and size.
    func copyPixels(from other: FrameBuffer) {
        precondition(other.pixelFormat == pixelFormat && other.width == width && other.height == height)
        storage.copyMemory(from: other.storage, byteCount: byteCount)
    }
}
