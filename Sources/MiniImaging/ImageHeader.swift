/// What `ImageProbe` learns from an image's header without decoding pixels.
public struct ImageHeader: Sendable, Equatable {
    /// Detected format (by magic bytes).
    public var format: ImageFormat
    /// Stored pixel width, *not* adjusted for orientation. For GIF this is the
    /// logical screen width. For HEIC it is the width libheif reports for the
    /// primary image (libheif applies `irot`/`imir` itself, so orientation is `.up`).
    public var width: Int
    /// Stored pixel height, *not* adjusted for orientation.
    public var height: Int
    /// EXIF orientation (`.up` when absent).
    public var orientation: ImageOrientation

    /// Creates a header.
    public init(format: ImageFormat, width: Int, height: Int, orientation: ImageOrientation = .up) {
        self.format = format
        self.width = width
        self.height = height
        self.orientation = orientation
    }

    /// Width as displayed (after applying `orientation`).
    public var uprightWidth: Int { orientation.swapsDimensions ? height : width }
    /// Height as displayed (after applying `orientation`).
    public var uprightHeight: Int { orientation.swapsDimensions ? width : height }
    /// `width * height`, saturating.
    public var pixelCount: Int { width.multipliedReportingOverflow(by: height).overflow ? .max : width * height }
}
