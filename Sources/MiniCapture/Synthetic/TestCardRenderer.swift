/// Renders the deterministic synthetic test card in I420:
/// colour bars across the top, a position-dependent background with a large `B`/`F` glyph,
/// a grid, a moving yellow square, the frame counter and media time in block digits along the
/// bottom, and an optional barcode overlay drawn large and centred, black on white.
///
/// Frame N depends only on (size, frame rate, position, overlay, N), so it is bit-identical across runs.
public struct TestCardRenderer: Sendable {
    public let width: Int
    public let height: Int
    public let frameRate: Int
    public let position: CameraPosition
    public let overlay: CodeOverlay?

    // Layout (pixels)
    let barsHeight: Int
    let textCell: Int
    let textX: Int
    let textY: Int
    let glyphCell: Int
    let squareSize: Int
    let squareY: Int
    let overlayTop: Int
    let overlayBottom: Int

    /// Creates a renderer; `width` and `height` must be even and at least 64.
    public init(width: Int, height: Int, frameRate: Int = 30, position: CameraPosition, overlay: CodeOverlay? = nil) {
        precondition(width >= 64 && height >= 64 && width % 2 == 0 && height % 2 == 0, "test card needs even size >= 64")
        self.width = width
        self.height = height
        self.frameRate = max(1, frameRate)
        self.position = position
        self.overlay = overlay
        barsHeight = height / 6
        textCell = max(2, height / 108)
        textX = max(2, width / 40)
        textY = height - 7 * textCell
        glyphCell = max(4, height / 30)
        squareSize = max(8, height / 12)
        squareY = height * 82 / 100
        overlayTop = barsHeight + 4
        overlayBottom = height * 80 / 100
    }

    var background: YUVColor {
        position == .back ? YUVColor(r: 30, g: 60, b: 120) : YUVColor(r: 140, g: 80, b: 20)
    }
    var gridColor: YUVColor {
        position == .back ? YUVColor(r: 60, g: 95, b: 160) : YUVColor(r: 175, g: 115, b: 55)
    }

    /// Renders frame `sequence` completely into `buffer` (I420, same size).
    public func render(sequence: Int, into buffer: FrameBuffer) {
        renderStatic(into: buffer)
        renderDynamic(sequence: sequence, into: buffer)
    }

    /// Draws everything that does not change between frames.
    func renderStatic(into buffer: FrameBuffer) {
        let c = I420Canvas(buffer)
        c.fill(x: 0, y: 0, w: width, h: height, background)
        // grid
        let gx = max(8, width / 16), gy = max(8, height / 9)
        var x = gx
        while x < width { c.fill(x: x, y: barsHeight, w: 2, h: height - barsHeight, gridColor); x += gx }
        var y = barsHeight + gy
        while y < height { c.fill(x: 0, y: y, w: width, h: 2, gridColor); y += gy }
        // colour bars: white, yellow, cyan, green, magenta, red, blue, black (75%)
        let bars: [(Int, Int, Int)] = [(191, 191, 191), (191, 191, 0), (0, 191, 191), (0, 191, 0),
                                       (191, 0, 191), (191, 0, 0), (0, 0, 191), (0, 0, 0)]
        for (i, rgb) in bars.enumerated() {
            let x0 = i * width / bars.count, x1 = (i + 1) * width / bars.count
            c.fill(x: x0, y: 0, w: x1 - x0, h: barsHeight, YUVColor(r: rgb.0, g: rgb.1, b: rgb.2))
        }
        // position glyph on a dark plate
        let gxPos = max(2, width / 40), gyPos = barsHeight + height / 30
        c.fill(x: gxPos - glyphCell / 2, y: gyPos - glyphCell / 2, w: 3 * glyphCell + glyphCell, h: 5 * glyphCell + glyphCell, .black)
        c.drawGlyph(position == .back ? "B" : "F", x: gxPos, y: gyPos, cell: glyphCell, .white)
        // text plate and fixed separators of "NNNNNN HH:MM:SS.mmm"
        let adv = BlockFont.advance * textCell
        c.fill(x: textX - textCell, y: textY - textCell, w: 19 * adv + textCell, h: 7 * textCell, .black)
        c.drawGlyph(":", x: textX + 9 * adv, y: textY, cell: textCell, .white)
        c.drawGlyph(":", x: textX + 12 * adv, y: textY, cell: textCell, .white)
        c.drawGlyph(".", x: textX + 15 * adv, y: textY, cell: textCell, .white)
        if let overlay { drawOverlay(overlay, on: c) }
    }

