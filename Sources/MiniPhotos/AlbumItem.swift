import Foundation

/// One photo or video in the device-wide album.
public struct AlbumItem: Sendable, Equatable, Identifiable {
    /// What an album item holds.
    public enum Kind: String, Sendable, CaseIterable {
        case image, video
    }

    /// Stable id, increasing in the order items were added.
    public let id: Int64
    /// File name inside the album's `files/` folder (`<uuid>.<ext>`).
    public let filename: String
    public let kind: Kind
    /// Stored pixel size (EXIF orientation not applied), 0 when unknown.
    public let width: Int
    public let height: Int
    /// Bytes.
    public let size: Int64
    /// Seconds since 1970.
    public let created: Double
    /// The app (or tool) that added it: an app id, or `minimedia` for `minimedia album import`.
    public let sourceApp: String

    public init(
        id: Int64, filename: String, kind: Kind, width: Int, height: Int, size: Int64, created: Double,
        sourceApp: String
    ) {
        self.id = id
        self.filename = filename
        self.kind = kind
        self.width = width
        self.height = height
        self.size = size
        self.created = created
        self.sourceApp = sourceApp
    }

    /// The file's extension (`jpg`, `png`…).
    public var fileExtension: String { (filename as NSString).pathExtension }
}
