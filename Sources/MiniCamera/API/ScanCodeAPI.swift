import MiniCore
import MiniHost

/// `scanCode({onlyFromCamera, scanType})`: scans with the camera device (no component needed;
/// `scope.camera` is asked first). When the camera finds nothing within the scan budget and
/// `onlyFromCamera` is false, the host's album hook (if any) supplies an image to scan;
/// otherwise the call fails with `cancel`, as when a user closes the scanner.
enum ScanCodeAPI {
    static func declarations(_ environment: CameraEnvironment) -> [APIDeclaration] {
        [
            // Alipay scans with `my.scan` (AlipayScanAPI) and has no scanCode.
            .async("scanCode", dialects: Set(Dialect.allCases).subtracting([.my]), .async { req in
                let o = try req.options()
                let onlyFromCamera = try o.bool("onlyFromCamera", default: false)
                let types: [ScanType] = try o.enumList("scanType", default: [.barCode, .qrCode])
                let formats = types.reduce(into: Set()) { $0.formUnion($1.formats) }
                try await req.session.permissions.requireCamera()
                if let r = try await CodeScanning.scanCamera(environment, clock: req.session.clock, formats: formats) {
                    return CodeScanning.result(r)
                }
                if !onlyFromCamera, let album = environment.albumImage, let path = try await album(req.session) {
                    if let r = try CodeScanning.scanImage(path: path, formats: formats) { return CodeScanning.result(r) }
                    throw MediaError.internalError("no code found in the image")
                }
                throw MediaError(.cancel, "cancel")
            }).reading("onlyFromCamera", "scanType=barCode|qrCode|datamatrix|pdf417")
                .returning("result", "scanType", "charSet", "rawData")
        ]
    }
}
