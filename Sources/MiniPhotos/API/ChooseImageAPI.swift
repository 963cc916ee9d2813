import MiniCore
import MiniHost

/// `chooseImage({count, sizeType, sourceType, cameraDevice, isSaveToAlbum})` →
/// `{tempFilePaths, tempFiles: [{path, size}]}` (Alipay also `apFilePaths`, see `APIConvention`).
///
/// `count` defaults to 9 (Alipay 1) and may be at most 9 (Feishu/Douyin 20). Cancelling the
/// picker fails with `chooseImage:fail cancel`.
enum ChooseImageAPI {
    enum SaveFlag: String, CaseIterable { case no = "0", yes = "1" }

    static func countLimits(_ dialect: Dialect) -> (default: Int, max: Int) {
        switch dialect {
        case .wx, .qq, .swan: (9, 9)
        case .tt: (9, 20)
        case .my: (1, 9)
        }
    }

    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("chooseImage", .async { req in
            let o = try req.options()
            let limits = countLimits(req.dialect)
            var chooser = ImageChooser(
                configuration: c, request: req, count: try o.int("count", default: limits.default, in: 1...limits.max),
                sourceTypes: try o.enumList("sourceType", default: [.album, .camera]),
                sizeTypes: try o.enumList("sizeType", default: [.original, .compressed]))
            chooser.camera = try o.enumeration("cameraDevice", default: .back)
            chooser.saveShotsToAlbum = try o.enumeration("isSaveToAlbum", default: SaveFlag.no) == .yes
            let chosen = try await chooser.choose()
            // Alipay's `apFilePaths` is added by its APIConvention.
            return .object([
                "tempFilePaths": .array(chosen.map { .string($0.path) }),
                "tempFiles": .array(chosen.map { .object(["path": .string($0.path), "size": .number(Double($0.size))]) }),
            ])
        })
    }
}
