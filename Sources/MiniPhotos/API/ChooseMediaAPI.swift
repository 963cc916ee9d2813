import MiniCore
import MiniHost

/// `chooseMedia({count, mediaType, sourceType, sizeType, camera})` for images →
/// `{tempFiles: [{tempFilePath, size, width, height, fileType: 'image'}], type: 'image'}`.
/// Video picking is not supported yet: `mediaType: ['video']` fails with "not supported".
enum ChooseMediaAPI {
    enum MediaType: String, CaseIterable { case image, video, mix }

    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("chooseMedia", dialects: [.wx, .tt], .async { req in
            let o = try req.options()
            let types: [MediaType] = try o.enumList("mediaType", default: [.image, .video])
            guard types.contains(.image) || types.contains(.mix) else {
                throw MediaError(.notSupported, "choosing video is not supported yet")
            }
            _ = try o.optionalNumber("maxDuration", in: 3...60)
            var chooser = ImageChooser(
                configuration: c, request: req, count: try o.int("count", default: 9, in: 1...20),
                sourceTypes: try o.enumList("sourceType", default: [.album, .camera]),
                sizeTypes: try o.enumList("sizeType", default: [.original, .compressed]))
            chooser.camera = try o.enumeration("camera", default: .back)
            let chosen = try await chooser.choose()
            let files = chosen.map { f -> HostValue in
                .object([
                    "tempFilePath": .string(f.path), "size": .number(Double(f.size)),
                    "width": .number(Double(f.width)), "height": .number(Double(f.height)), "fileType": "image",
                ])
            }
            return .object(["tempFiles": .array(files), "type": "image"])
        }).status(.partial("images only: `mediaType: ['video']` fails \"choosing video is not supported yet\""))
    }
}
