/// The negotiated output format of an open camera device.
public struct FrameFormatDescription: Sendable, Hashable, CustomStringConvertible {
    /// Frame width in pixels.
    public var width: Int
    /// Frame height in pixels.
    public var height: Int
    /// Pixel layout of delivered frames.
    public var pixelFormat: PixelFormat
    /// Nominal frames per second.
    public var frameRate: Double

    /// Creates a description.
    public init(width: Int, height: Int, pixelFormat: PixelFormat, frameRate: Double) {
        self.width = width
        self.height = height
        self.pixelFormat = pixelFormat
        self.frameRate = frameRate
    }

    /// Duration of one frame at `frameRate` (1/30 s when the rate is not positive).
    public var frameDuration: Duration {
        let fps = frameRate > 0 ? frameRate : 30
        return .nanoseconds(Int64((1_000_000_000.0 / fps).rounded()))
    }

    public var description: String { "\(width)x\(height) \(pixelFormat.rawValue) @ \(frameRate) fps" }
}
