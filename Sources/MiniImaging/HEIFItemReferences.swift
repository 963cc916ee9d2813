/// A check of a HEIF file's derived-image references (`meta`/`iref`, `dimg`) run before libheif
/// decodes: libheif 1.15 follows `dimg` references recursively without cycle detection, so a
/// 773-byte grid that lists itself as its own tile overflowed the stack (or, decoding tiles on
/// threads, exhausted the thread limit and aborted the host).
///
/// A derived image (grid, overlay) may reference only items that are not derived themselves —
/// what cameras write — so no reference chain can be longer than one step or loop.
enum HEIFItemReferences {
    static func check(_ s: ByteSource) throws {
        guard let meta = try HEIFItemLocations.findBox("meta", in: s, from: 0, to: s.count),
              let iref = try HEIFItemLocations.findBox("iref", in: s, from: meta.payload + 4, to: meta.end) else { return }
        let version = Int(try s.u8(iref.payload))
        let idSize = version == 0 ? 2 : 4
        var derived: [Int: [Int]] = [:]
        var at = iref.payload + 4
        while at + 8 <= iref.end {
            let size = try s.u32be(at)
            guard size >= 8 + idSize + 2, size <= iref.end - at else {
                throw ImagingError(.corrupt, "HEIF iref entry at \(at) runs past its box")
            }
            let isDerivation = try s.read(at + 4, 4).elementsEqual(Array("dimg".utf8))
            let from = idSize == 2 ? try s.u16be(at + 8) : try s.u32be(at + 8)
            let count = try s.u16be(at + 8 + idSize)
            guard 8 + idSize + 2 + count * idSize <= size else {
                throw ImagingError(.corrupt, "HEIF iref entry for item \(from) lists more items than it holds")
            }
            if isDerivation {
                var to: [Int] = []
                for i in 0 ..< count {
                    let p = at + 8 + idSize + 2 + i * idSize
                    to.append(idSize == 2 ? try s.u16be(p) : try s.u32be(p))
                }
                derived[from, default: []] += to
            }
            at += size
        }
        let extents = try HEIFItemLocations.extents(s)
        for (item, sources) in derived {
            try checkGridSize(s, item: item, data: extents[item])
            if let nested = sources.first(where: { derived[$0] != nil }) {
                throw ImagingError(.corrupt, "HEIF derived image \(item) is built from derived image \(nested) "
                    + (nested == item ? "(itself)" : "(nested or cyclic derivation)"))
            }
        }
    }

    /// A grid's descriptor (ISO 23008-12 §6.6.2.3) gives the size libheif allocates for the whole
    /// image before it decodes a tile: a 773-byte file asked for 32-bit sizes and 3 GB. The output
    /// must stay within the pixel limit (an overlay descriptor, read the same way, is bounded too).
    private static func checkGridSize(_ s: ByteSource, item: Int, data: Range<Int>?) throws {
        guard let data, data.count >= 8 else { return }
        let wide = try s.u8(data.lowerBound + 1) & 1 == 1
        let w: Int, h: Int
        if wide {
            guard data.count >= 12 else { throw ImagingError(.corrupt, "HEIF grid \(item) descriptor is incomplete") }
            (w, h) = (try s.u32be(data.lowerBound + 4), try s.u32be(data.lowerBound + 8))
        } else {
            (w, h) = (try s.u16be(data.lowerBound + 4), try s.u16be(data.lowerBound + 6))
        }
        let limit = ImagingLimits.default.maxPixels
        guard w > 0, h > 0, w <= limit / h else {
            throw ImagingError(.tooLarge, "HEIF grid \(item) output \(w)x\(h) is over the limit of \(limit) pixels")
        }
    }
}
