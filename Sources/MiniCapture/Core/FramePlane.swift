/// One plane of a frame. Pointers stay valid while the owning `CameraFrame`/`FrameBuffer` is alive.
public struct FramePlane: @unchecked Sendable, Hashable {
    /// First byte of the plane.
    public let baseAddress: UnsafeRawPointer
    /// Row stride in bytes.
    public let bytesPerRow: Int
    /// Number of rows.
    public let rows: Int

    /// Bytes covered by the plane (`bytesPerRow * rows`).
    public var byteCount: Int { bytesPerRow * rows }

    /// Read-only view of the plane's bytes.
    public var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: baseAddress, count: byteCount) }

    /// Mutable pointer for producers inside MiniCapture.
    var mutableBaseAddress: UnsafeMutableRawPointer { UnsafeMutableRawPointer(mutating: baseAddress) }
}
