import MiniCore
import MiniHost

/// `chooseMedia({count, mediaType, sourceType, sizeType, camera})` for images →
/// `{tempFiles: [{tempFilePath, size, width, height, fileType: 'image'}], type: 'image'}`.
/// `mediaType: ['video']` picks album videos (`fileType: 'video'`, with `duration` and
/// `thumbTempFilePath`) or records `maxDuration` (default 10 s) from the camera; `mix` and
/// image+video still pick images only.
enum ChooseMediaAPI {
    enum MediaType: String, CaseIterable { case image, video, mix }

    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("chooseMedia", dialects: [.wx, .tt], .async { req in
            let o = try req.options()
            let types: [MediaType] = try o.enumList("mediaType", default: [.image, .video])
            _ = try o.optionalNumber("maxDuration", in: 3...60)
            guard types.contains(.image) || types.contains(.mix) else { return try await chooseVideos(c, req, o) }
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

    /// `mediaType: ['video']`: album videos (original files) with their first-frame thumbnails.
    static func chooseVideos(_ c: PhotosConfiguration, _ req: APIRequest, _ o: Options) async throws -> HostValue {
        let count = try o.int("count", default: 9, in: 1...20)
        let sources: [ImageChooser.SourceType] = try o.enumList("sourceType", default: [.album, .camera])
        _ = try o.enumList("sizeType", default: [ImageChooser.SizeType.original, .compressed])
        let camera: CameraPosition = try o.enumeration("camera", default: .back)
        guard sources.contains(.album) else {
            let seconds = try o.number("maxDuration", default: 10, in: 3...60)
            let clip = try await ChooseVideoAPI.recordClip(c, req, camera: camera, seconds: seconds)
            let v = try DeliveredVideo.describe(clip.video, session: req.session)
            return .object([
                "tempFiles": [[
                    "tempFilePath": .string(clip.video), "size": .number(Double(v.size)), "duration": .number(v.duration),
                    "width": .number(Double(v.width)), "height": .number(Double(v.height)),
                    "thumbTempFilePath": .string(clip.thumb), "fileType": "video",
                ]],
                "type": "video",
            ])
        }
        let library = try req.session.photoLibrary()
        let picked = try await library.pick(.video, count: count, user: req.session.user)
        let files = try picked.map { item -> HostValue in
            let v = try DeliveredVideo.deliver(item, library: library, session: req.session, compressed: false, thumbnail: true)
            return .object([
                "tempFilePath": .string(v.path), "size": .number(Double(v.size)), "duration": .number(v.duration),
                "width": .number(Double(v.width)), "height": .number(Double(v.height)),
                "thumbTempFilePath": v.thumbPath.map(HostValue.string) ?? "", "fileType": "video",
            ])
        }
        return .object(["tempFiles": .array(files), "type": "video"])
    }
}
