/// Resource limits applied before any pixel memory is allocated.
public struct ImagingLimits: Sendable, Equatable {
    /// Maximum `width * height` of an image to decode (and of an output to produce).
    public var maxPixels: Int
    /// Maximum size of an input file read into memory for decoding.
    public var maxFileBytes: Int

    /// Creates limits.
    public init(maxPixels: Int = 100_000_000, maxFileBytes: Int = 512 << 20) {
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
    }

    /// 100 megapixels, 512 MiB files.
    public static let `default` = ImagingLimits()

    /// Throws `.tooLarge` when `width * height` exceeds `maxPixels`, and `.corrupt`
    /// for non-positive dimensions.
    public func check(width: Int, height: Int) throws {
        guard width > 0, height > 0 else {
            throw ImagingError(.corrupt, "invalid image dimensions \(width)x\(height)")
        }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || product > maxPixels {
            throw ImagingError(.tooLarge, "image \(width)x\(height) exceeds the limit of \(maxPixels) pixels")
        }
    }
}
