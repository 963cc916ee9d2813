import MiniCore
import MiniHost

/// `chooseMedia({count, mediaType, sourceType, sizeType, maxDuration, camera})` →
/// `{tempFiles: [{tempFilePath, size, width, height, fileType, duration?, thumbTempFilePath?}], type}`.
/// Images come from the album (original or compressed per `sizeType`) or a camera shot; `['video']`
/// picks album videos (with `duration` and a first-frame `thumbTempFilePath`) or records
/// `maxDuration` seconds (default 10) from the camera. With the album and both kinds allowed
/// (`['image', 'video']`, the default, or `['mix']`) one picker offers images and videos; `mix`
/// keeps what the user chose and answers `type: 'mix'` when both kinds are in it, while
/// `['image', 'video']` keeps the kind of the first item chosen (WeChat's picker does not let both
/// be chosen then). A camera-only source with images allowed takes a photo.
enum ChooseMediaAPI {
    enum MediaType: String, CaseIterable { case image, video, mix }

    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("chooseMedia", dialects: [.wx, .qq, .tt], .async { req in
            let o = try req.options()
            let types: [MediaType] = try o.enumList("mediaType", default: [.image, .video])
            _ = try o.optionalNumber("maxDuration", in: 3...60)
            let images = types.contains(.image) || types.contains(.mix)
            let videos = types.contains(.video) || types.contains(.mix)
            guard images else { return try await chooseVideos(c, req, o) }
            var chooser = ImageChooser(
                configuration: c, request: req, count: try o.int("count", default: 9, in: 1...20),
                sourceTypes: try o.enumList("sourceType", default: [.album, .camera]),
                sizeTypes: try o.enumList("sizeType", default: [.original, .compressed]))
            chooser.camera = try o.enumeration("camera", default: .back)
            guard videos, chooser.sourceTypes.contains(.album), !chooser.sizeTypes.isEmpty else {
                return try await .object(["tempFiles": .array(chooser.choose().map(imageEntry)), "type": "image"])
            }
            return try await chooseMixed(chooser, req, mix: types.contains(.mix))
        }).reading("count", "mediaType=image|video|mix", "sourceType=album|camera", "sizeType=original|compressed", "maxDuration", "camera=back|front")
            .returning("tempFiles", "type")
    }

    static func imageEntry(_ f: ImageChooser.Chosen) -> HostValue {
        .object([
            "tempFilePath": .string(f.path), "size": .number(Double(f.size)),
            "width": .number(Double(f.width)), "height": .number(Double(f.height)), "fileType": "image",
        ])
    }

    static func videoEntry(_ v: DeliveredVideo) -> HostValue {
        .object([
            "tempFilePath": .string(v.path), "size": .number(Double(v.size)), "duration": .number(v.duration),
            "width": .number(Double(v.width)), "height": .number(Double(v.height)),
            "thumbTempFilePath": v.thumbPath.map(HostValue.string) ?? "", "fileType": "video",
        ])
    }

    /// One album picker over images and videos.
    static func chooseMixed(_ chooser: ImageChooser, _ req: APIRequest, mix: Bool) async throws -> HostValue {
        let library = try req.session.photoLibrary()
        var picked = try await library.pick(kinds: [.image, .video], count: chooser.count, user: req.session.user)
        if !mix, let first = picked.first { picked = picked.filter { $0.kind == first.kind } }
        let files = try picked.map { item -> HostValue in
            item.kind == .image
                ? imageEntry(try chooser.deliver(item, from: library))
                : videoEntry(try DeliveredVideo.deliver(item, library: library, session: req.session, compressed: false, thumbnail: true))
        }
        let kinds = Set(picked.map(\.kind))
        return .object(["tempFiles": .array(files), "type": .string(kinds.count > 1 ? "mix" : (kinds.first ?? .image).rawValue)])
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
        let files = try picked.map {
            videoEntry(try DeliveredVideo.deliver($0, library: library, session: req.session, compressed: false, thumbnail: true))
        }
        return .object(["tempFiles": .array(files), "type": "video"])
    }
}
