import MiniBarcode
import MiniCore
import MiniHost

extension MediaError.Code {
    /// The user closed Alipay's scanner (`my.scan`: error 10).
    public static let scanCancelled = Self(rawValue: "scanCancelled")
    /// Alipay's "operation failed" (`my.scan`: error 11), e.g. no code in the chosen image.
    public static let scanFailed = Self(rawValue: "scanFailed")
}

/// `my.scan({scanType, hideAlbum, type})` → `{code, qrCode | barCode, scanType, result, rawData,
/// imageChannel}` over the same scanning path as `scanCode`: the camera device first (camera
/// permission asked by the API itself, as Alipay does), then, unless `hideAlbum`, the host's
/// album image. Closing the scanner fails with error 10, a failed operation with 11.
enum AlipayScanAPI {
    /// Alipay's `scanType` values (`narrowCode` and `hmCode` are Alipay's own symbologies,
    /// which the scanner does not read: asking only for them fails as not supported).
    enum AlipayScanType: String, CaseIterable {
        case qrCode, barCode, dmCode, pdf417Code, narrowCode, hmCode

        var scanType: ScanType? {
            switch self {
            case .qrCode: .qrCode
            case .barCode: .barCode
            case .dmCode: .datamatrix
            case .pdf417Code: .pdf417
            case .narrowCode, .hmCode: nil
            }
        }
    }

    /// The scan frame's style (deprecated by Alipay; no frame is drawn headless).
    enum Style: String, CaseIterable { case qr, bar }

    static func declarations(_ environment: CameraEnvironment) -> [APIDeclaration] {
        [
            .async("scan", dialects: [.my], .async { req in
                let o = try req.options()
                _ = try o.enumeration("type", default: Style.qr)
                let hideAlbum = try o.bool("hideAlbum", default: false)
                let asked: [AlipayScanType] = try o.enumList("scanType", default: [.qrCode, .barCode])
                let types = asked.compactMap(\.scanType)
                guard !types.isEmpty else {
                    throw MediaError(.notSupported, "scanType \(asked.map(\.rawValue).joined(separator: ", ")) is not supported")
                }
                let formats = types.reduce(into: Set()) { $0.formUnion($1.formats) }
                try await req.session.permissions.requireCamera()
                if let r = try await CodeScanning.scanCamera(environment, clock: req.session.clock, formats: formats) {
                    return result(r, channel: "camera")
                }
                if !hideAlbum, let album = environment.albumImage, let path = try await album(req.session) {
                    guard let r = try CodeScanning.scanImage(path: path, formats: formats) else {
                        throw MediaError(.scanFailed, "no code found in the image")
                    }
                    return result(r, channel: "album")
                }
                throw MediaError(.scanCancelled, "user canceled")
            })
        ]
    }

    static func result(_ r: ScanResult, channel: String) -> HostValue {
        var o = HostObjectValue([
            "code": .string(r.result), "result": .string(r.result), "scanType": .string(r.type.wechatName),
            "rawData": .string(r.rawDataBase64), "imageChannel": .string(channel),
        ])
        o[r.type.isLinear ? "barCode" : "qrCode"] = .string(r.result)
        return .object(o)
    }
}
