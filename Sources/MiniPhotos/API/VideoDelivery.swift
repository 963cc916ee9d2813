import Foundation
import MiniCodec
import MiniCore
import MiniHost
import MiniImaging

/// An album video handed to page code: copied (or compressed) into a new temp file, with its
/// duration, size and a JPEG of its first frame.
struct DeliveredVideo {
    var path: String
    var size: Int
    var duration: Double
    var width: Int
    var height: Int
    var thumbPath: String?

    /// Longest thumbnail edge (MiniMedia choice).
    static let thumbLongEdge = 640

    static func deliver(_ item: AlbumItem, library: PhotoLibrary, session: AppSession, compressed: Bool, thumbnail: Bool) throws
        -> DeliveredVideo
    {
        let host = library.hostPath(of: item)
        var source = host
        var cleanup: String?
        defer { if let cleanup { unlink(cleanup) } }
        if compressed {
            let work = session.files.sandbox.root.appendingPathComponent("transcode", isDirectory: true)
            try? FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            let out = work.appendingPathComponent("\(UUID().uuidString).mp4").path
            cleanup = out
            do {
                let info = try MediaProbe.probe(.file(host))
                _ = try MediaTranscoder.transcode(.file(host), to: out, target: .init(maxLongEdge: 960, videoBitRate: max(100_000, info.bitRate / 2)))
            } catch {
                throw invalid(error)
            }
            source = out
        }
        guard let data = FileManager.default.contents(atPath: source) else { throw PhotoErrors.fileNotFound }
        let info: MediaInfo
        do { info = try MediaProbe.probe(.file(source)) } catch { throw invalid(error) }
        let path = try session.files.createTempFile(ext: compressed ? "mp4" : item.fileExtension, bytes: [UInt8](data))
        let seconds = Double(info.duration.components.seconds) + Double(info.duration.components.attoseconds) / 1e18
        let (w, h) = (info.video?.width ?? 0, info.video?.height ?? 0)
        let thumb = thumbnail ? try thumbnailJPEG(source, width: w, height: h).map { try session.files.createTempFile(ext: "jpg", bytes: $0) } : nil
        return DeliveredVideo(path: path, size: data.count, duration: (seconds * 1000).rounded() / 1000, width: w, height: h, thumbPath: thumb)
    }

    /// Duration, size and frame size of a temp video of the app.
    static func describe(_ virtual: String, session: AppSession) throws -> DeliveredVideo {
        let host = try session.files.resolve(virtual).hostPath
        let info: MediaInfo
        do { info = try MediaProbe.probe(.file(host)) } catch { throw invalid(error) }
        let size = (try? FileManager.default.attributesOfItem(atPath: host)[.size] as? Int) ?? 0
        let seconds = Double(info.duration.components.seconds) + Double(info.duration.components.attoseconds) / 1e18
        return DeliveredVideo(path: virtual, size: size, duration: (seconds * 1000).rounded() / 1000,
                              width: info.video?.width ?? 0, height: info.video?.height ?? 0, thumbPath: nil)
    }

    static func invalid(_ error: any Error) -> MediaError {
        MediaError(.invalidImage, "invalid video: \((error as? CodecError)?.reason ?? "\(error)")")
    }

    /// The first frame as a JPEG (long edge at most `thumbLongEdge`), nil when nothing decodes.
    static func thumbnailJPEG(_ path: String, width: Int, height: Int) throws -> [UInt8]? {
        guard width > 0, height > 0 else { return nil }
        let scale = min(1, Double(thumbLongEdge) / Double(max(width, height)))
        let (w, h) = (max(2, Int(Double(width) * scale) & ~1), max(2, Int(Double(height) * scale) & ~1))
        let decoder: VideoDecoder
        do { decoder = try VideoDecoder(path: path) } catch { return nil }
        var y = [UInt8](repeating: 0, count: w * h), u = [UInt8](repeating: 0, count: w * h / 4), v = u
        let outcome: DecodeOutcome? = y.withUnsafeMutableBufferPointer { yp in
            u.withUnsafeMutableBufferPointer { up in
                v.withUnsafeMutableBufferPointer { vp in
                    try? decoder.decodeNext(into: MutableYUVPlanes(width: w, height: h, y: yp.baseAddress!, yStride: w, u: up.baseAddress!,
                                                                   uStride: w / 2, v: vp.baseAddress!, vStride: w / 2))
                }
            }
        }
        guard case .frame? = outcome else { return nil }
        var pixels = try PixelBuffer(width: w, height: h)
        try y.withUnsafeBytes { yb in
            try u.withUnsafeBytes { ub in
                try v.withUnsafeBytes { vb in
                    try FrameConverter().convert(
                        .i420(y: YUVPlane(bytes: yb, stride: w), u: YUVPlane(bytes: ub, stride: w / 2), v: YUVPlane(bytes: vb, stride: w / 2),
                              width: w, height: h), into: &pixels)
                }
            }
        }
        return try JPEGEncoder(quality: 80).encode(pixels)
    }
}
