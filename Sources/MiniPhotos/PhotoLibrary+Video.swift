import Foundation
import MiniCodec
import MiniCore

extension PhotoLibrary {
    /// Largest video the album takes (MiniMedia choice).
    public static let maxVideoBytes: Int64 = 1 << 30

    /// The container and size of a video FFmpeg can read from `input`, as `(width, height)`;
    /// `mp4Only` refuses other containers (saveVideoToPhotosAlbum).
    static func videoSize(_ input: MediaInput, mp4Only: Bool) throws -> (width: Int, height: Int) {
        let info: MediaInfo
        do { info = try MediaProbe.probe(input) } catch {
            throw MediaError(.invalidImage, "invalid video: \(error.reason)")
        }
        guard let v = info.video else { throw MediaError(.invalidImage, "invalid video: no video stream") }
        if mp4Only, !info.format.hasPrefix("mov,mp4") { throw MediaError(.invalidImage, "invalid video: only mp4 files can be saved") }
        return (v.width, v.height)
    }

    /// Duration in seconds of an album video, as its container says (nil for images and for
    /// files that cannot be read).
    public func duration(of item: AlbumItem) -> Double? {
        guard item.kind == .video, let info = try? MediaProbe.probe(.file(hostPath(of: item))) else { return nil }
        return seconds(info.duration)
    }

    /// Copies a video file the host names (not a path from JS) into the album.
    public func addVideo(at hostPath: String, sourceApp: String) throws -> AlbumItem {
        let (w, h) = try Self.videoSize(.file(hostPath), mp4Only: false)
        let ext = (hostPath as NSString).pathExtension.lowercased()
        return try add(at: hostPath, ext: ext.isEmpty ? "mp4" : ext, kind: .video, width: w, height: h, sourceApp: sourceApp)
    }

    /// Whether a host file name looks like a video (`minimedia album import`).
    public static func looksLikeVideo(_ path: String) -> Bool {
        ["mp4", "m4v", "mov", "mkv", "webm", "avi", "3gp", "ts", "flv"].contains((path as NSString).pathExtension.lowercased())
    }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }
}
