import Testing
@testable import MiniImaging

@Suite("Orientation")
struct OrientationTests {
    @Test("EXIF fixtures become upright", arguments: ImageOrientation.allCases)
    func fixtures(_ o: ImageOrientation) throws {
        let decoded = try ImageDecoder.decode(path: Fixture.path("orient_\(o.rawValue).jpg"))
        #expect(decoded.orientation == o)
        let upright = try decoded.upright()
        #expect(upright.width == 64 && upright.height == 48)
        expectQuadrants(upright, tolerance: 24)
    }

    /// Reference: source pixel that lands at upright (x, y), from the EXIF definitions.
    static func sourceCoordinate(_ o: ImageOrientation, x: Int, y: Int, w: Int, h: Int) -> (Int, Int) {
        // w, h are the stored size.
        switch o {
        case .up: return (x, y)
        case .upMirrored: return (w - 1 - x, y)
        case .down: return (w - 1 - x, h - 1 - y)
        case .downMirrored: return (x, h - 1 - y)
        case .leftMirrored: return (y, x) // transpose
        case .right: return (y, h - 1 - x) // rotate 90 CW
        case .rightMirrored: return (w - 1 - y, h - 1 - x) // transverse
        case .left: return (w - 1 - y, x) // rotate 90 CCW
        }
    }

    @Test("every pixel matches the reference mapping", arguments: ImageOrientation.allCases)
    func exactMapping(_ o: ImageOrientation) throws {
        let w = 7, h = 5
        var src = try PixelBuffer(width: w, height: h)
        for y in 0 ..< h { for x in 0 ..< w { src.setPixel(x: x, y: y, RGBA(UInt8(x), UInt8(y), UInt8(x * 16 + y), 255)) } }
        let out = try src.applying(o)
        #expect(out.width == (o.swapsDimensions ? h : w) && out.height == (o.swapsDimensions ? w : h))
        for y in 0 ..< out.height {
            for x in 0 ..< out.width {
                let (sx, sy) = Self.sourceCoordinate(o, x: x, y: y, w: w, h: h)
                #expect(out.pixel(x: x, y: y) == src.pixel(x: sx, y: sy), "at (\(x),\(y)) for \(o.name)")
            }
        }
    }
}
