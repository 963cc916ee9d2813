import Testing
@testable import MiniImaging

@Suite("Decode")
struct DecodeTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String, tolerance: Int
        var description: String { file }
    }

    static let opaque: [Case] = [
        Case(file: "orient_1.jpg", tolerance: 24),
        Case(file: "quad420.jpg", tolerance: 40),
        Case(file: "quad422.jpg", tolerance: 32),
        Case(file: "quad_cmyk.jpg", tolerance: 40),
        Case(file: "quad.png", tolerance: 0),
        Case(file: "png_named.jpg", tolerance: 0),
        Case(file: "quad_palette.png", tolerance: 2),
        Case(file: "quad_interlaced.png", tolerance: 0),
        Case(file: "quad16.png", tolerance: 1),
        Case(file: "quad.webp", tolerance: 28),
        Case(file: "quad_lossless.webp", tolerance: 0),
        Case(file: "quad.gif", tolerance: 2),
        Case(file: "anim.gif", tolerance: 2),
        Case(file: "quad24.bmp", tolerance: 0),
        Case(file: "quad24_topdown.bmp", tolerance: 0),
        Case(file: "quad.heic", tolerance: 32),
    ]

    @Test("decoded colours at quadrant centres", arguments: opaque)
    func decodeColours(_ c: Case) throws {
        let decoded = try ImageDecoder.decode(path: Fixture.path(c.file))
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 48)
        #expect(decoded.pixels.bytesPerRow >= 64 * 4)
        expectQuadrants(decoded.pixels, tolerance: c.tolerance)
        for p in Fixture.quadrantPoints { #expect(decoded.pixels.pixel(x: p.x, y: p.y).a == 255) }
    }

    @Test("alpha is preserved", arguments: ["quad_rgba.png", "quad_alpha.webp", "quad32.bmp"])
    func alpha(_ file: String) throws {
        let px = try ImageDecoder.decode(path: Fixture.path(file)).pixels
        #expect(px.pixel(x: 16, y: 12) == RGBA(255, 0, 0, 255))
        let br = px.pixel(x: 48, y: 36)
        #expect(abs(Int(br.a) - 128) <= 2, "alpha \(br.a)")
        #expect(br.r >= 250 && br.g >= 250 && br.b <= 5)
        #expect(px.hasTransparency)
    }

    @Test("GIF transparency index")
    func gifTransparency() throws {
        let px = try ImageDecoder.decode(path: Fixture.path("quad_transparent.gif")).pixels
        #expect(px.pixel(x: 48, y: 36).a == 0)
        #expect(px.pixel(x: 16, y: 12) == RGBA(255, 0, 0, 255))
    }

    @Test("16-bit grey PNG becomes grey RGBA8")
    func grey16() throws {
        let px = try ImageDecoder.decode(path: Fixture.path("gray16.png")).pixels
        for p in Fixture.quadrantPoints {
            let c = px.pixel(x: p.x, y: p.y)
            #expect(c.r == c.g && c.g == c.b && c.a == 255)
        }
        // Luma ordering: yellow > lime > red > blue.
        let l = Fixture.quadrantPoints.map { Int(px.pixel(x: $0.x, y: $0.y).r) }
        #expect(l[3] > l[1] && l[1] > l[0] && l[0] > l[2])
    }

    @Test("JPEG scaled decode picks the smallest scale still >= target")
    func scalingFactor() {
        #expect(JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: 1920, minHeight: 1440) == (1, 2))
        #expect(JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: 500, minHeight: 375) == (1, 8))
        #expect(JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: 2100, minHeight: 1575) == (9, 16) ||
                JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: 2100, minHeight: 1575) == (5, 8))
        #expect(JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: 3999, minHeight: 2999) == (1, 1))
        #expect(JPEGDecoder.scalingFactor(width: 4000, height: 3000, minWidth: nil, minHeight: nil) == (1, 1))
    }

    @Test("targetLongEdge produces exactly that long edge", arguments: [
        ("photo.jpg", 100, 100, 75), ("photo.jpg", 64, 64, 48), ("photo.jpg", 1000, 256, 192),
        ("quad.png", 32, 32, 24), ("orient_6.jpg", 32, 24, 32),
    ])
    func targetLongEdge(_ file: String, _ target: Int, _ w: Int, _ h: Int) throws {
        let decoded = try ImageDecoder.decode(path: Fixture.path(file), targetLongEdge: target)
        #expect(decoded.pixels.width == w && decoded.pixels.height == h)
    }

    @Test("decode with applyOrientation returns upright pixels")
    func applyOrientation() throws {
        let decoded = try ImageDecoder.decode(path: Fixture.path("orient_6.jpg"), applyOrientation: true)
        #expect(decoded.orientation == .up && decoded.header.orientation == .right)
        #expect(decoded.pixels.width == 64 && decoded.pixels.height == 48)
        expectQuadrants(decoded.pixels, tolerance: 24)
    }

    @Test("photo JPEG decodes to plausible, non-uniform content")
    func photo() throws {
        let px = try ImageDecoder.decode(path: Fixture.path("photo.jpg")).pixels
        #expect(px.width == 256 && px.height == 192)
        #expect(px.pixel(x: 10, y: 10) != px.pixel(x: 200, y: 150))
    }
}
