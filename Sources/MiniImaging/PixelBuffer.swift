/// One RGBA8 pixel (non-premultiplied).
public struct RGBA: Sendable, Equatable, CustomStringConvertible {
    public var r: UInt8, g: UInt8, b: UInt8, a: UInt8
    /// Creates a pixel.
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8, _ a: UInt8 = 255) {
        self.r = r; self.g = g; self.b = b; self.a = a
    }
    public var description: String { "RGBA(\(r),\(g),\(b),\(a))" }

    /// True when every channel differs from `other` by at most `tolerance`.
    public func isClose(to other: RGBA, tolerance: Int = 8) -> Bool {
        abs(Int(r) - Int(other.r)) <= tolerance && abs(Int(g) - Int(other.g)) <= tolerance
            && abs(Int(b) - Int(other.b)) <= tolerance && abs(Int(a) - Int(other.a)) <= tolerance
    }
}

/// An owned RGBA8 image: bytes are R,G,B,A per pixel in memory (libyuv calls this
/// layout "ABGR"), rows `bytesPerRow` apart.
///
/// Value semantics: the storage is a copy-on-write `[UInt8]`, so a `PixelBuffer` is
/// `Sendable` and owns its memory; mutation goes through `withUnsafeMutableBytes`.
public struct PixelBuffer: Sendable, Equatable {
    /// Width in pixels (> 0).
    public let width: Int
    /// Height in pixels (> 0).
    public let height: Int
    /// Distance between rows in bytes (≥ `width * 4`).
    public let bytesPerRow: Int
    /// Pixel storage, `bytesPerRow * height` bytes.
    public private(set) var bytes: [UInt8]

    /// Creates a buffer filled with `fill` (transparent black by default).
    public init(width: Int, height: Int, fill: RGBA = RGBA(0, 0, 0, 0)) throws {
        try Self.validate(width: width, height: height)
        self.width = width
        self.height = height
        self.bytesPerRow = width * 4
        if fill == RGBA(0, 0, 0, 0) {
            bytes = [UInt8](repeating: 0, count: width * 4 * height)
        } else {
            var row: [UInt8] = []
            row.reserveCapacity(width * 4 * height)
            for _ in 0 ..< width * height { row += [fill.r, fill.g, fill.b, fill.a] }
            bytes = row
        }
    }

    /// Wraps existing RGBA8 bytes. Throws `.invalidArgument` if the sizes do not fit.
    public init(width: Int, height: Int, bytesPerRow: Int? = nil, bytes: [UInt8]) throws {
        try Self.validate(width: width, height: height)
        let stride = bytesPerRow ?? width * 4
        guard stride >= width * 4, bytes.count >= stride * height else {
            throw ImagingError(.invalidArgument, "pixel data too small for \(width)x\(height) (stride \(stride), \(bytes.count) bytes)")
        }
        self.width = width
        self.height = height
        self.bytesPerRow = stride
        self.bytes = bytes
    }

    /// Allocates tightly packed storage *without* zero-filling and lets `initialize`
    /// write every byte (row stride `width * 4`).
    init(uninitializedWidth width: Int, height: Int, initialize: (UnsafeMutableRawBufferPointer) throws -> Void) throws {
        try Self.validate(width: width, height: height)
        self.width = width
        self.height = height
        self.bytesPerRow = width * 4
        let count = width * 4 * height
        var failure: (any Error)?
        bytes = [UInt8](unsafeUninitializedCapacity: count) { buf, initialized in
            do {
                try initialize(UnsafeMutableRawBufferPointer(buf))
            } catch {
                failure = error
                // Leave defined contents: the array is discarded anyway.
                UnsafeMutableRawBufferPointer(buf).initializeMemory(as: UInt8.self, repeating: 0)
            }
            initialized = count
        }
        if let failure { throw failure }
    }

    private static func validate(width: Int, height: Int) throws {
        guard width > 0, height > 0, width <= 1 << 20, height <= 1 << 20 else {
            throw ImagingError(.invalidArgument, "invalid pixel buffer size \(width)x\(height)")
        }
        let (n, overflow) = width.multipliedReportingOverflow(by: height * 4)
        guard !overflow, n <= Int(Int32.max) else {
            throw ImagingError(.tooLarge, "pixel buffer \(width)x\(height) too large")
        }
    }

    /// The pixel at (`x`, `y`); precondition: inside the image.
    public func pixel(x: Int, y: Int) -> RGBA {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x),\(y)) outside \(width)x\(height)")
        let i = y * bytesPerRow + x * 4
        return RGBA(bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3])
    }

    /// Sets the pixel at (`x`, `y`); precondition: inside the image.
    public mutating func setPixel(x: Int, y: Int, _ value: RGBA) {
        precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x),\(y)) outside \(width)x\(height)")
        let i = y * bytesPerRow + x * 4
        bytes[i] = value.r; bytes[i + 1] = value.g; bytes[i + 2] = value.b; bytes[i + 3] = value.a
    }

    /// Read-only access to the storage.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeBytes(body)
    }

    /// Mutable access to the storage (size must not change).
    public mutating func withUnsafeMutableBytes<R>(_ body: (UnsafeMutableRawBufferPointer) throws -> R) rethrows -> R {
        try bytes.withUnsafeMutableBytes(body)
    }

    /// True if any pixel has alpha below 255.
    public var hasTransparency: Bool {
        bytes.withUnsafeBytes { raw in
            for y in 0 ..< height {
                let row = raw.baseAddress! + y * bytesPerRow
                for x in 0 ..< width where row.load(fromByteOffset: x * 4 + 3, as: UInt8.self) != 255 {
                    return true
                }
            }
            return false
        }
    }

    /// Composites the image over an opaque `background` in place (alpha becomes 255).
    /// Used before JPEG encoding, which has no alpha channel.
    public mutating func flatten(over background: RGBA = RGBA(255, 255, 255)) {
        let (w, h, stride) = (width, height, bytesPerRow)
        bytes.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for y in 0 ..< h {
                let row = base + y * stride
                for x in 0 ..< w {
                    let p = row + x * 4
                    let a = Int(p[3])
                    if a == 255 { continue }
                    let ia = 255 - a
                    p[0] = UInt8((Int(p[0]) * a + Int(background.r) * ia + 127) / 255)
                    p[1] = UInt8((Int(p[1]) * a + Int(background.g) * ia + 127) / 255)
                    p[2] = UInt8((Int(p[2]) * a + Int(background.b) * ia + 127) / 255)
                    p[3] = 255
                }
            }
        }
    }
}
