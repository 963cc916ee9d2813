import MiniCore

/// The user of an album picker (`chooseImage`, `chooseMedia`): shown the album's items, newest
/// first, chooses some or cancels.
public protocol AlbumPicking: Sendable {
    /// Returns at most `count` of `items`. Throws `AlbumPickers.cancelled` when the user cancels.
    func pick(_ items: [AlbumItem], count: Int) async throws -> [AlbumItem]
}

/// Built-in pickers, chosen with `minimedia run --picker first|cancel|prompt`.
public enum AlbumPickers {
    /// What every picker throws on cancel: `<api>:fail cancel` (WeChat errno 1).
    public static let cancelled = MediaError(.cancel, "cancel")

    /// The picker named on the command line (`first`, `cancel` or `prompt`), nil for other names.
    public static func named(_ name: String) -> (any AlbumPicking)? {
        switch name {
        case "first": First()
        case "cancel": Cancel()
        case "prompt": Prompt()
        default: nil
        }
    }
}
