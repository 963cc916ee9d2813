/// A barcode bit grid to draw onto synthetic frames (black modules on white with a quiet zone).
/// Kept independent of MiniBarcode: convert a `BitMatrix` with
/// `CodeOverlay(width: m.width, height: m.height, modules: m.bits)`.
public struct CodeOverlay: Sendable, Hashable {
    /// Columns.
    public var width: Int
    /// Rows; a 1-row grid is treated as a linear barcode and drawn with tall bars.
    public var height: Int
    /// `width * height` modules, row major, `true` = black.
    public var modules: [Bool]
    /// White margin in modules around the code (linear codes use at least 10).
    public var quietZone: Int
    /// Fraction of the frame's shorter side (2-D) or width (linear) the code including quiet zone may use.
    public var coverage: Double

    /// Creates an overlay; `modules.count` must be `width * height`.
    public init(width: Int, height: Int, modules: [Bool], quietZone: Int = 4, coverage: Double = 0.6) {
        precondition(width > 0 && height > 0 && modules.count == width * height, "modules.count must be width*height")
        self.width = width
        self.height = height
        self.modules = modules
        self.quietZone = max(0, quietZone)
        self.coverage = min(max(coverage, 0.05), 1)
    }

    /// Whether this is drawn as a linear (1-D) barcode.
    public var isLinear: Bool { height == 1 }
}
