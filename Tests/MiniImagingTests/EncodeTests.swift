import Foundation
import Testing
@testable import MiniImaging

@Suite("Encode")
struct EncodeTests {
    static func quad() throws -> PixelBuffer { try ImageDecoder.decode(path: Fixture.path("quad.png")).pixels }

    @Test("JPEG round trip", arguments: [50, 80, 95, 100])
    func jpegRoundTrip(_ quality: Int) throws {
        let bytes = try JPEGEncoder(quality: quality).encode(try Self.quad())
        #expect(ImageFormat.detect(magic: bytes.prefix(16)) == .jpeg)
        #expect(try ImageProbe.probe(data: bytes) == ImageHeader(format: .jpeg, width: 64, height: 48))
        expectQuadrants(try ImageDecoder.decode(data: bytes).pixels, tolerance: quality >= 80 ? 24 : 40)
    }

    @Test("JPEG quality is validated", arguments: [-1, 101, 1000])
    func quality(_ q: Int) {
        #expect(errorCode { _ = try JPEGEncoder(quality: q) } == .invalidArgument)
    }

    @Test("JPEG quality 0 still encodes")
    func qualityZero() throws {
        let bytes = try JPEGEncoder(quality: 0).encode(try Self.quad())
        #expect(try ImageDecoder.decode(data: bytes).pixels.width == 64)
    }

    @Test("EXIF block round trips and is readable by ImageMagick")
    func exif() throws {
        let meta = ExifMetadata(orientation: .right, make: "MiniMedia", model: "Cam 1", dateTime: "2024:05:06 07:08:09")
        let bytes = try JPEGEncoder(quality: 85, exif: meta).encode(try Self.quad())
        #expect(try ExifMetadata.read(jpeg: bytes) == meta)
        let header = try ImageProbe.probe(data: bytes)
        #expect(header.orientation == .right && header.width == 64 && header.height == 48)
        // Decoded and oriented: 48x64.
        let upright = try ImageDecoder.decode(data: bytes, applyOrientation: true).pixels
        #expect(upright.width == 48 && upright.height == 64)

        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/exif.jpg"
        try JPEGEncoder(quality: 85, exif: meta).write(try Self.quad(), to: path)
        if let r = Fixture.run("/usr/bin/identify", ["-format", "%m %w %h %[orientation] %[EXIF:Make] %[EXIF:Model] %[EXIF:DateTime]", path]) {
            #expect(r.status == 0)
            #expect(r.output == "JPEG 64 48 RightTop MiniMedia Cam 1 2024:05:06 07:08:09", "identify said: \(r.output)")
        }
    }

    @Test("invalid EXIF values are rejected")
    func badExifValues() throws {
        #expect(errorCode { _ = try ExifMetadata(dateTime: "2024-05-06").app1Segment() } == .invalidArgument)
        #expect(errorCode { _ = try ExifMetadata(make: "caf\u{e9}").app1Segment() } == .invalidArgument)
        let empty = try ExifMetadata().app1Segment()
        #expect(empty.count > 10)
    }

    @Test("PNG round trip is lossless, including alpha")
    func pngRoundTrip() throws {
        let src = try ImageDecoder.decode(path: Fixture.path("quad_rgba.png")).pixels
        let bytes = try PNGEncoder().encode(src)
        #expect(ImageFormat.detect(magic: bytes.prefix(16)) == .png)
        let back = try ImageDecoder.decode(data: bytes).pixels
        #expect(back == src)

        let dir = try Fixture.tempDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/out.png"
        try PNGEncoder().write(src, to: path)
        #expect(try ImageDecoder.decode(path: path).pixels == src)
        // No temp files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["out.png"])
        if let r = Fixture.run("/usr/bin/identify", ["-format", "%m %wx%h", path]) {
            #expect(r.output == "PNG 64x48")
        }
    }

    @Test("write to an unwritable location fails with ioFailed")
    func writeFailure() throws {
        let src = try Self.quad()
        #expect(errorCode { try PNGEncoder().write(src, to: "/nonexistent-dir/x.png") } == .ioFailed)
    }
}
