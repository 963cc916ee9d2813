import MiniCodec
import MiniCore
import MiniHost
import MiniStorage

/// A video a JS path names, opened beneath its sandbox area; FFmpeg reads the descriptor.
struct VideoSource: Sendable {
    let file: OpenFile
    let path: String

    /// Hostile paths fail with the resolver's message; missing files with `file not found`.
    static func open(_ path: String, session: AppSession) throws -> VideoSource {
        let resolved = try session.files.resolve(path)
        do {
            let file = try session.files.openFile(resolved)
            guard file.isRegularFile else { throw VideoErrors.fileNotFound }
            return VideoSource(file: file, path: path)
        } catch let e as MediaError where e.code != .permissionDenied {
            throw VideoErrors.fileNotFound
        }
    }

    var input: MediaInput { .descriptor(file.fd, name: path) }

    func probe() throws -> MediaInfo {
        do {
            let info = try MediaProbe.probe(input)
            guard info.video != nil else { throw VideoErrors.invalid(.noStream(path: path, kind: "video")) }
            return info
        } catch let e as CodecError {
            throw VideoErrors.invalid(e)
        }
    }
}
