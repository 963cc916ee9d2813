import CGIF

/// GIF probing (logical screen descriptor) and first-frame decoding with giflib.
/// The first image is drawn on a transparent canvas of the logical screen size.
enum GIFDecoder: HeaderProbing, PixelDecoding {
    static func probeHeader(_ source: ByteSource) throws -> ImageHeader {
        let width = try source.u16le(6), height = try source.u16le(8)
        guard width > 0, height > 0 else { throw ImagingError(.corrupt, "GIF logical screen is \(width)x\(height)") }
        return ImageHeader(format: .gif, width: width, height: height)
    }

    /// Memory cursor handed to giflib's read callback through `UserData`.
    private struct Cursor {
        let base: UnsafePointer<UInt8>
        let count: Int
        var position = 0
    }

    static func decodePixels(_ data: UnsafeRawBufferPointer, header: ImageHeader, request: DecodeRequest) throws -> PixelBuffer {
        var cursor = Cursor(base: data.baseAddress!.assumingMemoryBound(to: UInt8.self), count: data.count)
        return try withUnsafeMutablePointer(to: &cursor) { cursorPtr in
            var openError: Int32 = 0
            let read: InputFunc = { gif, out, want in
                guard let gif, let out, want > 0, let user = gif.pointee.UserData else { return 0 }
                let c = user.assumingMemoryBound(to: Cursor.self)
                let n = min(Int(want), c.pointee.count - c.pointee.position)
                guard n > 0 else { return 0 }
                out.update(from: c.pointee.base + c.pointee.position, count: n)
                c.pointee.position += n
                return Int32(n)
            }
            guard let gif = DGifOpen(cursorPtr, read, &openError) else {
                throw gifError(openError, "GIF header")
            }
            defer {
                var closeError: Int32 = 0
                DGifCloseFile(gif, &closeError)
            }
            return try decodeFirstImage(gif, request: request)
        }
    }

    private static func decodeFirstImage(_ gif: UnsafeMutablePointer<GifFileType>, request: DecodeRequest) throws -> PixelBuffer {
        let screenW = Int(gif.pointee.SWidth), screenH = Int(gif.pointee.SHeight)
        try request.limits.check(width: screenW, height: screenH)
        var transparentIndex = -1
        while true {
            try request.deadline.check("GIF decode")
            var type = UNDEFINED_RECORD_TYPE
            guard DGifGetRecordType(gif, &type) == GIF_OK else { throw gifError(gif.pointee.Error, "GIF record") }
            switch type {
            case EXTENSION_RECORD_TYPE:
                var code: Int32 = 0
                var ext: UnsafeMutablePointer<GifByteType>?
                guard DGifGetExtension(gif, &code, &ext) == GIF_OK else { throw gifError(gif.pointee.Error, "GIF extension") }
                if code == GRAPHICS_EXT_FUNC_CODE, let e = ext, e[0] >= 4 {
                    transparentIndex = (e[1] & 0x01) != 0 ? Int(e[4]) : -1
                }
                while ext != nil {
                    guard DGifGetExtensionNext(gif, &ext) == GIF_OK else { throw gifError(gif.pointee.Error, "GIF extension") }
                }
            case IMAGE_DESC_RECORD_TYPE:
                guard DGifGetImageDesc(gif) == GIF_OK else { throw gifError(gif.pointee.Error, "GIF image descriptor") }
                return try readImage(gif, screenW: screenW, screenH: screenH, transparentIndex: transparentIndex,
                                     request: request)
            case TERMINATE_RECORD_TYPE:
                throw ImagingError(.corrupt, "GIF contains no image")
            default:
                throw ImagingError(.corrupt, "unexpected GIF record")
            }
        }
    }

    private static func readImage(_ gif: UnsafeMutablePointer<GifFileType>, screenW: Int, screenH: Int,
                                  transparentIndex: Int, request: DecodeRequest) throws -> PixelBuffer {
        let desc = gif.pointee.Image
        let left = Int(desc.Left), top = Int(desc.Top), w = Int(desc.Width), h = Int(desc.Height)
        guard w > 0, h > 0, w <= 65535, h <= 65535 else { throw ImagingError(.corrupt, "invalid GIF frame size") }
        // The frame is decoded row by row whatever the screen size: its own size is what costs.
        try request.limits.check(width: w, height: h, what: "GIF frame")
        // A frame that starts off-screen draws nothing (browsers clip it too): no need to read it.
        guard left < screenW, top < screenH else { return try PixelBuffer(width: screenW, height: screenH) }
        guard let map = desc.ColorMap ?? gif.pointee.SColorMap, let colors = map.pointee.Colors else {
            throw ImagingError(.corrupt, "GIF has no colour table")
        }
        let colorCount = Int(map.pointee.ColorCount)
        var palette = [RGBA](repeating: RGBA(0, 0, 0, 255), count: 256)
        for i in 0 ..< min(colorCount, 256) {
            let c = colors[i]
            palette[i] = RGBA(c.Red, c.Green, c.Blue, 255)
        }
        if transparentIndex >= 0 && transparentIndex < 256 { palette[transparentIndex] = RGBA(0, 0, 0, 0) }

        // Row order for interlaced images: passes start at 0,4,2,1 with steps 8,8,4,2.
        var rowOrder: [Int] = []
        rowOrder.reserveCapacity(h)
        if desc.Interlace {
            for (start, step) in [(0, 8), (4, 8), (2, 4), (1, 2)] {
                rowOrder += stride(from: start, to: h, by: step)
            }
        } else {
            rowOrder = Array(0 ..< h)
        }
        var canvas = try PixelBuffer(width: screenW, height: screenH)
        let stride = canvas.bytesPerRow
        var line = [GifByteType](repeating: 0, count: w)
        // Rows below the screen are never drawn: a progressive (non-interlaced) frame stops there.
        let lastVisibleRow = min(h, screenH - top)
        try canvas.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            for row in rowOrder {
                if !desc.Interlace && row >= lastVisibleRow { break }
                try request.deadline.check("GIF decode")
                guard DGifGetLine(gif, &line, Int32(w)) == GIF_OK else {
                    throw gifError(gif.pointee.Error, "GIF pixel data")
                }
                let y = top + row
                guard y >= 0, y < screenH else { continue }
                let out = base + y * stride
                for x in 0 ..< w {
                    let cx = left + x
                    guard cx < screenW else { break }
                    let c = palette[Int(line[x])]
                    let p = out + cx * 4
                    p[0] = c.r; p[1] = c.g; p[2] = c.b; p[3] = c.a
                }
            }
        }
        return canvas
    }

    private static func gifError(_ code: Int32, _ what: String) -> ImagingError {
        let message = GifErrorString(code).map { String(cString: $0) } ?? "error \(code)"
        if code == D_GIF_ERR_READ_FAILED || code == D_GIF_ERR_EOF_TOO_SOON {
            return ImagingError(.truncated, "\(what) is truncated: \(message)")
        }
        if code == D_GIF_ERR_NOT_GIF_FILE {
            return ImagingError(.unsupportedFormat, "\(what): \(message)")
        }
        return ImagingError(.corrupt, "\(what) is invalid: \(message)")
    }
}
