import MiniCore
import MiniHost

/// `chooseVideo({sourceType, compressed, maxDuration, camera})` →
/// `{tempFilePath, duration, size, height, width}` from the album (picked by the session's
/// user; cancel: `chooseVideo:fail cancel`). `compressed` (default true) re-encodes as a
/// compressed recording is (half the bit rate, long edge at most 960). A camera-only source
/// records `maxDuration` seconds through the host's `VideoClipSource`.
enum ChooseVideoAPI {
    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
      .async("chooseVideo", .async { req in
        let o = try req.options()
        let sources: [ImageChooser.SourceType] = try o.enumList("sourceType", default: [.album, .camera])
        let compressed = try o.bool("compressed", default: true)
        let maxDuration = try o.number("maxDuration", default: 60, in: 1...60)
        let camera: CameraPosition = try o.enumeration("camera", default: .back)
        guard sources.contains(.album) else {
            // MiniMedia choice: the camera records for maxDuration (the user never stops early).
            let clip = try await recordClip(c, req, camera: camera, seconds: maxDuration)
            let v = try DeliveredVideo.describe(clip.video, session: req.session)
            return .object([
                "tempFilePath": .string(clip.video), "duration": .number(v.duration), "size": .number(Double(v.size)),
                "width": .number(Double(v.width)), "height": .number(Double(v.height)),
            ])
        }
        let library = try req.session.photoLibrary()
        guard let item = try await library.pick(.video, count: 1, user: req.session.user).first else {
            throw MediaError(.cancel, "cancel")
        }
        let v = try DeliveredVideo.deliver(item, library: library, session: req.session, compressed: compressed, thumbnail: false)
        return .object([
            "tempFilePath": .string(v.path), "duration": .number(v.duration), "size": .number(Double(v.size)),
            "width": .number(Double(v.width)), "height": .number(Double(v.height)),
        ])
      })
    }

    /// A clip from the host's camera, behind `scope.camera` and `scope.record`.
    static func recordClip(_ c: PhotosConfiguration, _ req: APIRequest, camera: CameraPosition, seconds: Double) async throws
        -> (video: String, thumb: String)
    {
        guard let clips = c.videoClips else { throw MediaError(.notSupported, "camera is not available on this host") }
        try await req.session.permissions.require(.camera)
        try await req.session.permissions.require(.record)
        try await req.session.user.capture(kind: "video", maxDuration: seconds)
        return try await clips.recordClip(session: req.session, position: camera,
                                          duration: .milliseconds(Int64((seconds * 1000).rounded())))
    }
}
