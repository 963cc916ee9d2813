/// Drawing primitives on an I420 `FrameBuffer` (integer maths only, so output is deterministic).
struct I420Canvas {
    let width: Int
    let height: Int
    let y: UnsafeMutableRawPointer
    let u: UnsafeMutableRawPointer
    let v: UnsafeMutableRawPointer
    let yStride: Int
    let cStride: Int

    init(_ buffer: FrameBuffer) {
        precondition(buffer.pixelFormat == .i420)
        width = buffer.width
        height = buffer.height
        let p = buffer.planes
        y = p[0].mutableBaseAddress
        u = p[1].mutableBaseAddress
        v = p[2].mutableBaseAddress
        yStride = p[0].bytesPerRow
        cStride = p[1].bytesPerRow
    }

    /// Fills the rectangle `[x, x+w) × [yy, yy+h)` (clipped). Chroma covers every 2x2 block touched.
    func fill(x: Int, y yy: Int, w: Int, h: Int, _ c: YUVColor) {
        let x0 = max(0, x), y0 = max(0, yy)
        let x1 = min(width, x + w), y1 = min(height, yy + h)
        guard x1 > x0, y1 > y0 else { return }
        for row in y0..<y1 {
            (y + row * yStride + x0).initializeMemory(as: UInt8.self, repeating: c.y, count: x1 - x0)
        }
        let cx0 = x0 / 2, cx1 = (x1 + 1) / 2, cy0 = y0 / 2, cy1 = (y1 + 1) / 2
        for row in cy0..<cy1 {
            (u + row * cStride + cx0).initializeMemory(as: UInt8.self, repeating: c.u, count: cx1 - cx0)
            (v + row * cStride + cx0).initializeMemory(as: UInt8.self, repeating: c.v, count: cx1 - cx0)
        }
    }

    /// Draws `text` in the block font with `cell`-pixel cells; unknown characters leave a gap.
    func drawText(_ text: String, x: Int, y yy: Int, cell: Int, _ c: YUVColor) {
        var cx = x
        for ch in text {
            if let r = BlockFont.rows(for: ch) {
                let rows = [r.0, r.1, r.2, r.3, r.4]
                for (ry, bits) in rows.enumerated() {
                    for col in 0..<3 where bits & (0b100 >> UInt8(col)) != 0 {
                        fill(x: cx + col * cell, y: yy + ry * cell, w: cell, h: cell, c)
                    }
                }
            }
            cx += BlockFont.advance * cell
        }
    }

    /// Draws ASCII digits of `value` (zero padded to `digits`) without allocating.
    func drawNumber(_ value: Int, digits: Int, x: Int, y yy: Int, cell: Int, _ c: YUVColor) {
        var v = max(0, value)
        var pos = digits - 1
        while pos >= 0 {
            let d = v % 10
            v /= 10
            drawGlyph(Character(Unicode.Scalar(UInt8(48 + d))), x: x + pos * BlockFont.advance * cell, y: yy, cell: cell, c)
            pos -= 1
        }
    }

    func drawGlyph(_ ch: Character, x: Int, y yy: Int, cell: Int, _ c: YUVColor) {
        guard let r = BlockFont.rows(for: ch) else { return }
        withUnsafeBytes(of: r) { rows in
            for ry in 0..<5 {
                let bits = rows[ry]
                for col in 0..<3 where bits & (0b100 >> UInt8(col)) != 0 {
                    fill(x: x + col * cell, y: yy + ry * cell, w: cell, h: cell, c)
                }
            }
        }
    }
}
