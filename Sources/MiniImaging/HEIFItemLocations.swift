/// A bounds check of a HEIF file's item locations (`meta`/`iloc`, ISO 14496-12 §8.11.3) run
/// before libheif decodes: libheif 1.15 sizes its buffers from `iloc` extent lengths before it
/// checks them against the data, so a 773-byte file could make it allocate (and zero) 1.6 GB.
///
/// Every extent must lie inside the file (construction method 0) or inside `idat` (method 1),
/// the `iloc` table must fit its box, and one item's extents together cannot exceed the file.
enum HEIFItemLocations {
    static func check(_ s: ByteSource) throws { _ = try extents(s) }

    /// Checks the table and returns each item's first extent as a byte range of the file
    /// (construction methods 0 and 1), for the checks that read an item's own data.
    static func extents(_ s: ByteSource) throws -> [Int: Range<Int>] {
        guard let meta = try findBox("meta", in: s, from: 0, to: s.count) else {
            throw ImagingError(.corrupt, "HEIF has no meta box")
        }
        // `meta` is a full box: 4 bytes of version and flags before its children.
        let children = meta.payload + 4
        guard let iloc = try findBox("iloc", in: s, from: children, to: meta.end) else {
            throw ImagingError(.corrupt, "HEIF has no iloc box")
        }
        let idat = try findBox("idat", in: s, from: children, to: meta.end)
        return try checkTable(s, iloc, idat: idat)
    }

    struct Box {
        /// First byte after the header, and first byte after the box.
        let payload: Int, end: Int
    }

    /// The box of `type` among the siblings in `start ..< end`. A second one is refused: the
    /// checks here read the first, and libheif may read another (a file with two `meta` boxes
    /// passed the reference check on the first and overflowed libheif's stack through the second).
    static func findBox(_ type: String, in s: ByteSource, from start: Int, to end: Int) throws -> Box? {
        guard let box = try firstBox(type, in: s, from: start, to: end) else { return nil }
        if try firstBox(type, in: s, from: box.end, to: end) != nil {
            throw ImagingError(.corrupt, "HEIF has more than one \(type) box")
        }
        return box
    }

    /// The first box of `type` among the siblings in `start ..< end`.
    private static func firstBox(_ type: String, in s: ByteSource, from start: Int, to end: Int) throws -> Box? {
        let tag = Array(type.utf8)
        var at = start
        while at + 8 <= end {
            var size = try s.u32be(at)
            var header = 8
            if size == 1 {
                let high = try s.u32be(at + 8), low = try s.u32be(at + 12)
                guard high == 0 else { throw ImagingError(.corrupt, "HEIF box larger than 4 GiB") }
                size = low
                header = 16
            } else if size == 0 {
                size = end - at
            }
            guard size >= header, size <= end - at else {
                throw ImagingError(.corrupt, "HEIF box at \(at) (size \(size)) runs past its parent")
            }
            if try s.read(at + 4, 4).elementsEqual(tag) { return Box(payload: at + header, end: at + size) }
            at += size
        }
        return nil
    }

    private static func checkTable(_ s: ByteSource, _ box: Box, idat: Box?) throws -> [Int: Range<Int>] {
        let idatSize = idat.map { $0.end - $0.payload } ?? 0
        var first: [Int: Range<Int>] = [:]
        var at = box.payload
        func need(_ n: Int) throws {
            guard n <= box.end - at else { throw ImagingError(.corrupt, "HEIF iloc table runs past its box") }
        }
        func uint(_ size: Int) throws -> Int {
            try need(size)
            defer { at += size }
            switch size {
            case 0: return 0
            case 2: return try s.u16be(at)
            case 4: return try s.u32be(at)
            case 8:
                let high = try s.u32be(at), low = try s.u32be(at + 4)
                guard high < 1 << 24 else { throw ImagingError(.corrupt, "HEIF iloc value out of range") }
                return high << 32 | low
            default: throw ImagingError(.corrupt, "HEIF iloc field size \(size) is invalid")
            }
        }
        let version = try uint(4) >> 24
        guard version <= 2 else { throw ImagingError(.unsupportedFormat, "HEIF iloc version \(version)") }
        let sizes = try uint(2)
        let offsetSize = sizes >> 12 & 0xF, lengthSize = sizes >> 8 & 0xF
        let baseOffsetSize = sizes >> 4 & 0xF, indexSize = version >= 1 ? sizes & 0xF : 0
        let itemCount = try uint(version < 2 ? 2 : 4)
        for _ in 0 ..< itemCount {
            let id = try uint(version < 2 ? 2 : 4)
            let method = version >= 1 ? try uint(2) & 0xF : 0
            _ = try uint(2) // data_reference_index
            let base = try uint(baseOffsetSize)
            let extentCount = try uint(2)
            // Where this item's bytes come from, and how many there are.
            let limit = method == 0 ? s.count : method == 1 ? idatSize : s.count
            var total = 0
            for _ in 0 ..< extentCount {
                if indexSize > 0 { _ = try uint(indexSize) }
                let offset = try uint(offsetSize)
                let length = try uint(lengthSize)
                total += length
                let start = method == 2 ? 0 : base + offset
                guard start <= limit, length <= limit - start, total <= limit else {
                    throw ImagingError(.corrupt, "HEIF item \(id) extent (offset \(base + offset), length \(length)) "
                        + "lies outside its \(method == 1 ? "idat box" : "file")")
                }
                if first[id] == nil, method <= 1 {
                    let origin = method == 1 ? (idat?.payload ?? 0) : 0
                    // Length 0 means "to the end of the file (or idat)".
                    first[id] = origin + start ..< origin + (length == 0 ? limit : start + length)
                }
            }
        }
        return first
    }
}
