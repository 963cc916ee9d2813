/// The `compressImage` pipeline: decode (DCT-scaled for JPEG), turn upright, resize
/// proportionally, encode JPEG.
///
/// JPEG inputs (YCbCr/grey, 4:2:0/4:2:2/4:4:4) take a fast path that never leaves
/// YUV: TurboJPEG scaled decode to planes → libyuv box `I420Scale` → `I420Rotate`/
/// `I420Mirror` → TurboJPEG encode from planes. Other inputs (and CMYK JPEGs) go
/// through RGBA8; transparent pixels are composited over white.
public enum ImageCompressor {
    /// Compresses an image file to JPEG and returns the output path.
    ///
    /// - Parameters:
    ///   - inputPath: any decodable format (detected by content).
    ///   - quality: JPEG quality 0–100.
    ///   - compressedWidth / compressedHeight: output size in *upright* pixels. If only
    ///     one is given the other keeps the aspect ratio; if neither, the upright
    ///     source size is kept; if both, that exact size is produced.
    ///   - outputPath: where to write (atomically); default is a new file in the
    ///     temporary directory (`$TMPDIR` or `/tmp`).
    ///   - exif: optional EXIF to embed (the output is upright, so an orientation other
    ///     than `.up` is rarely wanted).
    ///   - limits: refuses sources and outputs above `limits.maxPixels`.
    /// - Returns: the path written.
    public static func compress(inputPath: String, quality: Int = 80, compressedWidth: Int? = nil,
                                compressedHeight: Int? = nil, outputPath: String? = nil,
                                exif: ExifMetadata? = nil, limits: ImagingLimits = .default) throws -> String {
        let encoder = try JPEGEncoder(quality: quality, exif: exif)
        let bytes = try compressToData(inputPath: inputPath, encoder: encoder, compressedWidth: compressedWidth,
                                       compressedHeight: compressedHeight, limits: limits)
        let path = outputPath ?? FileIO.temporaryPath(prefix: "minimedia-compress-", suffix: ".jpg")
        try bytes.withUnsafeBytes { try FileIO.writeAtomically($0, to: path) }
        return path
    }

    /// Same pipeline, returning the JPEG bytes. The header is probed first and the memory the
    /// whole pipeline needs is reserved from `limits.memoryBudget` before the file is read.
    public static func compressToData(inputPath: String, encoder: JPEGEncoder, compressedWidth: Int? = nil,
                                      compressedHeight: Int? = nil, limits: ImagingLimits = .default) throws -> [UInt8] {
        try checkSizes(compressedWidth, compressedHeight)
        let deadline = limits.deadline()
        let (header, fileBytes) = try ImageProbe.probeWithSize(path: inputPath)
        return try compress(header: header, fileBytes: fileBytes, encoder: encoder, width: compressedWidth,
                            height: compressedHeight, limits: limits, deadline: deadline) {
            let data = try FileIO.readAll(inputPath, maxBytes: limits.maxFileBytes)
            guard try ImageProbe.probe(data: data) == header else {
                throw ImagingError(.corrupt, "image file changed while it was being read")
            }
            return data
        }
    }

    /// Same pipeline over encoded bytes already in memory (a file read through the sandbox).
    public static func compressToData(data: [UInt8], encoder: JPEGEncoder, compressedWidth: Int? = nil,
                                      compressedHeight: Int? = nil, limits: ImagingLimits = .default) throws -> [UInt8] {
        try checkSizes(compressedWidth, compressedHeight)
        guard data.count <= limits.maxFileBytes else {
            throw ImagingError(.tooLarge, "file is \(data.count) bytes, limit is \(limits.maxFileBytes)")
        }
        let deadline = limits.deadline()
        let header = try ImageProbe.probe(data: data)
        return try compress(header: header, fileBytes: 0, encoder: encoder, width: compressedWidth,
                            height: compressedHeight, limits: limits, deadline: deadline) { data }
    }

    private static func checkSizes(_ width: Int?, _ height: Int?) throws {
        if let w = width, w <= 0 { throw ImagingError(.invalidArgument, "compressedWidth must be positive") }
        if let h = height, h <= 0 { throw ImagingError(.invalidArgument, "compressedHeight must be positive") }
    }

    /// Decode → upright → resize → encode, inside a memory reservation; `read` yields the
    /// encoded bytes (`fileBytes` of them still to be loaded into memory).
    private static func compress(header: ImageHeader, fileBytes: Int, encoder: JPEGEncoder, width: Int?, height: Int?,
                                 limits: ImagingLimits, deadline: DecodeDeadline,
                                 read: () throws -> [UInt8]) throws -> [UInt8] {
        try limits.check(width: header.width, height: header.height)
        let target = targetSize(uprightWidth: header.uprightWidth, uprightHeight: header.uprightHeight,
                                width: width, height: height)
        try limits.check(width: target.width, height: target.height, what: "output")
        // Target in stored orientation.
        let swap = header.orientation.swapsDimensions
        let storedW = swap ? target.height : target.width
        let storedH = swap ? target.width : target.height

        let request = DecodeRequest(minWidth: storedW, minHeight: storedH, limits: limits, deadline: deadline)
        let cost = DecodeCost.bytes(header: header, fileBytes: fileBytes, request: request,
                                    output: (storedW, storedH), yuv: header.format == .jpeg)
        return try limits.memoryBudget.withReservation(cost, deadline: deadline, "image \(header.width)x\(header.height)") {
            let data = try read()
            if header.format == .jpeg,
               let yuv = try data.withUnsafeBytes({ try JPEGDecoder.decodeI420($0, header: header, request: request) }) {
                // Fast path: JPEG → scaled YUV → box scale → rotate → JPEG, never RGB.
                try deadline.check("JPEG decode")
                let upright = try yuv.scaled(width: storedW, height: storedH).applying(header.orientation)
                try deadline.check("image resize")
                return try encoder.encode(upright)
            }
            var pixels = try ImageDecoder.decodePixels(data, header: header, request: request)
            // Resize before rotating: both steps then touch the smaller image.
            pixels = try pixels.resized(width: storedW, height: storedH)
            pixels = try pixels.applying(header.orientation)
            try deadline.check("image resize")
            if header.format != .jpeg && pixels.hasTransparency {
                pixels.flatten(over: RGBA(255, 255, 255))
            }
            return try encoder.encode(pixels)
        }
    }

    /// Output size for the mini-program rules (each side ≥ 1).
    public static func targetSize(uprightWidth w: Int, uprightHeight h: Int, width: Int?, height: Int?) -> (width: Int, height: Int) {
        // The proportional side is clamped before the conversion (a tall image given a huge width
        // would otherwise trap in `Int(_:)`); the pixel limit refuses such outputs afterwards.
        func side(_ v: Double) -> Int { v.isFinite ? max(1, Int(min(v, Double(1 << 40)).rounded())) : 1 << 40 }
        switch (width, height) {
        case let (tw?, th?): return (tw, th)
        case let (tw?, nil): return (tw, side(Double(h) * Double(tw) / Double(max(1, w))))
        case let (nil, th?): return (side(Double(w) * Double(th) / Double(max(1, h))), th)
        case (nil, nil): return (w, h)
        }
    }
}