    /// Draws the parts that change per frame (counter, time, moving square).
    func renderDynamic(sequence: Int, into buffer: FrameBuffer) {
        let c = I420Canvas(buffer)
        let adv = BlockFont.advance * textCell
        c.drawNumber(sequence % 1_000_000, digits: 6, x: textX, y: textY, cell: textCell, .white)
        let ms = sequence * 1000 / frameRate
        let totalSeconds = ms / 1000
        c.drawNumber((totalSeconds / 3600) % 100, digits: 2, x: textX + 7 * adv, y: textY, cell: textCell, .white)
        c.drawNumber((totalSeconds / 60) % 60, digits: 2, x: textX + 10 * adv, y: textY, cell: textCell, .white)
        c.drawNumber(totalSeconds % 60, digits: 2, x: textX + 13 * adv, y: textY, cell: textCell, .white)
        c.drawNumber(ms % 1000, digits: 3, x: textX + 16 * adv, y: textY, cell: textCell, .white)
        // moving square: bounces left↔right, one sweep every 2 seconds
        let range = width - squareSize
        let period = 2 * frameRate
        let phase = sequence % (2 * period)
        let px = phase < period ? phase * range / period : (2 * period - phase) * range / period
        c.fill(x: px, y: squareY, w: squareSize, h: squareSize, YUVColor(r: 250, g: 220, b: 0))
    }

    /// The pixel rectangle the overlay occupies including quiet zone, or `nil` without overlay.
    public var overlayRect: (x: Int, y: Int, width: Int, height: Int)? {
        guard let o = overlay else { return nil }
        let g = overlayGeometry(o)
        return (g.x, g.y, g.boxW, g.boxH)
    }

    struct OverlayGeometry {
        var module: Int, rowHeight: Int, quiet: Int
        var x: Int, y: Int, boxW: Int, boxH: Int
    }

    func overlayGeometry(_ o: CodeOverlay) -> OverlayGeometry {
        let available = overlayBottom - overlayTop
        if o.isLinear {
            let quiet = max(o.quietZone, 10)
            let maxW = Int(Double(width) * o.coverage)
            let module = max(1, maxW / (o.width + 2 * quiet))
            let boxW = module * (o.width + 2 * quiet)
            let barH = max(8, available * 6 / 10)
            let boxH = barH + 2 * max(module * 4, 4)
            let x = (width - boxW) / 2
            let y = overlayTop + (available - boxH) / 2
            return OverlayGeometry(module: module, rowHeight: barH, quiet: quiet, x: x, y: y, boxW: boxW, boxH: boxH)
        } else {
            let quiet = o.quietZone
            let limit = min(Int(Double(min(width, height)) * o.coverage), available, width - 8)
            let cells = max(o.width, o.height) + 2 * quiet
            let module = max(1, limit / cells)
            let boxW = module * (o.width + 2 * quiet), boxH = module * (o.height + 2 * quiet)
            let x = (width - boxW) / 2
            let y = overlayTop + (available - boxH) / 2
            return OverlayGeometry(module: module, rowHeight: module, quiet: quiet, x: x, y: y, boxW: boxW, boxH: boxH)
        }
    }

    func drawOverlay(_ o: CodeOverlay, on c: I420Canvas) {
        let g = overlayGeometry(o)
        c.fill(x: g.x, y: g.y, w: g.boxW, h: g.boxH, .white)
        let originX = g.x + g.quiet * g.module
        let originY = o.isLinear ? g.y + (g.boxH - g.rowHeight) / 2 : g.y + g.quiet * g.module
        for my in 0..<o.height {
            var mx = 0
            while mx < o.width {
                // merge horizontal runs of black modules into one rectangle
                guard o.modules[my * o.width + mx] else { mx += 1; continue }
                var end = mx + 1
                while end < o.width && o.modules[my * o.width + end] { end += 1 }
                c.fill(x: originX + mx * g.module, y: originY + my * g.rowHeight,
                       w: (end - mx) * g.module, h: g.rowHeight, .black)
                mx = end
            }
        }
    }
}
