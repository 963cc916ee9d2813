import MiniCore

/// `<live-player mode>`.
public enum LiveMode: String, CaseIterable, Sendable { case live, RTC }
/// `<live-player orientation>`.
public enum LiveOrientation: String, CaseIterable, Sendable { case vertical, horizontal }
/// `<live-player object-fit>`.
public enum LiveObjectFit: String, CaseIterable, Sendable { case contain, fillCrop }
/// `<live-player sound-mode>`.
public enum LiveSoundMode: String, CaseIterable, Sendable { case speaker, ear }

/// Everything the `<live-player>` attributes configure (API.md §6). Invalid values fall back to
/// the default with a developer warning, as the platforms' components do.
///
/// The cache: playback starts (2004) once `minCache` seconds are buffered; when more than
/// `maxCache` seconds are waiting (the stream arrived in a burst, or the host fell behind) the
/// player skips ahead to the newest `minCache` seconds; when the buffer runs dry it reports 2007
/// (loading) and waits for `minCache` again. `mode="RTC"` uses 0.2 s / 0.8 s unless given.
public struct LivePlayerSettings: Sendable, Equatable {
    public var src = ""
    public var mode: LiveMode = .live
    public var autoplay = false
    public var muted = false
    public var orientation: LiveOrientation = .vertical
    public var objectFit: LiveObjectFit = .contain
    public var minCache = 1.0
    public var maxCache = 3.0
    public var soundMode: LiveSoundMode = .speaker
    public var autoPauseIfNavigate = true
    public var autoPauseIfOpenNative = true

    public init() {}

    public init(attributes: [String: HostValue], warnings: inout [String]) {
        if attributes["mode"]?.stringValue == "RTC" { (minCache, maxCache) = (0.2, 0.8) }
        warnings += apply(attributes)
    }

    /// Applies changed attributes; returns warnings for invalid values.
    @discardableResult
    public mutating func apply(_ a: [String: HostValue]) -> [String] {
        var warnings: [String] = []
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ fallback: E) -> E? where E.RawValue == String {
            guard let v = a[key] else { return nil }
            if case .string(let s) = v, let e = E(rawValue: s) { return e }
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            warnings.append("<live-player> \(key) should be one of \(allowed) instead of \(Self.describe(v)); using \"\(fallback.rawValue)\"")
            return fallback
        }
        func flag(_ key: String, _ fallback: Bool) -> Bool? {
            guard let v = a[key] else { return nil }
            switch v {
            case .bool(let b): return b
            case .string(""), .string("true"): return true
            case .string("false"): return false
            case .number(let n): return n != 0
            default:
                warnings.append("<live-player> \(key) should be Boolean instead of \(Self.describe(v)); using \(fallback)")
                return fallback
            }
        }
        func seconds(_ key: String, _ fallback: Double) -> Double? {
            guard let v = a[key] else { return nil }
            let n: Double? = switch v {
            case .number(let n): n
            case .string(let s): Double(s)
            default: nil
            }
            guard let n, n.isFinite, n >= 0, n <= 60 else {
                warnings.append("<live-player> \(key) should be a number of seconds in 0...60 instead of \(Self.describe(v)); using \(fallback)")
                return fallback
            }
            return n
        }
        if let v = a["src"] {
            if case .string(let s) = v { src = s } else {
                warnings.append("<live-player> src should be String instead of \(v.typeName)")
                src = ""
            }
        }
        if let m = choice("mode", LiveMode.live) { mode = m }
        if let b = flag("autoplay", false) { autoplay = b }
        if let b = flag("muted", false) { muted = b }
        if let o = choice("orientation", LiveOrientation.vertical) { orientation = o }
        if let f = choice("object-fit", LiveObjectFit.contain) { objectFit = f }
        if let s = choice("sound-mode", LiveSoundMode.speaker) { soundMode = s }
        if let b = flag("auto-pause-if-navigate", true) { autoPauseIfNavigate = b }
        if let b = flag("auto-pause-if-open-native", true) { autoPauseIfOpenNative = b }
        if let n = seconds("min-cache", 1) { minCache = n }
        if let n = seconds("max-cache", 3) { maxCache = n }
        if maxCache < minCache {
            warnings.append("<live-player> max-cache (\(maxCache)) is below min-cache (\(minCache)); using \(minCache) for both")
            maxCache = minCache
        }
        return warnings
    }

    static func describe(_ v: HostValue) -> String { v.stringValue.map { "\"\($0)\"" } ?? v.typeName }
}
