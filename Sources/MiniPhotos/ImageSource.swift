#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniNet
import MiniStorage

/// An image a JS path names, as a host file to read.
struct ImageSource: Sendable {
    /// The host file.
    let hostPath: String
    /// The path to report back: the path JS gave, or the temp path of a downloaded image.
    let path: String

    /// Resolves a local path (temp, saved, user or package) inside the app's sandbox. Hostile
    /// paths fail with the resolver's `permission denied`; missing files with `file not found`.
    static func local(_ path: String, session: AppSession) throws -> ImageSource {
        let resolved = try session.files.resolve(path)
        guard isRegularFile(resolved.hostPath) else { throw PhotoErrors.fileNotFound }
        return ImageSource(hostPath: resolved.hostPath, path: path)
    }

    /// A local path, or an `http(s)` url downloaded into a new temp file named after its format.
    static func fetch(_ src: String, session: AppSession, downloader: ImageDownloader) async throws -> ImageSource {
        guard ImageDownloader.isNetworkURL(src, dialect: session.dialect) else { return try local(src, session: session) }
        guard NetworkURL(src) != nil else { throw MediaError.parameter("parameter.src is not a valid url: \(src);") }
        let partial = session.sandbox.tempDir.appendingPathComponent(".download-\(UUID().uuidString)").path
        _ = try await downloader.download(src, to: partial, network: session.network)
        let header: ImageHeader
        do { header = try ImageProbe.probe(path: partial) } catch let e as ImagingError {
            unlink(partial)
            throw PhotoErrors.notAnImage(e)
        }
        let (virtual, host) = session.files.reserveTempFile(ext: header.format.fileExtension)
        guard rename(partial, host) == 0 else {
            unlink(partial)
            throw MediaError(.tempFileFailed, "cannot keep the downloaded image")
        }
        return ImageSource(hostPath: host, path: virtual)
    }

    static func isRegularFile(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFREG
    }

    static func fileSize(_ path: String) -> Int64 {
        var st = stat()
        return stat(path, &st) == 0 ? Int64(st.st_size) : 0
    }
}

extension ImageFormat {
    /// The usual file extension (`jpg` for JPEG, `bin` when unknown).
    var fileExtension: String {
        switch self {
        case .jpeg: "jpg"
        case .unknown: "bin"
        default: rawValue
        }
    }
}
