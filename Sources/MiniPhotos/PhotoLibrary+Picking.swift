import MiniCore
import MiniHost

extension PhotoLibrary {
    /// Shows the album's items of `kind` (newest first) to the session's user and returns the
    /// ones picked, at most `count`; throws `cancel` when the user cancels or the album is empty.
    public func pick(_ kind: AlbumItem.Kind, count: Int, user: any SimulatedUser) async throws -> [AlbumItem] {
        try await pick(kinds: [kind], count: count, user: user)
    }

    /// Like `pick(_:count:user:)` over the items of any of `kinds` (`chooseMedia` offers images
    /// and videos in one picker), newest first.
    public func pick(kinds: Set<AlbumItem.Kind>, count: Int, user: any SimulatedUser) async throws -> [AlbumItem] {
        let items = try self.items().filter { kinds.contains($0.kind) }
        let offered = items.map {
            PickableItem(
                id: $0.id, kind: $0.kind.rawValue, width: $0.width, height: $0.height, size: $0.size, sourceApp: $0.sourceApp,
                duration: duration(of: $0))
        }
        let ids = try await user.pick(offered, count: count)
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }
}
