import MiniCore
import MiniHost

/// `chooseVideo({sourceType, compressed, maxDuration, camera})` →
/// `{tempFilePath, duration, size, height, width}` from the album (picked by the session's
/// user; cancel: `chooseVideo:fail cancel`). `compressed` (default true) re-encodes as a
/// compressed recording is (half the bit rate, long edge at most 960). A camera-only source
/// is not supported yet (it needs recording without a `<camera>`).
enum ChooseVideoAPI {
    static let declaration = APIDeclaration.async("chooseVideo", .async { req in
        let o = try req.options()
        let sources: [ImageChooser.SourceType] = try o.enumList("sourceType", default: [.album, .camera])
        let compressed = try o.bool("compressed", default: true)
        _ = try o.number("maxDuration", default: 60, in: 1...60)
        let _: CameraDevice = try o.enumeration("camera", default: .back)
        guard sources.contains(.album) else {
            throw MediaError(.notSupported, "recording a video from chooseVideo's camera is not supported yet")
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

    /// `camera`: which camera a camera source would use.
    enum CameraDevice: String, CaseIterable { case back, front }
}
