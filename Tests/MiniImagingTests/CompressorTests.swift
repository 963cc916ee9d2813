import Foundation
import Testing
@testable import MiniImaging

@Suite("Compressor")
struct CompressorTests {
    @Test("size rules", arguments: [
        // (compressedWidth, compressedHeight, expected w, expected h) for a 64x48 upright source
        (nil, nil, 64, 48), (32, nil, 32, 24), (nil, 24, 32, 24), (40, 40, 40, 40), (128, nil, 128, 96),
    ] as [(Int?, Int?, Int, Int)])
    func sizes(_ w: Int?, _ h: Int?, _ ew: Int, _ eh: Int) throws {
        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for n in 1 ... 8 { // all EXIF orientations (JPEG → YUV fast path)
            let out = try ImageCompressor.compress(inputPath: Fixture.path("orient_\(n).jpg"), quality: 90,
                                                   compressedWidth: w, compressedHeight: h, outputPath: "\(dir)/o\(n).jpg")
            #expect(out == "\(dir)/o\(n).jpg")
            let header = try ImageProbe.probe(path: out)
            #expect(header == ImageHeader(format: .jpeg, width: ew, height: eh, orientation: .up), "orientation \(n)")
            let px = try ImageDecoder.decode(path: out).pixels
            expectQuadrants(px, tolerance: 40, scaleX: Double(ew) / 64, scaleY: Double(eh) / 48)
        }
    }

    @Test("default output goes to the temp directory")
    func defaultOutput() throws {
        let out = try ImageCompressor.compress(inputPath: Fixture.path("photo.jpg"), quality: 60)
        defer { try? FileManager.default.removeItem(atPath: out) }
        #expect(out.hasSuffix(".jpg"))
        #expect(try ImageProbe.probe(path: out) == ImageHeader(format: .jpeg, width: 256, height: 192))
        let inSize = try FileManager.default.attributesOfItem(atPath: Fixture.path("photo.jpg"))[.size] as? Int ?? 0
        #expect(try FileManager.default.attributesOfItem(atPath: out)[.size] as? Int ?? .max < inSize)
    }

    @Test("every input format compresses", arguments: ["quad.png", "quad.webp", "quad.gif", "quad24.bmp", "quad.heic", "png_named.jpg",
                                                       "quad420.jpg", "quad422.jpg", "quad_cmyk.jpg", "orient_1.jpg"])
    func formats(_ file: String) throws {
        let bytes = try ImageCompressor.compressToData(inputPath: Fixture.path(file), encoder: JPEGEncoder(quality: 90),
                                                       compressedWidth: 32)
        let px = try ImageDecoder.decode(data: bytes).pixels
        #expect(px.width == 32 && px.height == 24)
        expectQuadrants(px, tolerance: 40, scaleX: 0.5, scaleY: 0.5)
    }

    @Test("greyscale JPEG compresses to grey")
    func grey() throws {
        let bytes = try ImageCompressor.compressToData(inputPath: Fixture.path("quad_gray.jpg"), encoder: JPEGEncoder(quality: 90),
                                                       compressedHeight: 24)
        let px = try ImageDecoder.decode(data: bytes).pixels
        #expect(px.width == 32 && px.height == 24)
        let l = Fixture.quadrantPoints.map { px.pixel(x: $0.x / 2, y: $0.y / 2) }
        for c in l { #expect(abs(Int(c.r) - Int(c.g)) <= 3 && abs(Int(c.g) - Int(c.b)) <= 3) }
        #expect(l[3].g > l[1].g && l[1].g > l[0].g && l[0].g > l[2].g)
    }

    @Test("YUV fast path matches the RGBA path")
    func fastPathMatchesRGBA() throws {
        let fast = try ImageDecoder.decode(data: ImageCompressor.compressToData(
            inputPath: Fixture.path("photo.jpg"), encoder: JPEGEncoder(quality: 95), compressedWidth: 100)).pixels
        let reference = try ImageDecoder.decode(path: Fixture.path("photo.jpg"), targetLongEdge: 100).pixels
        #expect(fast.width == reference.width && fast.height == reference.height)
        var total = 0
        for y in 0 ..< fast.height {
            for x in 0 ..< fast.width {
                let a = fast.pixel(x: x, y: y), b = reference.pixel(x: x, y: y)
                total += abs(Int(a.r) - Int(b.r)) + abs(Int(a.g) - Int(b.g)) + abs(Int(a.b) - Int(b.b))
            }
        }
        let mean = Double(total) / Double(fast.width * fast.height * 3)
        #expect(mean < 6, "mean abs difference \(mean)")
    }

    @Test("transparency is flattened over white")
    func flatten() throws {
        let bytes = try ImageCompressor.compressToData(inputPath: Fixture.path("quad_transparent.gif"),
                                                       encoder: JPEGEncoder(quality: 95))
        let px = try ImageDecoder.decode(data: bytes).pixels
        #expect(px.pixel(x: 48, y: 36).isClose(to: RGBA(255, 255, 255), tolerance: 12))
    }

    @Test("invalid arguments")
    func invalid() {
        let input = Fixture.path("photo.jpg")
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: input, quality: 101) } == .invalidArgument)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: input, quality: -5) } == .invalidArgument)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedWidth: 0) } == .invalidArgument)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedHeight: -3) } == .invalidArgument)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: input, quality: 80, compressedWidth: 20000, compressedHeight: 20000) } == .tooLarge)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: Fixture.path("nope.jpg"), quality: 80) } == .fileNotFound)
    }
}
