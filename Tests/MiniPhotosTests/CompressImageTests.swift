import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniPhotos
import Testing

@Suite("compressImage")
struct CompressImageTests {
    @Test("output is an upright JPEG, proportional", arguments: ImageOrientation.allCases)
    func upright(_ o: ImageOrientation) async throws {
        let s = try PhotoSession()
        let res = try await s.call("compressImage", ["src": .string(try s.temp("orient_\(o.rawValue).jpg")), "compressedWidth": 32])
        let out = try #require(res["tempFilePath"]?.stringValue)
        #expect(out.hasPrefix("wxfile://tmp_") && out.hasSuffix(".jpg"))
        let header = try ImageProbe.probe(path: try s.host(out))
        #expect(header.format == .jpeg && header.orientation == .up)
        #expect(header.width == 32 && header.height == 24)
        expectQuadrants(try s.decode(out))
    }

    @Test("every input format", arguments: ["quad.png", "quad.webp", "quad.gif", "quad24.bmp", "quad.heic", "png_named.jpg", "quad_palette.png"])
    func formats(_ file: String) async throws {
        let s = try PhotoSession()
        let res = try await s.call("compressImage", ["src": .string(try s.temp(file)), "quality": 90])
        let pixels = try s.decode(res["tempFilePath"]!.stringValue!)
        #expect(pixels.width == 64 && pixels.height == 48)
        expectQuadrants(pixels)
    }

    @Test("sizes: width only, height only, both, neither")
    func sizes() async throws {
        let s = try PhotoSession()
        let src = HostValue.string(try s.temp("orient_6.jpg"))  // upright 64x48
        func size(_ extra: HostValue) async throws -> (Int, Int) {
            var args = extra.objectValue ?? HostObjectValue()
            args["src"] = src
            let out = try await s.call("compressImage", .object(args))["tempFilePath"]!.stringValue!
            let h = try ImageProbe.probe(path: try s.host(out))
            return (h.width, h.height)
        }
        #expect(try await size(["compressedWidth": 16]) == (16, 12))
        #expect(try await size(["compressedHeight": 24]) == (32, 24))
        #expect(try await size(["compressedWidth": 20, "compressedHeight": 20]) == (20, 20))
        #expect(try await size([:]) == (64, 48))
        #expect(try await size(["compressedWidth": 31.6]) == (32, 24))
    }

    @Test("quality changes the output size; 0 and 100 are allowed")
    func quality() async throws {
        let s = try PhotoSession()
        let src = HostValue.string(try s.temp("photo.jpg"))
        var sizes: [Int] = []
        for q in [0, 30, 100] {
            let out = try await s.call("compressImage", ["src": src, "quality": .number(Double(q))])["tempFilePath"]!.stringValue!
            sizes.append(try Data(contentsOf: URL(fileURLWithPath: try s.host(out))).count)
        }
        #expect(sizes[0] < sizes[1] && sizes[1] < sizes[2])
    }

    @Test("errno per dialect", arguments: Dialect.allCases)
    func errors(_ dialect: Dialect) async throws {
        let s = try PhotoSession(dialect: dialect)
        let good = HostValue.string(try s.temp("quad420.jpg"))
        let cases: [(HostValue, MediaError, wx: Int, tt: Int, my: Int)] = [
            (["src": .string(dialect.tempPath(id: "gone", ext: "jpg"))], MediaError(.compressTargetMissing, "file not found"), 1_103_002, 203, 3),
            (["src": .string(try s.temp("truncated.jpg"))], MediaError(.imageDecodeFailed, "decode failed: image data is truncated (JPEG data ends early)"), 1_103_003, 1_300_003, 3),
            (["src": .string(try s.temp("empty.jpg"))], MediaError(.imageDecodeFailed, "decode failed: image data is truncated (file is empty)"), 1_103_003, 1_300_003, 3),
            (["src": .string(try s.temp("garbage.bin"))], MediaError(.imageDecodeFailed, "decode failed: unsupported image format (unrecognised image format)"), 1_103_003, 1_300_003, 3),
            (["src": good, "quality": 101], MediaError(.qualityInvalid, "quality should be in range [0, 100] instead of 101"), 1_103_006, 104, 2),
            (["src": good, "quality": -1], MediaError(.qualityInvalid, "quality should be in range [0, 100] instead of -1"), 1_103_006, 104, 2),
            (["src": good, "compressedWidth": 0], MediaError(.zeroSize, "compressedWidth should be greater than 0 instead of 0"), 1_103_007, 104, 2),
            (["src": good, "compressedHeight": -5], MediaError(.zeroSize, "compressedHeight should be greater than 0 instead of -5"), 1_103_007, 104, 2),
            (["src": good, "quality": "80"], .parameter("parameter.quality should be Number instead of String;"), 101, 104, 2),
        ]
        for (args, error, wx, tt, my) in cases {
            let f = await s.failure("compressImage", args)
            if error.code == .imageDecodeFailed && error.message.contains("ends early") {
                #expect(f?.error.code == error.code, "\(args)")  // the decoder's wording may vary
            } else {
                #expect(f?.error == error, "\(args)")
            }
            switch dialect {
            case .wx, .qq:
                #expect(f?.shaped["errno"] == .number(Double(wx)))
                #expect(f?.shaped["errMsg"] == .string("compressImage:fail \(f?.error.message ?? "")"))
            case .swan: #expect(f?.shaped["errCode"] == .number(Double(error.code == .parameterError ? 202 : wx)))
            case .tt: #expect(f?.shaped["errNo"] == .number(Double(tt)))
            case .my: #expect(f?.shaped["error"] == .number(Double(my)))
            }
        }
    }

    @Test("huge-dimension header is refused without allocating")
    func huge() async throws {
        let s = try PhotoSession()
        let f = await s.failure("compressImage", ["src": .string(try s.temp("huge.jpg"))])
        #expect(f?.error.code == .imageDecodeFailed)
        #expect(f?.error.message.hasPrefix("decode failed: image is too large") == true)
    }

    @Test("hostile source paths are refused")
    func hostile() async throws {
        let s = try PhotoSession()
        let f = await s.failure("compressImage", ["src": "wxfile://usr/../../../../etc/passwd"])
        #expect(f?.error.code == .permissionDenied)
    }
}
