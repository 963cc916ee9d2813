import Testing
@testable import MiniImaging

@Suite("Resize and YUV")
struct ResizeAndYUVTests {
    @Test("resize keeps quadrant colours", arguments: [(32, 24), (16, 12), (128, 96), (100, 30)])
    func resize(_ w: Int, _ h: Int) throws {
        let src = try ImageDecoder.decode(path: Fixture.path("quad.png")).pixels
        let out = try src.resized(width: w, height: h)
        #expect(out.width == w && out.height == h)
        expectQuadrants(out, tolerance: 2, scaleX: Double(w) / 64, scaleY: Double(h) / 48)
    }

    @Test("box filter averages, also for large reductions", arguments: [(4, 4, 2, 2, true), (64, 64, 8, 8, true), (400, 300, 96, 72, true), (40, 30, 25, 19, false)])
    func boxAverages(_ sw: Int, _ sh: Int, _ dw: Int, _ dh: Int, _ perPixel: Bool) throws {
        // Alternating black/white columns average to mid grey.
        var src = try PixelBuffer(width: sw, height: sh)
        for y in 0 ..< sh { for x in 0 ..< sw { let v: UInt8 = x % 2 == 0 ? 0 : 255; src.setPixel(x: x, y: y, RGBA(v, v, v, 255)) } }
        let out = try src.resized(width: dw, height: dh)
        #expect(out.width == dw && out.height == dh)
        var sum = 0
        for y in 0 ..< dh {
            for x in 0 ..< dw {
                let p = out.pixel(x: x, y: y)
                sum += Int(p.g)
                #expect(p.a >= 253) // libyuv's non-2:1 ARGB path uses 7-bit weights (255 may become 253)
                if perPixel {
                    #expect(p.isClose(to: RGBA(128, 128, 128, 255), tolerance: 3), "\(p) at \(x),\(y)")
                }
            }
        }
        #expect(abs(sum / (dw * dh) - 128) <= 8)
    }

    @Test("invalid resize target")
    func invalid() throws {
        let src = try PixelBuffer(width: 4, height: 4)
        #expect(errorCode { _ = try src.resized(width: 0, height: 3) } == .invalidArgument)
        #expect(errorCode { _ = try PixelBuffer(width: 2, height: 2, bytes: [1, 2, 3]) } == .invalidArgument)
    }

    /// Builds I420 planes from the quadrant picture.
    static func i420Planes() throws -> (y: [UInt8], u: [UInt8], v: [UInt8]) {
        let src = try ImageDecoder.decode(path: Fixture.path("quad.png")).pixels
        var y = [UInt8](repeating: 0, count: 64 * 48), u = [UInt8](repeating: 0, count: 32 * 24), v = u
        try y.withUnsafeMutableBytes { yb in
            try u.withUnsafeMutableBytes { ub in
                try v.withUnsafeMutableBytes { vb in
                    try FrameConverter.rgbaToI420(src, y: yb, yStride: 64, u: ub, uStride: 32, v: vb, vStride: 32)
                }
            }
        }
        return (y, u, v)
    }

    @Test("I420 -> RGBA, same size and scaled", arguments: [(64, 48), (32, 24), (96, 72)])
    func i420(_ w: Int, _ h: Int) throws {
        let (y, u, v) = try Self.i420Planes()
        var out = try PixelBuffer(width: w, height: h)
        let converter = FrameConverter()
        try y.withUnsafeBytes { yb in
            try u.withUnsafeBytes { ub in
                try v.withUnsafeBytes { vb in
                    let frame = YUVFrame.i420(y: YUVPlane(bytes: yb, stride: 64), u: YUVPlane(bytes: ub, stride: 32),
                                              v: YUVPlane(bytes: vb, stride: 32), width: 64, height: 48)
                    try converter.convert(frame, into: &out)
                    try converter.convert(frame, into: &out) // reuses scratch
                }
            }
        }
        expectQuadrants(out, tolerance: 12, scaleX: Double(w) / 64, scaleY: Double(h) / 48)
    }

    @Test("NV12 -> RGBA", arguments: [(64, 48), (32, 24)])
    func nv12(_ w: Int, _ h: Int) throws {
        let (y, u, v) = try Self.i420Planes()
        var uv = [UInt8](repeating: 0, count: 64 * 24)
        for i in 0 ..< u.count { uv[2 * i] = u[i]; uv[2 * i + 1] = v[i] }
        var out = try PixelBuffer(width: w, height: h)
        try y.withUnsafeBytes { yb in
            try uv.withUnsafeBytes { uvb in
                try FrameConverter().convert(.nv12(y: YUVPlane(bytes: yb, stride: 64), uv: YUVPlane(bytes: uvb, stride: 64),
                                                   width: 64, height: 48), into: &out)
            }
        }
        expectQuadrants(out, tolerance: 12, scaleX: Double(w) / 64, scaleY: Double(h) / 48)
    }

    @Test("YUY2 -> RGBA", arguments: [(64, 48), (32, 24)])
    func yuy2(_ w: Int, _ h: Int) throws {
        let (y, u, v) = try Self.i420Planes()
        var packed = [UInt8](repeating: 0, count: 64 * 2 * 48)
        for row in 0 ..< 48 {
            for pair in 0 ..< 32 {
                let o = row * 128 + pair * 4
                packed[o] = y[row * 64 + pair * 2]
                packed[o + 1] = u[(row / 2) * 32 + pair]
                packed[o + 2] = y[row * 64 + pair * 2 + 1]
                packed[o + 3] = v[(row / 2) * 32 + pair]
            }
        }
        var out = try PixelBuffer(width: w, height: h)
        try packed.withUnsafeBytes { pb in
            try FrameConverter().convert(.yuy2(YUVPlane(bytes: pb, stride: 128), width: 64, height: 48), into: &out)
        }
        expectQuadrants(out, tolerance: 12, scaleX: Double(w) / 64, scaleY: Double(h) / 48)
    }

    @Test("undersized planes are rejected")
    func undersized() throws {
        let small = [UInt8](repeating: 0, count: 100)
        var out = try PixelBuffer(width: 64, height: 48)
        let code = errorCode {
            try small.withUnsafeBytes { b in
                try FrameConverter().convert(.i420(y: YUVPlane(bytes: b, stride: 64), u: YUVPlane(bytes: b, stride: 32),
                                                   v: YUVPlane(bytes: b, stride: 32), width: 64, height: 48), into: &out)
            }
        }
        #expect(code == .invalidArgument)
    }
}
