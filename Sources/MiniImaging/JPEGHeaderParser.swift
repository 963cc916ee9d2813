/// Walks JPEG marker segments up to the frame header (SOFn), collecting the EXIF
/// orientation from APP1 on the way. Reads only segment headers, the SOF payload
/// and the EXIF APP1 segment.
enum JPEGHeaderParser: HeaderProbing {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        var orientation = ImageOrientation.up
        var seenExif = false
        var size: (Int, Int)?
        try walk(source) { marker, start, length in
            if marker == 0xE1, !seenExif, let tiff = try exifPayload(source, start, length) {
                seenExif = true
                // A malformed EXIF block must not make an otherwise fine JPEG unreadable.
                if let meta = try? ExifMetadata.read(tiff: ByteSource(bytes: tiff), base: 0),
                   let o = meta.orientation {
                    orientation = o
                }
            } else if isStartOfFrame(marker) {
                guard length >= 6 else { throw ImagingError(.corrupt, "short SOF segment") }
                let height = try source.u16be(start + 1)
                let width = try source.u16be(start + 3)
                guard width > 0, height > 0 else {
                    throw ImagingError(.corrupt, "JPEG frame header has zero dimension (\(width)x\(height))")
                }
                size = (width, height)
                return true
            }
            return false
        }
        guard let (width, height) = size else {
            throw ImagingError(.corrupt, "JPEG has no frame header before image data")
        }
        return ImageHeader(format: .jpeg, width: width, height: height, orientation: orientation)
    }

    /// The TIFF bytes of the first EXIF APP1 segment, if any.
    static func exifBlock(_ source: ByteSource) throws -> [UInt8]? {
        var result: [UInt8]?
        try walk(source) { marker, start, length in
            if marker == 0xE1, let tiff = try exifPayload(source, start, length) {
                result = tiff
                return true
            }
            return isStartOfFrame(marker)
        }
        return result
    }

    /// SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    static func isStartOfFrame(_ marker: UInt8) -> Bool {
        marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC
    }

    private static func exifPayload(_ source: ByteSource, _ start: Int, _ length: Int) throws -> [UInt8]? {
        guard length > 6 else { return nil }
        let head = try source.read(start, 6)
        guard head.elementsEqual([0x45, 0x78, 0x69, 0x66, 0x00, 0x00]) else { return nil }
        return Array(try source.read(start + 6, length - 6))
    }

    /// Calls `visit(marker, payloadStart, payloadLength)` for each segment before
    /// SOS/EOI until it returns true.
    private static func walk(_ source: ByteSource, _ visit: (UInt8, Int, Int) throws -> Bool) throws {
        guard try source.u8(0) == 0xFF, try source.u8(1) == 0xD8 else {
            throw ImagingError(.corrupt, "missing JPEG SOI marker")
        }
        var pos = 2
        while true {
            guard try source.u8(pos) == 0xFF else {
                throw ImagingError(.corrupt, "expected JPEG marker at offset \(pos)")
            }
            while try source.u8(pos) == 0xFF { pos += 1 } // fill bytes
            let marker = try source.u8(pos)
            pos += 1
            switch marker {
            case 0x01, 0xD0 ... 0xD8:
                continue // standalone markers
            case 0xD9, 0xDA:
                return // EOI / start of scan: no more header segments
            default:
                let length = try source.u16be(pos)
                guard length >= 2 else { throw ImagingError(.corrupt, "bad JPEG segment length \(length)") }
                if try visit(marker, pos + 2, length - 2) { return }
                pos += length
            }
        }
    }
}
