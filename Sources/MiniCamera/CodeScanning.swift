import MiniBarcode
import MiniCapture
import MiniCore
import MiniImaging

/// `scanType` values of `wx.scanCode`.
public enum ScanType: String, CaseIterable, Sendable {
    case barCode, qrCode, datamatrix, pdf417

    /// The symbologies each covers.
    public var formats: Set<BarcodeFormat> {
        switch self {
        case .barCode: Set(BarcodeFormat.allCases.filter(\.isLinear))
        case .qrCode: [.qrCode, .microQRCode]
        case .datamatrix: [.dataMatrix]
        case .pdf417: [.pdf417]
        }
    }
}

/// Scanning codes without a `<camera>`: from a camera device (`wx.scanCode`) or an image file.
public enum CodeScanning {
    /// Opens a device from `environment`, scans up to `environment.scanFrameBudget` frames and
    /// returns the first code found (nil: none within the budget). The device is closed after.
    public static func scanCamera(
        _ environment: CameraEnvironment, clock: any MediaClock, formats: Set<BarcodeFormat>
    ) async throws -> ScanResult? {
        let device = environment.makeDevice(clock: clock)
        do {
            try device.open(CameraConfiguration(position: .back, resolution: .native, pacing: environment.pacing))
        } catch {
            throw MediaError.camera(error)
        }
        defer { device.close() }
        let scanner = BarcodeScanner(options: ScanOptions(formats: formats))
        for _ in 0..<environment.scanFrameBudget {
            try Task.checkCancellation()
            let frame: CameraFrame
            do { frame = try await device.nextFrame() } catch { throw MediaError.camera(error) }
            guard let l = frame.luma else { continue }
            let found = (try? scanner.scan(
                luminance: l.baseAddress, width: frame.width, height: frame.height, bytesPerRow: l.bytesPerRow,
                pixelStride: l.pixelStride)) ?? []
            if let first = found.first { return first }
        }
        return nil
    }

    /// Decodes the image at `path` (any format MiniImaging reads) and scans it thoroughly.
    public static func scanImage(path: String, formats: Set<BarcodeFormat> = []) throws -> ScanResult? {
        let image: DecodedImage
        do { image = try ImageDecoder.decode(path: path, targetLongEdge: 2048, applyOrientation: true) } catch {
            throw MediaError.internalError("cannot read the image: \(error)")
        }
        let p = image.pixels
        do {
            return try BarcodeScanner(options: ScanOptions(formats: formats))
                .scanImage(rgba: p.bytes, width: p.width, height: p.height, bytesPerRow: p.bytesPerRow).first
        } catch {
            throw MediaError.internalError("scan failed: \(error)")
        }
    }

    /// WeChat's scanCode success object (errMsg added by the host).
    public static func result(_ r: ScanResult) -> HostValue {
        .object([
            "result": .string(r.result), "scanType": .string(r.type.wechatName), "charSet": .string(r.charSet),
            "rawData": .string(r.rawDataBase64),
        ])
    }
}
