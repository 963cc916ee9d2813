import ArgumentParser
import MiniHost
import MiniPhotos

extension StandardRegistry {
    /// `scanCode`'s album fallback: one image picked by the session's user, as a host path.
    static func albumImage(_ session: AppSession) async throws -> String? {
        let library = try session.photoLibrary()
        guard let item = try await library.pick(.image, count: 1, user: session.user).first else { return nil }
        return library.hostPath(of: item)
    }
}
