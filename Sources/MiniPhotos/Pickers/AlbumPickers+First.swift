extension AlbumPickers {
    /// Picks the newest `count` items at once; an empty album is a cancel (nothing to pick).
    public struct First: AlbumPicking {
        public init() {}

        public func pick(_ items: [AlbumItem], count: Int) async throws -> [AlbumItem] {
            guard !items.isEmpty else { throw AlbumPickers.cancelled }
            return Array(items.prefix(count))
        }
    }

    /// Always cancels.
    public struct Cancel: AlbumPicking {
        public init() {}

        public func pick(_ items: [AlbumItem], count: Int) async throws -> [AlbumItem] {
            throw AlbumPickers.cancelled
        }
    }

    /// Picks the items with the given ids, in that order (tests and scripted hosts).
    /// Ids not in the album are skipped; nothing left is a cancel.
    public struct Scripted: AlbumPicking {
        public let ids: [Int64]

        public init(ids: [Int64]) { self.ids = ids }

        public func pick(_ items: [AlbumItem], count: Int) async throws -> [AlbumItem] {
            let chosen = ids.compactMap { id in items.first { $0.id == id } }.prefix(count)
            guard !chosen.isEmpty else { throw AlbumPickers.cancelled }
            return Array(chosen)
        }
    }
}
