/// A barcode as a grid of modules (`true` = black), row major.
public struct BitMatrix: Sendable, Hashable {
    /// Columns.
    public let width: Int
    /// Rows (1 for a minimal linear barcode).
    public let height: Int
    /// `width * height` modules, row major, `true` = black.
    public var bits: [Bool]

    /// Creates a matrix; `bits.count` must equal `width * height`.
    public init(width: Int, height: Int, bits: [Bool]) {
        precondition(width >= 0 && height >= 0 && bits.count == width * height, "bits.count must be width*height")
        self.width = width
        self.height = height
        self.bits = bits
    }

    /// The module at column `x`, row `y`.
    public subscript(x: Int, y: Int) -> Bool {
        get { bits[y * width + x] }
        set { bits[y * width + x] = newValue }
    }

    /// Renders to an 8-bit luminance image: each module becomes a `scale`×`scale` block
    /// (`scale`×`barHeight` rows for 1-row linear codes), black = 0, white = 255, with `quietZone`
    /// white modules around it. Returns the pixels and their size.
    public func renderLuminance(scale: Int = 4, quietZone: Int = 4, barHeight: Int? = nil) -> (pixels: [UInt8], width: Int, height: Int) {
        let s = max(1, scale)
        let rowPixels = height == 1 ? (barHeight ?? max(s * 30, 40)) : s
        let w = (width + 2 * quietZone) * s
        let h = height * rowPixels + 2 * quietZone * s
        var out = [UInt8](repeating: 255, count: w * h)
        for my in 0..<height {
            for mx in 0..<width where self[mx, my] {
                let x0 = (mx + quietZone) * s
                let y0 = quietZone * s + my * rowPixels
                for y in y0..<(y0 + rowPixels) {
                    for x in x0..<(x0 + s) { out[y * w + x] = 0 }
                }
            }
        }
        return (out, w, h)
    }

    /// Text rendering for debugging (`#` = black, space = white).
    public var asciiArt: String {
        var s = ""
        for y in 0..<height {
            for x in 0..<width { s.append(self[x, y] ? "#" : " ") }
            s.append("\n")
        }
        return s
    }
}
