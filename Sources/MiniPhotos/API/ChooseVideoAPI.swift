import Foundation
import MiniCodec
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
        let host = library.hostPath(of: item)
        var outputPath = host
        var cleanup: String?
        if compressed {
            let work = req.session.files.sandbox.root.appendingPathComponent("transcode", isDirectory: true)
            try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let out = work.appendingPathComponent("\(UUID().uuidString).mp4").path
            do {
                let info = try MediaProbe.probe(.file(host))
                _ = try MediaTranscoder.transcode(.file(host), to: out, target: .init(maxLongEdge: 960, videoBitRate: max(100_000, info.bitRate / 2)))
            } catch {
                throw MediaError(.invalidImage, "invalid video: \((error as? CodecError)?.reason ?? "\(error)")")
            }
            outputPath = out
            cleanup = out
        }
        defer { if let cleanup { unlink(cleanup) } }
        guard let data = FileManager.default.contents(atPath: outputPath) else { throw PhotoErrors.fileNotFound }
        let info: MediaInfo
        do { info = try MediaProbe.probe(.file(outputPath)) } catch { throw MediaError(.invalidImage, "invalid video: \((error as? CodecError)?.reason ?? "\(error)")") }
        let ext = compressed ? "mp4" : item.fileExtension
        let path = try req.session.files.createTempFile(ext: ext, bytes: [UInt8](data))
        let seconds = Double(info.duration.components.seconds) + Double(info.duration.components.attoseconds) / 1e18
        return .object([
            "tempFilePath": .string(path), "duration": .number((seconds * 1000).rounded() / 1000), "size": .number(Double(data.count)),
            "width": .number(Double(info.video?.width ?? 0)), "height": .number(Double(info.video?.height ?? 0)),
        ])
    })

    /// `camera`: which camera a camera source would use.
    enum CameraDevice: String, CaseIterable { case back, front }
}
