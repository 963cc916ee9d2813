#if canImport(Glibc)
import Glibc
#endif
import Foundation
import MiniCore
import MiniHost
import MiniImaging
import MiniNet
import MiniStorage

/// An image a JS path names, opened through the sandbox (never a host path to re-open).
struct ImageSource: Sendable {
    /// The file, opened beneath its area's folder.
    let file: OpenFile
    /// The path to report back: the path JS gave, or the temp path of a downloaded image.
    let path: String

    /// Opens a local path (temp, saved, user or package) inside the app's sandbox. Hostile
    /// paths fail with the resolver's `permission denied`; missing files with `file not found`.
    static func local(_ path: String, session: AppSession) throws -> ImageSource {
        let resolved = try session.files.resolve(path)
        do { return ImageSource(file: try session.files.openFile(resolved), path: path) } catch let e as MediaError
        where e.code != .permissionDenied {
            throw PhotoErrors.fileNotFound
        }
    }

    /// A local path, or an `http(s)` url downloaded into a new temp file named after its format
    /// (staged in the partial area, then moved into temp within the temp quota).
    static func fetch(_ src: String, session: AppSession, downloader: ImageDownloader) async throws -> ImageSource {
        guard ImageDownloader.isNetworkURL(src, dialect: session.dialect) else { return try local(src, session: session) }
        guard NetworkURL(src) != nil else { throw MediaError.parameter("parameter.src is not a valid url: \(src);") }
        let staged = try session.files.stageFile()
        _ = try await downloader.download(src, into: staged.file.fd, network: session.network)
        let header: ImageHeader
        do { header = try ImageProbe.probe(descriptor: staged.file.fd) } catch let e as ImagingError {
            throw PhotoErrors.notAnImage(e)
        }
        let virtual = try session.files.commitTempFile(staged, ext: header.format.fileExtension)
        return ImageSource(file: staged.file, path: virtual)
    }

    /// The header, as `PhotoErrors.notAnImage` when it cannot be read.
    func header() throws -> ImageHeader {
        do { return try ImageProbe.probe(descriptor: file.fd) } catch let e as ImagingError { throw PhotoErrors.notAnImage(e) }
    }

    /// The whole file.
    func bytes(limit: Int64 = Int64(ImagingLimits.default.maxFileBytes)) throws -> [UInt8] {
        do { return try file.readAll(maxBytes: limit) } catch { throw PhotoErrors.fileNotFound }
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
