import Testing
@testable import MiniImaging

@Suite("Probe")
struct ProbeTests {
    struct Case: Sendable, CustomStringConvertible {
        let file: String, format: ImageFormat, width: Int, height: Int, orientation: ImageOrientation
        var description: String { file }
    }

    static let cases: [Case] = [
        Case(file: "orient_1.jpg", format: .jpeg, width: 64, height: 48, orientation: .up),
        Case(file: "orient_2.jpg", format: .jpeg, width: 64, height: 48, orientation: .upMirrored),
        Case(file: "orient_3.jpg", format: .jpeg, width: 64, height: 48, orientation: .down),
        Case(file: "orient_4.jpg", format: .jpeg, width: 64, height: 48, orientation: .downMirrored),
        Case(file: "orient_5.jpg", format: .jpeg, width: 48, height: 64, orientation: .leftMirrored),
        Case(file: "orient_6.jpg", format: .jpeg, width: 48, height: 64, orientation: .right),
        Case(file: "orient_7.jpg", format: .jpeg, width: 48, height: 64, orientation: .rightMirrored),
        Case(file: "orient_8.jpg", format: .jpeg, width: 48, height: 64, orientation: .left),
        Case(file: "photo.jpg", format: .jpeg, width: 256, height: 192, orientation: .up),
        Case(file: "huge.jpg", format: .jpeg, width: 60000, height: 60000, orientation: .up),
        Case(file: "quad.png", format: .png, width: 64, height: 48, orientation: .up),
        Case(file: "png_named.jpg", format: .png, width: 64, height: 48, orientation: .up),
        Case(file: "quad_palette.png", format: .png, width: 64, height: 48, orientation: .up),
        Case(file: "huge.png", format: .png, width: 60000, height: 60000, orientation: .up),
        Case(file: "quad.webp", format: .webp, width: 64, height: 48, orientation: .up),
        Case(file: "quad_lossless.webp", format: .webp, width: 64, height: 48, orientation: .up),
        Case(file: "quad_alpha.webp", format: .webp, width: 64, height: 48, orientation: .up),
        Case(file: "quad.gif", format: .gif, width: 64, height: 48, orientation: .up),
        Case(file: "anim.gif", format: .gif, width: 64, height: 48, orientation: .up),
        Case(file: "quad24.bmp", format: .bmp, width: 64, height: 48, orientation: .up),
        Case(file: "quad24_topdown.bmp", format: .bmp, width: 64, height: 48, orientation: .up),
        Case(file: "quad32.bmp", format: .bmp, width: 64, height: 48, orientation: .up),
        Case(file: "quad_orient6.tiff", format: .tiff, width: 48, height: 64, orientation: .right),
        Case(file: "quad.heic", format: .heic, width: 64, height: 48, orientation: .up),
    ]

    @Test("probe reports format, stored size and orientation", arguments: cases)
    func probe(_ c: Case) throws {
        let header = try ImageProbe.probe(path: Fixture.path(c.file))
        #expect(header == ImageHeader(format: c.format, width: c.width, height: c.height, orientation: c.orientation))
        // Same answer from memory.
        #expect(try ImageProbe.probe(data: Fixture.bytes(c.file)) == header)
    }

    @Test("upright size swaps for orientations 5-8", arguments: 1 ... 8)
    func uprightSize(_ n: Int) throws {
        let header = try ImageProbe.probe(path: Fixture.path("orient_\(n).jpg"))
        #expect(header.uprightWidth == 64 && header.uprightHeight == 48)
    }

    @Test("format detection ignores the file name")
    func magicNotExtension() {
        #expect(ImageFormat.detect(magic: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) == .png)
        #expect(ImageFormat.detect(magic: [0xFF, 0xD8, 0xFF, 0xE0]) == .jpeg)
        #expect(ImageFormat.detect(magic: [0xFF, 0xD8]) == .unknown)
        #expect(ImageFormat.detect(magic: Array("GIF89a".utf8)) == .gif)
        #expect(ImageFormat.detect(magic: [UInt8]()) == .unknown)
    }

    @Test("mini-program names")
    func names() {
        #expect(ImageFormat.allCases.map(\.rawValue) == ["jpeg", "png", "webp", "gif", "bmp", "heic", "tiff", "unknown"])
        #expect(ImageOrientation.allCases.map(\.name) == ["up", "up-mirrored", "down", "down-mirrored",
                                                           "left-mirrored", "right", "right-mirrored", "left"])
        #expect(ImageOrientation(name: "right-mirrored") == .rightMirrored)
        #expect(ImageOrientation(exifValue: 0) == .up && ImageOrientation(exifValue: 9) == .up)
    }

    @Test("probe is fast and header-only")
    func probeSpeed() throws {
        let path = Fixture.path("photo.jpg")
        let clock = ContinuousClock()
        let elapsed = try clock.measure {
            for _ in 0 ..< 100 { _ = try ImageProbe.probe(path: path) }
        }
        #expect(elapsed < .milliseconds(200), "100 probes took \(elapsed)")
    }
}
