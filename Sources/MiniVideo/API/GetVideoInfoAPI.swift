import MiniCodec
import MiniCore
import MiniHost

/// `getVideoInfo({src})` → `{orientation, type, duration (s), size (kB), width, height, fps,
/// bitrate (kbps)}` from the container (no decode): orientation from the rotation tag.
enum GetVideoInfoAPI {
    static let declaration = APIDeclaration.async("getVideoInfo", .async { req in
        let src = try req.options().nonEmptyString("src")
        let source = try VideoSource.open(src, session: req.session)
        let info = try source.probe()
        return object(info, bytes: source.file.size)
    })

    static func object(_ info: MediaInfo, bytes: Int64) -> HostValue {
        let v = info.video!
        return .object([
            "orientation": .string(orientation(v.rotation)), "type": .string(type(info.format)),
            "duration": .number(Double(info.duration.components.seconds) + Double(info.duration.components.attoseconds) / 1e18),
            "size": .number((Double(bytes) / 1024 * 100).rounded() / 100),
            "width": .number(Double(v.width)), "height": .number(Double(v.height)),
            "fps": .number((v.frameRate * 100).rounded() / 100), "bitrate": .number((Double(info.bitRate) / 1000).rounded()),
        ])
    }

    /// The rotation tag as the image orientation names (clockwise rotation to display).
    static func orientation(_ rotation: Int) -> String {
        switch rotation {
        case 90: "right"
        case 180: "down"
        case 270: "left"
        default: "up"
        }
    }

    /// A short container name: `mp4`, `mkv`, `webm`, `avi`, … (FFmpeg's first name otherwise).
    static func type(_ format: String) -> String {
        if format.hasPrefix("mov,mp4") { return "mp4" }
        if format.hasPrefix("matroska") { return "mkv" }
        if format == "mpegts" { return "ts" }
        return String(format.split(separator: ",").first ?? "unknown")
    }
}
