/// Errors thrown by MiniBarcode.
public enum BarcodeError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Image dimensions/strides/buffer size are inconsistent.
    case invalidImage(String)
    /// zxing failed internally while decoding.
    case decoderFailure
    /// The encoder rejected the input (message from zxing).
    case encodingFailed(String)

    public var description: String {
        switch self {
        case .invalidImage(let m): return "invalid image: \(m)"
        case .decoderFailure: return "barcode decoder failed"
        case .encodingFailed(let m): return "barcode encoding failed: \(m)"
        }
    }
}
