/// Read-only I420 pixels owned by the caller: three planes and their row strides.
/// The pointers need to stay valid only for the call they are passed to.
public struct YUVPlanes: @unchecked Sendable {
    public var width: Int
    public var height: Int
    public var y: UnsafePointer<UInt8>
    public var u: UnsafePointer<UInt8>
    public var v: UnsafePointer<UInt8>
    public var yStride: Int
    public var uStride: Int
    public var vStride: Int

    public init(width: Int, height: Int, y: UnsafePointer<UInt8>, yStride: Int, u: UnsafePointer<UInt8>, uStride: Int,
                v: UnsafePointer<UInt8>, vStride: Int) {
        (self.width, self.height) = (width, height)
        (self.y, self.u, self.v) = (y, u, v)
        (self.yStride, self.uStride, self.vStride) = (yStride, uStride, vStride)
    }
}

/// Writable I420 pixels owned by the caller (a decoder's or scaler's destination).
public struct MutableYUVPlanes: @unchecked Sendable {
    public var width: Int
    public var height: Int
    public var y: UnsafeMutablePointer<UInt8>
    public var u: UnsafeMutablePointer<UInt8>
    public var v: UnsafeMutablePointer<UInt8>
    public var yStride: Int
    public var uStride: Int
    public var vStride: Int

    public init(width: Int, height: Int, y: UnsafeMutablePointer<UInt8>, yStride: Int, u: UnsafeMutablePointer<UInt8>,
                uStride: Int, v: UnsafeMutablePointer<UInt8>, vStride: Int) {
        (self.width, self.height) = (width, height)
        (self.y, self.u, self.v) = (y, u, v)
        (self.yStride, self.uStride, self.vStride) = (yStride, uStride, vStride)
    }

    /// The same pixels, read-only.
    public var readOnly: YUVPlanes {
        YUVPlanes(width: width, height: height, y: UnsafePointer(y), yStride: yStride, u: UnsafePointer(u), uStride: uStride,
                  v: UnsafePointer(v), vStride: vStride)
    }
}
