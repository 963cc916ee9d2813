/// One decoded barcode, shaped like WeChat's scan result (`scanType`, `result`, `charSet`, `rawData`).
public struct ScanResult: Sendable, Hashable {
    /// Symbology; `type.rawValue` is the WeChat `scanType` string, e.g. `"QR_CODE"`.
    public var type: BarcodeFormat
    /// Decoded text (UTF-8, after character-set conversion).
    public var result: String
    /// Best guess of the payload character set (`"UTF-8"`, `"ISO-8859-1"`, `"BINARY"`, ...).
    public var charSet: String
    /// Raw payload bytes before character-set conversion.
    public var rawData: [UInt8]
    /// Whether the symbol carried an ECI designator.
    public var hasECI: Bool
    /// ISO symbology identifier, e.g. `"]Q1"`.
    public var symbologyIdentifier: String
    /// Corner points (top-left, top-right, bottom-right, bottom-left) in image pixels.
    public var corners: [ScanPoint]

    /// Creates a result (mostly for tests and for bridging).
    public init(type: BarcodeFormat, result: String, charSet: String = "UTF-8", rawData: [UInt8],
                hasECI: Bool = false, symbologyIdentifier: String = "", corners: [ScanPoint] = []) {
        self.type = type
        self.result = result
        self.charSet = charSet
        self.rawData = rawData
        self.hasECI = hasECI
        self.symbologyIdentifier = symbologyIdentifier
        self.corners = corners
    }

    /// `rawData` encoded as standard Base64, as WeChat delivers it.
    public var rawDataBase64: String { Base64.encode(rawData) }
}

/// A point in image pixel coordinates.
public struct ScanPoint: Sendable, Hashable {
    public var x: Int
    public var y: Int
    public init(x: Int, y: Int) { self.x = x; self.y = y }
}
