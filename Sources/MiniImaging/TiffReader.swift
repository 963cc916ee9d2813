/// Minimal, bounds-checked reader for TIFF structures (a TIFF file or the TIFF
/// block inside a JPEG EXIF APP1 segment). Handles both byte orders. Only IFD0 is
/// read; every offset is validated against the source size.
struct TiffReader {
    struct Entry {
        let tag: Int
        let type: Int
        let count: Int
        /// Absolute offset of the 4-byte value/offset field.
        let valueField: Int
    }

    let source: ByteSource
    /// Absolute offset of the TIFF header ("II*\0" / "MM\0*").
    let base: Int
    let bigEndian: Bool

    init(source: ByteSource, base: Int) throws {
        self.source = source
        self.base = base
        let order = try source.read(base, 2)
        switch (order.first!, order.last!) {
        case (0x49, 0x49): bigEndian = false
        case (0x4D, 0x4D): bigEndian = true
        default: throw ImagingError(.corrupt, "bad TIFF byte order mark")
        }
        let magic = bigEndian ? try source.u16be(base + 2) : try source.u16le(base + 2)
        guard magic == 42 else { throw ImagingError(.corrupt, "bad TIFF magic \(magic)") }
    }

    func u16(_ absolute: Int) throws -> Int {
        bigEndian ? try source.u16be(absolute) : try source.u16le(absolute)
    }

    func u32(_ absolute: Int) throws -> Int {
        bigEndian ? try source.u32be(absolute) : try source.u32le(absolute)
    }

    /// Entries of IFD0.
    func ifd0() throws -> [Entry] {
        let offset = try u32(base + 4)
        guard offset >= 8 else { throw ImagingError(.corrupt, "bad IFD0 offset \(offset)") }
        let start = base + offset
        let n = try u16(start)
        guard n > 0, n <= 4096 else { throw ImagingError(.corrupt, "implausible IFD entry count \(n)") }
        // Make sure the whole directory is present before parsing it.
        _ = try source.read(start + 2, n * 12)
        var entries: [Entry] = []
        entries.reserveCapacity(n)
        for i in 0 ..< n {
            let e = start + 2 + i * 12
            entries.append(Entry(tag: try u16(e), type: try u16(e + 2), count: try u32(e + 4), valueField: e + 8))
        }
        return entries
    }

    /// First value of a BYTE/SHORT/LONG entry.
    func unsigned(_ entry: Entry) throws -> Int? {
        guard entry.count >= 1 else { return nil }
        switch entry.type {
        case 1: return Int(try source.u8(entry.valueField))
        case 3: return try u16(entry.valueField)
        case 4: return try u32(entry.valueField)
        default: return nil
        }
    }

    /// ASCII entry as a string (trailing NULs removed), at most `maxLength` bytes.
    func ascii(_ entry: Entry, maxLength: Int = 4096) throws -> String? {
        guard entry.type == 2, entry.count >= 1, entry.count <= maxLength else { return nil }
        let at = entry.count <= 4 ? entry.valueField : base + (try u32(entry.valueField))
        var bytes = Array(try source.read(at, entry.count))
        while bytes.last == 0 { bytes.removeLast() }
        if let nul = bytes.firstIndex(of: 0) { bytes = Array(bytes[..<nul]) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
