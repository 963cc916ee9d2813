import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniMediaTesting
import MiniPhotos
import Testing

/// Hostile image files and sizes through the image APIs: each is a clean `fail`, never a trap.
@Suite("Hostile images through the image APIs")
struct HostileImageTests {
    /// The 130-byte attack file: 32-bit BI_BITFIELDS BMP whose red mask (0x00F0F000) has holes.
    static let bitfieldsBMP: [UInt8] = {
        func le32(_ v: UInt32) -> [UInt8] { (0 ..< 4).map { UInt8(v >> (8 * UInt32($0)) & 0xFF) } }
        func le16(_ v: UInt16) -> [UInt8] { [UInt8(v & 0xFF), UInt8(v >> 8)] }
        let info = le32(40) + le32(4) + le32(4) + le16(1) + le16(32) + le32(3) + le32(64) + le32(2835) + le32(2835)
            + le32(0) + le32(0)
        let masks = le32(0x00F0_F000) + le32(0x0000_0F00) + le32(0x0000_00FF)
        return Array("BM".utf8) + le32(130) + le32(0) + le32(66) + info + masks + [UInt8](repeating: 0xFF, count: 64)
    }()

    @Test("app A saves the bitfields BMP to the shared album; app B's compressed pick fails cleanly")
    func crossAppBitfieldsBMP() async throws {
        #expect(Self.bitfieldsBMP.count == 130)
        let a = try PhotoSession(appID: "a.app")
        let path = try a.session.files.createTempFile(ext: "bmp", bytes: Self.bitfieldsBMP)
        // Saving only probes the header, which is well-formed.
        try await a.call("saveImageToPhotosAlbum", ["filePath": .string(path)])
        let b = try PhotoSession(appID: "b.app", directory: a.test.directory)
        let pick = await b.failure("chooseImage", ["count": 1, "sourceType": ["album"], "sizeType": ["compressed"]])
        #expect(pick?.error.code == .invalidImage)
        #expect(pick?.error.message.contains("not contiguous") == true)
        // compressImage on the same bytes in app B.
        let copy = try b.session.files.createTempFile(ext: "bmp", bytes: Self.bitfieldsBMP)
        let compress = await b.failure("compressImage", ["src": .string(copy)])
        #expect(compress?.error.code == .imageDecodeFailed)
        #expect(compress?.error.message == "decode failed: image data is corrupt (BMP red mask 0xf0f000 is not contiguous)")
        // Both apps keep working.
        #expect(try await b.call("getImageInfo", ["src": .string(copy)])["type"] == .string("bmp"))
        #expect(try await a.call("compressImage", ["src": .string(try a.temp("quad24.bmp"))])["tempFilePath"] != nil)
    }

    @Test("extreme compressed sizes are clean failures")
    func extremeSizes() async throws {
        let s = try PhotoSession()
        let tall = HostValue.string(try s.temp("orient_6.jpg")) // 64x48 stored, upright 48x64
        let negative = await s.failure("compressImage", ["src": tall, "compressedWidth": -1e300])
        #expect(negative?.error.code == .zeroSize)
        let huge = await s.failure("compressImage", ["src": tall, "compressedWidth": 1e300])
        #expect(huge?.error.code == .imageDecodeFailed)
        #expect(huge?.error.message.hasPrefix("decode failed: image is too large (output") == true)
        let both = await s.failure("compressImage", ["src": tall, "compressedWidth": 1e9, "compressedHeight": 1e9])
        #expect(both?.error.code == .imageDecodeFailed)
    }
}
