/// A permission scope, independent of how a dialect spells it.
public enum Scope: String, CaseIterable, Sendable, Codable, Comparable {
    case camera
    case record
    case writePhotosAlbum
    case userInfo
    case userLocation
    case userFuzzyLocation
    case bluetooth
    case addPhoneContact
    case addPhoneCalendar
    case werun

    public static func < (a: Scope, b: Scope) -> Bool { a.rawValue < b.rawValue }

    /// The key a dialect uses for this scope (`scope.camera`; Douyin `scope.album` for the album;
    /// Alipay unprefixed `camera`, `album`, `audioRecord`, `location`, `userInfo`; QQ as WeChat).
    public func name(in dialect: Dialect) -> String {
        switch (dialect, self) {
        case (.tt, .writePhotosAlbum): return "scope.album"
        case (.my, .camera): return "camera"
        case (.my, .writePhotosAlbum): return "album"
        case (.my, .record): return "audioRecord"
        case (.my, .userLocation), (.my, .userFuzzyLocation): return "location"
        case (.my, let s): return s.rawValue
        default: return "scope.\(rawValue)"
        }
    }

    /// Parses a dialect's scope key. Accepts only the spelling that dialect uses.
    public static func parse(_ name: String, in dialect: Dialect) -> Scope? {
        allCases.first { $0.name(in: dialect) == name }
    }
}
