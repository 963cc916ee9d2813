/// Resource limits applied before any pixel memory is allocated.
///
/// Every image pipeline (`ImageDecoder.decode`, `ImageCompressor`) checks, in this order: the
/// file size, the header's pixel count (`maxPixels`, also applied to every frame a container
/// holds), its estimated peak memory against `memoryBudget` (reserved before the file is read,
/// released when the pipeline returns), and `maxDecodeSeconds` between rows and stages.
public struct ImagingLimits: Sendable, Equatable {
    /// Maximum `width * height` of an image or of any frame in it (and of an output to produce).
    public var maxPixels: Int
    /// Maximum size of an input file read into memory for decoding.
    public var maxFileBytes: Int
    /// Wall-clock budget of one decode pipeline, checked per row (BMP, GIF) and between stages.
    public var maxDecodeSeconds: Double
    /// Memory shared by concurrent pipelines; each reserves its estimated peak before reading.
    public var memoryBudget: ImagingMemoryBudget

    /// Creates limits.
    public init(maxPixels: Int = 100_000_000, maxFileBytes: Int = 512 << 20, maxDecodeSeconds: Double = 10,
                memoryBudget: ImagingMemoryBudget = .shared) {
        self.maxPixels = maxPixels
        self.maxFileBytes = maxFileBytes
        self.maxDecodeSeconds = maxDecodeSeconds
        self.memoryBudget = memoryBudget
    }

    /// 100 megapixels, 512 MiB files, 10 s, the process-wide memory budget.
    public static let `default` = ImagingLimits()

    /// Throws `.tooLarge` when `width * height` exceeds `maxPixels`, and `.corrupt`
    /// for non-positive dimensions.
    public func check(width: Int, height: Int, what: String = "image") throws {
        guard width > 0, height > 0 else {
            throw ImagingError(.corrupt, "invalid \(what) dimensions \(width)x\(height)")
        }
        let (product, overflow) = width.multipliedReportingOverflow(by: height)
        if overflow || product > maxPixels {
            throw ImagingError(.tooLarge, "\(what) \(width)x\(height) exceeds the limit of \(maxPixels) pixels")
        }
    }

    /// A deadline `maxDecodeSeconds` from now.
    func deadline() -> DecodeDeadline { DecodeDeadline(seconds: maxDecodeSeconds) }

    public static func == (a: ImagingLimits, b: ImagingLimits) -> Bool {
        a.maxPixels == b.maxPixels && a.maxFileBytes == b.maxFileBytes && a.maxDecodeSeconds == b.maxDecodeSeconds
            && a.memoryBudget === b.memoryBudget
    }
}
