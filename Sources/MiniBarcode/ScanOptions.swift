/// Decoder tuning passed to zxing-cpp.
public struct ScanOptions: Sendable, Hashable {
    /// How grey levels are turned into black/white.
    public enum Binarizer: Int32, Sendable, Hashable {
        case localAverage = 0, globalHistogram = 1, fixedThreshold = 2, boolCast = 3
    }

    /// Formats to look for; empty means every supported format.
    public var formats: Set<BarcodeFormat>
    /// Spend more time for accuracy.
    public var tryHarder: Bool
    /// Also try 90/180/270 degree rotations.
    public var tryRotate: Bool
    /// Also try downscaled copies of large images.
    public var tryDownscale: Bool
    /// The image holds exactly one perfectly aligned, generated code.
    public var isPure: Bool
    /// Binarizer algorithm.
    public var binarizer: Binarizer
    /// Maximum number of symbols returned per image (1...255).
    public var maxSymbols: Int

    /// Creates options; defaults equal `.camera`.
    public init(formats: Set<BarcodeFormat> = [], tryHarder: Bool = false, tryRotate: Bool = false,
                tryDownscale: Bool = true, isPure: Bool = false, binarizer: Binarizer = .localAverage,
                maxSymbols: Int = 4) {
        self.formats = formats
        self.tryHarder = tryHarder
        self.tryRotate = tryRotate
        self.tryDownscale = tryDownscale
        self.isPure = isPure
        self.binarizer = binarizer
        self.maxSymbols = maxSymbols
    }

    /// Fast settings for continuous camera frames (`onCameraFrame`, `<camera mode="scanCode">`).
    public static let camera = ScanOptions()
    /// Thorough settings for a single still image (`wx.scanCode` from the album).
    public static let image = ScanOptions(tryHarder: true, tryRotate: true, tryDownscale: true, maxSymbols: 8)
    /// Camera settings restricted to QR codes (fastest).
    public static let qrOnly = ScanOptions(formats: [.qrCode])
}
