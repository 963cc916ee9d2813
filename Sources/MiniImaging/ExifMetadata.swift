/// The few EXIF fields MiniImaging reads and writes.
public struct ExifMetadata: Sendable, Equatable {
    /// Tag 0x0112.
    public var orientation: ImageOrientation?
    /// Tag 0x010F (camera maker).
    public var make: String?
    /// Tag 0x0110 (camera model).
    public var model: String?
    /// Tag 0x0132, formatted `"YYYY:MM:DD HH:MM:SS"`.
    public var dateTime: String?

    /// Creates metadata; all fields optional.
    public init(orientation: ImageOrientation? = nil, make: String? = nil, model: String? = nil, dateTime: String? = nil) {
        self.orientation = orientation
        self.make = make
        self.model = model
        self.dateTime = dateTime
    }

    /// Parses the EXIF APP1 segment of a JPEG held in memory. Returns `nil` when the
    /// JPEG has no EXIF block; throws for non-JPEG or malformed data.
    public static func read(jpeg bytes: [UInt8]) throws -> ExifMetadata? {
        guard ImageFormat.detect(magic: bytes.prefix(16)) == .jpeg else {
            throw ImagingError(.unsupportedFormat, "not a JPEG")
        }
        guard let tiff = try JPEGHeaderParser.exifBlock(ByteSource(bytes: bytes)) else { return nil }
        return try read(tiff: ByteSource(bytes: tiff), base: 0)
    }

    /// Reads the supported tags from a TIFF structure starting at `base`.
    static func read(tiff source: ByteSource, base: Int) throws -> ExifMetadata {
        let reader = try TiffReader(source: source, base: base)
        var meta = ExifMetadata()
        for entry in try reader.ifd0() {
            switch entry.tag {
            case 0x0112:
                if let v = try reader.unsigned(entry) { meta.orientation = ImageOrientation(rawValue: v) }
            case 0x010F: meta.make = try reader.ascii(entry)
            case 0x0110: meta.model = try reader.ascii(entry)
            case 0x0132: meta.dateTime = try reader.ascii(entry)
            default: break
            }
        }
        return meta
    }

    /// Builds a complete JPEG APP1 segment (`FF E1`, length, `"Exif\0\0"`, big-endian
    /// TIFF with one IFD0 holding the non-nil fields). Throws `.invalidArgument` for a
    /// malformed `dateTime`, non-ASCII strings, or an oversized block.
    public func app1Segment() throws -> [UInt8] {
        var fields: [(tag: UInt16, type: UInt16, count: UInt32, payload: [UInt8])] = []
        func ascii(_ tag: UInt16, _ value: String?, _ name: String) throws {
            guard let value else { return }
            let utf8 = Array(value.utf8)
            guard utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }), utf8.count < 32_000 else {
                throw ImagingError(.invalidArgument, "EXIF \(name) must be printable ASCII")
            }
            fields.append((tag, 2, UInt32(utf8.count + 1), utf8 + [0]))
        }
        try ascii(0x010F, make, "Make")
        try ascii(0x0110, model, "Model")
        if let orientation {
            let v = UInt16(orientation.rawValue)
            fields.append((0x0112, 3, 1, [UInt8(v >> 8), UInt8(v & 0xFF)]))
        }
        if let dateTime {
            guard Self.isValidDateTime(dateTime) else {
                throw ImagingError(.invalidArgument, "EXIF DateTime must look like YYYY:MM:DD HH:MM:SS")
            }
            try ascii(0x0132, dateTime, "DateTime")
        }
        fields.sort { $0.tag < $1.tag }

        func be16(_ v: Int) -> [UInt8] { [UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func be32(_ v: Int) -> [UInt8] { [UInt8(v >> 24 & 0xFF), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }

        var tiff: [UInt8] = [0x4D, 0x4D, 0x00, 0x2A] + be32(8)
        let ifdSize = 2 + fields.count * 12 + 4
        var dataOffset = 8 + ifdSize
        var data: [UInt8] = []
        tiff += be16(fields.count)
        for f in fields {
            tiff += be16(Int(f.tag)) + be16(Int(f.type)) + be32(Int(f.count))
            if f.payload.count <= 4 {
                tiff += f.payload + [UInt8](repeating: 0, count: 4 - f.payload.count)
            } else {
                tiff += be32(dataOffset)
                data += f.payload
                if data.count % 2 == 1 { data.append(0) } // keep offsets word aligned
                dataOffset = 8 + ifdSize + data.count
            }
        }
        tiff += be32(0) // no IFD1
        tiff += data
        let payload: [UInt8] = Array("Exif".utf8) + [0, 0] + tiff
        guard payload.count + 2 <= 0xFFFF else {
            throw ImagingError(.invalidArgument, "EXIF block too large")
        }
        return [0xFF, 0xE1] + be16(payload.count + 2) + payload
    }

    static func isValidDateTime(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard b.count == 19 else { return false }
        for (i, c) in b.enumerated() {
            switch i {
            case 4, 7: if c != UInt8(ascii: ":") { return false }
            case 10: if c != UInt8(ascii: " ") { return false }
            case 13, 16: if c != UInt8(ascii: ":") { return false }
            default: if !(UInt8(ascii: "0") ... UInt8(ascii: "9")).contains(c) { return false }
            }
        }
        return true
    }
}
