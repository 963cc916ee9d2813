import ArgumentParser
import MiniHost
import MiniPhotos

extension StandardRegistry {
    /// The album picker named by `--picker`.
    static func picker(_ name: String) throws -> any AlbumPicking {
        guard let picker = AlbumPickers.named(name) else {
            throw ValidationError("--picker must be first, cancel or prompt (got \"\(name)\")")
        }
        return picker
    }

    /// `scanCode`'s album fallback: one image picked from the album, as a host path.
    static func albumImage(_ session: AppSession, picker: any AlbumPicking) async throws -> String? {
        let library = try session.photoLibrary()
        guard let item = try await picker.pick(try library.items(kind: .image), count: 1).first else { return nil }
        return library.hostPath(of: item)
    }
}
