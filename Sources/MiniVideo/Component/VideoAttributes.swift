import Foundation
import MiniCore

/// One danmu (bullet comment): its text, colour and the media time it shows at (seconds).
public struct Danmu: Sendable, Equatable {
    public var text: String
    public var color: String
    public var time: Double

    public init(text: String, color: String, time: Double) {
        self.text = text
        self.color = color
        self.time = time
    }
}

/// `<video>`'s attributes (API.md §6), read from the template and from `setData` changes. A
/// value of the wrong type or outside its set is warned about (as the platforms' developer
/// tools do) and the attribute keeps its previous value.
public struct VideoAttributes: Sendable, Equatable {
    public enum ObjectFit: String, CaseIterable, Sendable { case contain, fill, cover }
    public enum PlayButtonPosition: String, CaseIterable, Sendable { case bottom, center }

    public var src = ""
    /// Seconds shown as the duration instead of the media's (0: the media's).
    public var duration: Double = 0
    public var controls = true
    public var danmuList: [Danmu] = []
    public var danmuButton = false
    public var enableDanmu = false
    public var autoplay = false
    public var loop = false
    public var muted = false
    /// Seconds to start at.
    public var initialTime: Double = 0
    /// Full-screen direction (0, 90, -90); nil: from the picture's shape.
    public var direction: Int?
    public var showProgress = true
    public var showFullscreenButton = true
    public var showPlayButton = true
    public var showCenterPlayButton = true
    public var showMuteButton = false
    public var enableProgressGesture = true
    public var objectFit: ObjectFit = .contain
    public var poster = ""
    public var title = ""
    public var playButtonPosition: PlayButtonPosition = .bottom
    public var autoPauseIfNavigate = true
    public var autoPauseIfOpenNative = true

    public init() {}

    /// Every attribute name this struct reads (for `canIUse` and the coverage document).
    public static let names: [String] = [
        "src", "duration", "controls", "danmu-list", "danmu-btn", "enable-danmu", "autoplay", "loop", "muted", "initial-time",
        "direction=0|90|-90", "show-progress", "show-fullscreen-btn", "show-play-btn", "show-center-play-btn", "show-mute-btn",
        "enable-progress-gesture", "object-fit=contain|fill|cover", "poster", "title", "play-btn-position=bottom|center",
        "auto-pause-if-navigate", "auto-pause-if-open-native",
    ]

    /// Applies `attributes` (all of them at mount, the changed ones after `setData`) and returns
    /// the warnings for values it could not use.
    public mutating func apply(_ attributes: [String: HostValue]) -> [String] {
        var warnings: [String] = []
        func warn(_ key: String, _ expected: String, _ v: HostValue) {
            let got = v.stringValue.map { "\"\($0)\"" } ?? v.typeName
            warnings.append("<video> \(key) should be \(expected) instead of \(got); ignored")
        }
        func bool(_ key: String, _ target: inout Bool) {
            guard let v = attributes[key] else { return }
            switch v {
            case .bool(let b): target = b
            case .string(""), .string("true"): target = true
            case .string("false"): target = false
            case .number(let n): target = n != 0
            case .undefined, .null: target = false
            default: warn(key, "Boolean", v)
            }
        }
        func number(_ key: String, _ target: inout Double, min lower: Double = 0) {
            guard let v = attributes[key] else { return }
            let n: Double?
            switch v {
            case .number(let x): n = x
            case .string(let s): n = Double(s.trimmingCharacters(in: .whitespaces))
            default: n = nil
            }
            guard let n, n.isFinite, n >= lower else { return warn(key, "a Number ≥ \(Int(lower))", v) }
            target = n
        }
        func string(_ key: String, _ target: inout String) {
            guard let v = attributes[key] else { return }
            switch v {
            case .string(let s): target = s
            case .undefined, .null: target = ""
            default: warn(key, "a String", v)
            }
        }
        func choice<E: RawRepresentable & CaseIterable>(_ key: String, _ target: inout E) where E.RawValue == String {
            guard let v = attributes[key] else { return }
            if let s = v.stringValue, let e = E(rawValue: s) { target = e; return }
            warn(key, "one of " + E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", "), v)
        }
        string("src", &src)
        number("duration", &duration)
        bool("controls", &controls)
        bool("danmu-btn", &danmuButton)
        bool("enable-danmu", &enableDanmu)
        bool("autoplay", &autoplay)
        bool("loop", &loop)
        bool("muted", &muted)
        number("initial-time", &initialTime)
        bool("show-progress", &showProgress)
        bool("show-fullscreen-btn", &showFullscreenButton)
        bool("show-play-btn", &showPlayButton)
        bool("show-center-play-btn", &showCenterPlayButton)
        bool("show-mute-btn", &showMuteButton)
        bool("enable-progress-gesture", &enableProgressGesture)
        choice("object-fit", &objectFit)
        string("poster", &poster)
        string("title", &title)
        choice("play-btn-position", &playButtonPosition)
        bool("auto-pause-if-navigate", &autoPauseIfNavigate)
        bool("auto-pause-if-open-native", &autoPauseIfOpenNative)
        if let v = attributes["direction"] {
            let n = v.numberValue ?? v.stringValue.flatMap { Double($0) }
            if let n, [0, 90, -90].contains(n) { direction = Int(n) } else { warn("direction", "0, 90 or -90", v) }
        }
        if let v = attributes["danmu-list"] {
            if case .array(let items) = v {
                var list: [Danmu] = []
                for (i, item) in items.enumerated() {
                    guard let o = item.objectValue, let text = o["text"]?.stringValue else {
                        warnings.append("<video> danmu-list[\(i)] should be {text, color, time}; skipped")
                        continue
                    }
                    let time = o["time"]?.numberValue ?? 0
                    list.append(Danmu(text: text, color: o["color"]?.stringValue ?? "#ffffff", time: time.isFinite ? max(0, time) : 0))
                }
                danmuList = list
            } else if v == .undefined || v == .null {
                danmuList = []
            } else {
                warn("danmu-list", "an Array", v)
            }
        }
        return warnings
    }
}
