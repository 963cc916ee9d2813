import CZXingShim

/// A barcode symbology. The raw value is the `scanType` name WeChat reports
/// (`wx.scanCode` / `<camera mode="scanCode">` `bindscancode`).
public enum BarcodeFormat: String, CaseIterable, Sendable, Hashable {
    case qrCode = "QR_CODE"
    /// Micro QR has no WeChat name; reported with zxing's upper-case name.
    case microQRCode = "MICRO_QR_CODE"
    case aztec = "AZTEC"
    case codabar = "CODABAR"
    case code39 = "CODE_39"
    case code93 = "CODE_93"
    case code128 = "CODE_128"
    case dataMatrix = "DATA_MATRIX"
    case ean8 = "EAN_8"
    case ean13 = "EAN_13"
    case itf = "ITF"
    case maxiCode = "MAXICODE"
    case pdf417 = "PDF_417"
    case rss14 = "RSS_14"
    case rssExpanded = "RSS_EXPANDED"
    case upcA = "UPC_A"
    case upcE = "UPC_E"

    /// The WeChat `scanType` string (same as `rawValue`).
    public var wechatName: String { rawValue }

    /// Whether this is a one-dimensional (linear) symbology.
    public var isLinear: Bool {
        switch self {
        case .codabar, .code39, .code93, .code128, .ean8, .ean13, .itf, .rss14, .rssExpanded, .upcA, .upcE:
            return true
        case .qrCode, .microQRCode, .aztec, .dataMatrix, .maxiCode, .pdf417:
            return false
        }
    }

    /// The zxing-cpp `BarcodeFormat` bit for this symbology.
    public var zxingBit: Int32 {
        switch self {
        case .aztec: return Int32(ZXS_FORMAT_AZTEC)
        case .codabar: return Int32(ZXS_FORMAT_CODABAR)
        case .code39: return Int32(ZXS_FORMAT_CODE39)
        case .code93: return Int32(ZXS_FORMAT_CODE93)
        case .code128: return Int32(ZXS_FORMAT_CODE128)
        case .rss14: return Int32(ZXS_FORMAT_DATABAR)
        case .rssExpanded: return Int32(ZXS_FORMAT_DATABAR_EXPANDED)
        case .dataMatrix: return Int32(ZXS_FORMAT_DATA_MATRIX)
        case .ean8: return Int32(ZXS_FORMAT_EAN8)
        case .ean13: return Int32(ZXS_FORMAT_EAN13)
        case .itf: return Int32(ZXS_FORMAT_ITF)
        case .maxiCode: return Int32(ZXS_FORMAT_MAXICODE)
        case .pdf417: return Int32(ZXS_FORMAT_PDF417)
        case .qrCode: return Int32(ZXS_FORMAT_QR_CODE)
        case .upcA: return Int32(ZXS_FORMAT_UPCA)
        case .upcE: return Int32(ZXS_FORMAT_UPCE)
        case .microQRCode: return Int32(ZXS_FORMAT_MICRO_QR_CODE)
        }
    }

    /// Maps a zxing-cpp format bit to the WeChat-named format, or `nil` if unknown.
    public init?(zxingBit: Int32) {
        guard let f = BarcodeFormat.allCases.first(where: { $0.zxingBit == zxingBit }) else { return nil }
        self = f
    }

    /// Maps zxing-cpp's display name (`ToString(BarcodeFormat)`, e.g. `"QRCode"`, `"EAN-13"`,
    /// `"DataBarExpanded"`) to the WeChat-named format. Case, `-` and `_` are ignored.
    public init?(zxingName: String) {
        let key = String(zxingName.lowercased().filter { $0 != "-" && $0 != "_" && $0 != " " })
        let table: [String: BarcodeFormat] = [
            "qrcode": .qrCode, "microqrcode": .microQRCode, "aztec": .aztec, "codabar": .codabar,
            "code39": .code39, "code93": .code93, "code128": .code128, "databar": .rss14, "rss14": .rss14,
            "databarexpanded": .rssExpanded, "rssexpanded": .rssExpanded, "datamatrix": .dataMatrix,
            "ean8": .ean8, "ean13": .ean13, "itf": .itf, "maxicode": .maxiCode, "pdf417": .pdf417,
            "upca": .upcA, "upce": .upcE,
        ]
        guard let f = table[key] else { return nil }
        self = f
    }

    /// The zxing bit mask for a set of formats (0 = any).
    static func mask(_ formats: Set<BarcodeFormat>) -> Int32 {
        formats.reduce(0) { $0 | $1.zxingBit }
    }
}
