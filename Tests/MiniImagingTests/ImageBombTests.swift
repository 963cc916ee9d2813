import Foundation
import MiniMediaTesting
import Testing
@testable import MiniImaging

/// Small files that claim (or would cost) far more than they are. Each must end quickly with a
/// clear error or a correct, bounded result. Bounds are generous: the point is "not 12 s".
@Suite("Image bombs")
struct ImageBombTests {
    static func elapsed(_ body: () throws -> Void) rethrows -> Double {
        let start = ContinuousClock.now
        try body()
        let d = ContinuousClock.now - start
        return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    @Test("GIF: a 65535² frame on a 1x1 screen is refused by the per-frame pixel limit")
    func gifHugeFrame() throws {
        let dir = TemporaryDirectory("bomb-gif")
        let gif = Crafted.gif(screen: (1, 1), frame: (65535, 65535), paintedPixels: 20_000)
        let path = try Crafted.write(gif, "frame.gif", in: dir.path)
        var e: ImagingError?
        let seconds = try Self.elapsed {
            e = imagingError { _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80)) }
        }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.contains("GIF frame 65535x65535") == true)
        #expect(seconds < 2)
    }

    @Test("GIF: a frame taller than the screen is read only down to the screen's last row")
    func gifStopsAtScreen() throws {
        // 2 x 60000 frame, but its data paints only the first row: reading on would fail.
        let gif = Crafted.gif(screen: (1, 1), frame: (2, 60000), paintedPixels: 2)
        let image = try ImageDecoder.decode(data: gif)
        #expect(image.pixels.width == 1 && image.pixels.height == 1)
        #expect(image.pixels.pixel(x: 0, y: 0) == RGBA(255, 0, 0))
        // The same frame interlaced must be read through (rows come in pass order): truncated.
        let interlaced = Crafted.gif(screen: (1, 1), frame: (2, 60000), paintedPixels: 2, interlaced: true)
        #expect(errorCode { _ = try ImageDecoder.decode(data: interlaced) } == .truncated)
    }

    @Test("GIF: a frame starting outside the screen is not read and leaves the screen transparent")
    func gifFrameOutside() throws {
        // 2 x 60000 frame whose data paints 2 pixels: reading it would fail as truncated.
        var gif = Crafted.gif(screen: (4, 4), frame: (2, 60000), paintedPixels: 2)
        // Image descriptor left = 10 (the descriptor follows the 13-byte header and 12-byte table).
        gif[26] = 10
        let image = try ImageDecoder.decode(data: gif).pixels
        #expect((image.width, image.height) == (4, 4))
        #expect(image.pixel(x: 0, y: 0) == RGBA(0, 0, 0, 0))
        #expect(image.hasTransparency)
    }

    @Test("HEIC: an ispe claiming 10000² over a 64x48 stream fails fast; a smaller lie is caught by the size check")
    func heifLyingHeader() throws {
        let dir = TemporaryDirectory("bomb-heic")
        let (bytes, patched) = Crafted.heifClaiming(try Fixture.bytes("quad.heic"), width: 10000, height: 10000)
        #expect(patched >= 1)
        let path = try Crafted.write(bytes, "lying.heic", in: dir.path)
        #expect(try ImageProbe.probe(path: path).width == 10000)
        var e: ImagingError?
        let seconds = try Self.elapsed {
            e = imagingError { _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80)) }
        }
        #expect(e?.code == .tooLarge)
        #expect(seconds < 2)

        // A lie the budget affords: the decoded stream is compared with the header.
        let (small, _) = Crafted.heifClaiming(try Fixture.bytes("quad.heic"), width: 2000, height: 1500)
        let smallPath = try Crafted.write(small, "lying-small.heic", in: dir.path)
        let mismatch = imagingError {
            _ = try ImageCompressor.compressToData(inputPath: smallPath, encoder: JPEGEncoder(quality: 80))
        }
        #expect(mismatch?.code == .corrupt)
        #expect(mismatch?.message == "HEIF header says 2000x1500 but the coded image is 64x48")
        #expect(errorCode { _ = try ImageDecoder.decode(path: smallPath) } == .corrupt)
    }

    @Test("HEIC: iloc extents past their data (libFuzzer's 773-byte, 1.6 GB-allocation find) are refused before libheif")
    func heifItemLocationBomb() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/heif/iloc-extent-oom.heic")
        let bytes = [UInt8](try Data(contentsOf: file))
        #expect(bytes.count == 773)
        let e = imagingError { _ = try ImageDecoder.decode(data: bytes) }
        #expect(e?.code == .corrupt)
        #expect(e?.message == "HEIF item 2 extent (offset 7, length 8) lies outside its idat box")
        // In an intact quad.heic, item 2 (the grid description, construction method 1) has 8 bytes
        // in idat; claim 256 MiB. libheif checks file extents (method 0) itself, not idat ones.
        var long = try Fixture.bytes("quad.heic")
        let at = 103 + 8 + 4 + 2 + 2 + 20 + 16  // iloc header, item 1, item 2 up to extent_length
        #expect(Array(long[at ..< at + 4]) == [0, 0, 0, 8])
        long.replaceSubrange(at ..< at + 4, with: [0x10, 0, 0, 0])
        let past = imagingError { _ = try ImageDecoder.decode(data: long) }
        #expect(past?.message == "HEIF item 2 extent (offset 0, length 268435456) lies outside its idat box")
        #expect(try ImageDecoder.decode(data: Fixture.bytes("quad.heic")).pixels.width == 64)
    }

    @Test("HEIC: a grid built from itself (libFuzzer's find: host abort or stack overflow in libheif) is refused")
    func heifSelfReferencingGrid() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/heif/dimg-self-reference.heic")
        let bytes = [UInt8](try Data(contentsOf: file))
        let e = imagingError { _ = try ImageDecoder.decode(data: bytes) }
        #expect(e?.code == .corrupt)
        // The fuzzer's file is also malformed after its meta box, which the box scan now reads
        // to the end (a second meta would be refused); the loop itself is shown on quad.heic below.
        #expect(e?.message.contains("(itself)") == true || e?.message.hasPrefix("HEIF box at ") == true,
                "\(String(describing: e))")
        // quad.heic's grid (item 2) lists tile item 1 in its dimg entry; pointing it at item 2 makes
        // the same loop.
        var loop = try Fixture.bytes("quad.heic")
        let iref = 428 + 8 + 4                       // iref box, its version/flags
        #expect(Array(loop[iref + 4 ..< iref + 8]) == Array("dimg".utf8))
        #expect(Array(loop[iref + 8 ..< iref + 12]) == [0, 2, 0, 1])   // from 2, one reference
        loop[iref + 13] = 2                          // to item 2
        #expect(imagingError { _ = try ImageDecoder.decode(data: loop) }?.message
            == "HEIF derived image 2 is built from derived image 2 (itself)")
    }

    @Test("HEIC: a grid descriptor asking for more than the pixel limit (libFuzzer's find: a 3 GB malloc in libheif) is refused")
    func heifHugeGridDescriptor() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/heif/grid-descriptor-3gb.heic")
        let found = imagingError { _ = try ImageDecoder.decode(data: [UInt8](try Data(contentsOf: file))) }
        #expect(found?.code == .tooLarge)
        #expect(found?.message.hasPrefix("HEIF grid 2 output ") == true, "\(String(describing: found))")
        // quad.heic's grid description lives in idat: version, flags, rows-1, columns-1, width, height.
        var grid = try Fixture.bytes("quad.heic")
        let idat = try #require((0 ..< grid.count - 4).first { Array(grid[$0 ..< $0 + 4]) == Array("idat".utf8) }) + 4
        #expect(Array(grid[idat + 4 ..< idat + 8]) == [0, 64, 0, 48])  // 64x48
        grid.replaceSubrange(idat + 4 ..< idat + 8, with: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(imagingError { _ = try ImageDecoder.decode(data: grid) }?.message
            == "HEIF grid 2 output 65535x65535 is over the limit of 100000000 pixels")
        #expect(try ImageDecoder.decode(data: Fixture.bytes("quad.heic")).pixels.width == 64)
    }

    @Test("HEIC: a second meta box (libFuzzer's find: stack overflow in libheif past the checks of the first) is refused")
    func heifTwoMetaBoxes() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Fuzz/regressions/heif/two-meta-boxes.heic")
        let found = imagingError { _ = try ImageDecoder.decode(data: [UInt8](try Data(contentsOf: file))) }
        #expect(found?.message == "HEIF has more than one meta box")
        // quad.heic with its meta box appended once more.
        let quad = try Fixture.bytes("quad.heic")
        let meta = try #require((0 ..< quad.count - 4).first { Array(quad[$0 ..< $0 + 4]) == Array("meta".utf8) }) - 4
        let size = Int(quad[meta]) << 24 | Int(quad[meta + 1]) << 16 | Int(quad[meta + 2]) << 8 | Int(quad[meta + 3])
        let twice = Array(quad[..<(meta + size)]) + Array(quad[meta ..< meta + size]) + Array(quad[(meta + size)...])
        #expect(imagingError { _ = try ImageDecoder.decode(data: twice) }?.message == "HEIF has more than one meta box")
    }

    @Test("JPEG: a 100-MP frame header in a 20 KB file fails the memory budget at once")
    func jpegClaimingHugeFrame() throws {
        let dir = TemporaryDirectory("bomb-jpeg")
        let bytes = Crafted.jpegClaiming(try Fixture.bytes("photo.jpg"), width: 10000, height: 10000)
        let path = try Crafted.write(bytes, "claims.jpg", in: dir.path)
        #expect(try ImageProbe.probe(path: path).width == 10000)
        var e: ImagingError?
        let seconds = try Self.elapsed {
            e = imagingError { _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80)) }
        }
        #expect(e?.code == .tooLarge)
        #expect(e?.message.contains("memory budget") == true)
        #expect(seconds < 2)
        // Asked for a small output, DCT scaling makes it affordable: the data then runs out.
        let small = imagingError {
            _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80), compressedWidth: 320)
        }
        #expect(small?.code == .truncated || small?.code == .corrupt)
    }

    @Test("JPEG: a progressive file with 700 scans stops at TurboJPEG's scan limit")
    func jpegScanBomb() throws {
        let progressive = try Fixture.bytes("progressive.jpg")
        #expect(try ImageDecoder.decode(data: progressive).pixels.width == 64)
        let bomb = Crafted.repeatingLastScan(progressive, extra: 700)
        #expect(bomb.count > progressive.count + 700)
        let e = imagingError { _ = try ImageDecoder.decode(data: bomb) }
        #expect(e?.code == .corrupt)
        #expect(e?.message.contains("500 scans") == true, "\(String(describing: e))")
        // The compress fast path (planes) has the same limit.
        let dir = TemporaryDirectory("bomb-scans")
        let path = try Crafted.write(bomb, "scans.jpg", in: dir.path)
        #expect(imagingError { _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80)) }?
            .message.contains("500 scans") == true)
    }

    @Test("PNG: a 100-MP black PNG (< 1 MB) is refused before a byte of pixels is allocated")
    func pngHundredMegapixels() throws {
        let dir = TemporaryDirectory("bomb-png")
        let png = Crafted.blackPNG(width: 10000, height: 10000)
        #expect(png.count < 1 << 20)
        let path = try Crafted.write(png, "100mp.png", in: dir.path)
        let budget = ImagingMemoryBudget(capacity: 384 << 20)
        let limits = ImagingLimits(memoryBudget: budget)
        var e: ImagingError?
        let seconds = try Self.elapsed {
            e = imagingError { _ = try ImageCompressor.compressToData(inputPath: path, encoder: JPEGEncoder(quality: 80),
                                                                       compressedWidth: 1920, limits: limits) }
        }
        #expect(e?.code == .tooLarge)
        #expect(seconds < 2)
        #expect(budget.peakReserved == 0)
    }
}
