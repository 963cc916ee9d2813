import MiniMediaTesting
import Foundation
import Testing
@testable import MiniImaging

@Suite("Errors")
struct ErrorTests {
    @Test("zero-byte file is truncated")
    func empty() {
        #expect(errorCode { _ = try ImageProbe.probe(path: Fixture.path("empty.jpg")) } == .truncated)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("empty.jpg")) } == .truncated)
        #expect(errorCode { _ = try ImageProbe.probe(data: []) } == .truncated)
    }

    @Test("truncated JPEG")
    func truncated() {
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("truncated.jpg")) } == .truncated)
        #expect(errorCode { _ = try ImageProbe.probe(path: Fixture.path("truncated_header.jpg")) } == .truncated)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("truncated_header.jpg")) } == .truncated)
        #expect(errorCode {
            _ = try ImageCompressor.compress(inputPath: Fixture.path("truncated.jpg"), quality: 80)
        } == .truncated)
    }

    @Test("huge-dimension headers are refused before allocating", arguments: ["huge.jpg", "huge.png"])
    func huge(_ file: String) {
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path(file)) } == .tooLarge)
        #expect(errorCode { _ = try ImageCompressor.compress(inputPath: Fixture.path(file), quality: 80) } == .tooLarge)
    }

    @Test("pixel limit is configurable")
    func customLimit() throws {
        let small = ImagingLimits(maxPixels: 1000)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("photo.jpg"), limits: small) } == .tooLarge)
        #expect(try ImageDecoder.decode(path: Fixture.path("photo.jpg"), limits: ImagingLimits(maxPixels: 256 * 192)).pixels.width == 256)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("photo.jpg"), limits: ImagingLimits(maxFileBytes: 100)) } == .tooLarge)
    }

    @Test("missing file, unknown and undecodable formats")
    func misc() {
        #expect(errorCode { _ = try ImageProbe.probe(path: Fixture.path("does-not-exist.jpg")) } == .fileNotFound)
        #expect(errorCode { _ = try ImageDecoder.decode(path: "/nonexistent/dir/x.png") } == .fileNotFound)
        #expect(errorCode { _ = try ImageProbe.probe(path: Fixture.path("garbage.bin")) } == .unsupportedFormat)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("garbage.bin")) } == .unsupportedFormat)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("quad_orient6.tiff")) } == .unsupportedFormat)
        #expect(errorCode { _ = try ImageProbe.probe(path: Fixture.directory) } == .ioFailed)
        #expect(errorCode { _ = try ImageDecoder.decode(path: Fixture.path("photo.jpg"), targetLongEdge: 0) } == .invalidArgument)
    }

    static let robustnessFiles = ["photo.jpg", "orient_6.jpg", "quad.png", "quad_interlaced.png", "quad_palette.png",
                                  "quad.webp", "quad_lossless.webp", "quad.gif", "anim.gif", "quad24.bmp", "quad32.bmp",
                                  "quad_orient6.tiff", "quad.heic"]

    @Test("every truncation fails cleanly or decodes", arguments: robustnessFiles)
    func truncations(_ file: String) throws {
        let full = try Fixture.bytes(file)
        let step = max(1, full.count / 97)
        for n in stride(from: 0, to: full.count, by: step) {
            let cut = Array(full.prefix(n))
            do {
                let img = try ImageDecoder.decode(data: cut)
                #expect(img.pixels.width > 0)
            } catch let e as ImagingError {
                #expect([.truncated, .corrupt, .unsupportedFormat].contains(e.code), "\(file)[..<\(n)]: \(e)")
            }
        }
    }

    @Test("random corruption never crashes", arguments: robustnessFiles)
    func bitFlips(_ file: String) throws {
        let full = try Fixture.bytes(file)
        var rng = SplitMix64(seed: UInt64(file.utf8.count * 7919))
        for _ in 0 ..< 60 {
            var bytes = full
            for _ in 0 ..< 1 + Int(rng.next() % 8) {
                let i = Int(rng.next() % UInt64(bytes.count))
                bytes[i] = UInt8(truncatingIfNeeded: rng.next())
            }
            do {
                _ = try ImageProbe.probe(data: bytes)
                _ = try ImageDecoder.decode(data: bytes, limits: ImagingLimits(maxPixels: 4_000_000))
            } catch is ImagingError {
                // expected for many mutations
            }
        }
    }

    @Test("malformed EXIF is ignored by probe and rejected by the EXIF reader")
    func badExif() throws {
        var bytes = try Fixture.bytes("orient_1.jpg") // MM byte order
        // Locate "Exif\0\0MM" and point IFD0 far outside the segment.
        let sig: [UInt8] = [0x45, 0x78, 0x69, 0x66, 0, 0, 0x4D, 0x4D]
        let at = try #require((0 ..< bytes.count - 8).first { Array(bytes[$0 ..< $0 + 8]) == sig })
        bytes.replaceSubrange(at + 10 ..< at + 14, with: [0x7F, 0xFF, 0xFF, 0xF0])
        let header = try ImageProbe.probe(data: bytes)
        #expect(header.orientation == .up && header.width == 64)
        #expect(errorCode { _ = try ExifMetadata.read(jpeg: bytes) } != nil)
    }
}

