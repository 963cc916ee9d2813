/// One plane of a camera frame: bytes plus row stride.
public struct YUVPlane {
    /// The plane's bytes (must cover `stride * (rows - 1) + rowBytes`).
    public var bytes: UnsafeRawBufferPointer
    /// Distance between rows in bytes.
    public var stride: Int

    /// Creates a plane view.
    public init(bytes: UnsafeRawBufferPointer, stride: Int) {
        self.bytes = bytes
        self.stride = stride
    }

    func validate(rowBytes: Int, rows: Int, name: String) throws -> UnsafePointer<UInt8> {
        guard stride >= rowBytes, rows > 0, let base = bytes.baseAddress,
              bytes.count >= stride * (rows - 1) + rowBytes else {
            throw ImagingError(.invalidArgument, "\(name) plane too small (stride \(stride), \(bytes.count) bytes, need \(rows) rows of \(rowBytes))")
        }
        return base.assumingMemoryBound(to: UInt8.self)
    }
}

/// A borrowed camera frame in one of the supported YUV layouts (BT.601 limited range).
public enum YUVFrame {
    /// Planar 4:2:0: Y, then U and V at half resolution (rounded up).
    case i420(y: YUVPlane, u: YUVPlane, v: YUVPlane, width: Int, height: Int)
    /// Semi-planar 4:2:0: Y, then interleaved U,V at half resolution.
    case nv12(y: YUVPlane, uv: YUVPlane, width: Int, height: Int)
    /// Packed 4:2:2: Y0 U Y1 V.
    case yuy2(YUVPlane, width: Int, height: Int)

    /// Frame width in pixels.
    public var width: Int {
        switch self {
        case .i420(_, _, _, let w, _), .nv12(_, _, let w, _), .yuy2(_, let w, _): w
        }
    }

    /// Frame height in pixels.
    public var height: Int {
        switch self {
        case .i420(_, _, _, _, let h), .nv12(_, _, _, let h), .yuy2(_, _, let h): h
        }
    }
}
