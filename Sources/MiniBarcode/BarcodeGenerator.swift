import CZXingShim

/// Encodes text into a `BitMatrix` with zxing-cpp's `MultiFormatWriter`.
/// Supports at least QR_CODE, EAN_13, EAN_8, CODE_128, CODE_39, UPC_A, DATA_MATRIX, PDF_417, AZTEC, ITF, CODABAR.
public struct BarcodeGenerator: Sendable {
    /// Creates a generator.
    public init() {}

    /// Encodes `text`.
    /// - Parameters:
    ///   - format: symbology.
    ///   - width, height: requested size in pixels; 0 gives the minimal matrix (one cell per module,
    ///     one row for linear codes). zxing scales to fit.
    ///   - margin: quiet zone in modules/pixels; `nil` uses zxing's default for the format, 0 gives none.
    ///   - errorCorrectionLevel: 0...8 for QR/Aztec/PDF417 (`nil` = default).
    /// - Throws: `BarcodeError.encodingFailed` for invalid content (e.g. a bad EAN-13 check digit).
    public func generate(_ text: String, format: BarcodeFormat, width: Int = 0, height: Int = 0,
                         margin: Int? = 0, errorCorrectionLevel: Int? = nil) throws(BarcodeError) -> BitMatrix {
        var m = zxs_bitmatrix()
        var err = [CChar](repeating: 0, count: 256)
        let rc = err.withUnsafeMutableBufferPointer { eb in
            zxs_encode(text, format.zxingBit, Int32(clamping: width), Int32(clamping: height), Int32(clamping: margin ?? -1),
                       Int32(clamping: errorCorrectionLevel ?? -1), &m, eb.baseAddress, eb.count)
        }
        guard rc == 0, let bits = m.bits else {
            let msg = err.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw .encodingFailed(msg.isEmpty ? "unknown error" : msg)
        }
        defer { zxs_free_bitmatrix(&m) }
        let count = Int(m.width) * Int(m.height)
        let buf = UnsafeBufferPointer(start: bits, count: count)
        return BitMatrix(width: Int(m.width), height: Int(m.height), bits: buf.map { $0 != 0 })
    }
}
