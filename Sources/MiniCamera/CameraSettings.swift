import MiniCapture
import MiniCore

/// `<camera mode>`: read once, when the component mounts.
public enum CameraMode: String, CaseIterable, Sendable {
    case normal, scanCode
}

/// `<camera resolution>`: the long edge of photos (MiniMedia choice: low 640, medium 1280,
/// high = the sensor's own size).
public enum CameraResolution: String, CaseIterable, Sendable {
    case low, medium, high

    /// Long edge in pixels, `nil` for the sensor size.
    public var photoLongEdge: Int? {
        switch self {
        case .low: 640
        case .medium: 1280
        case .high: nil
        }
    }
}

/// `<camera frame-size>`: the long edge of `onCameraFrame` frames (small 320, medium 640,
/// large 1280); the short edge keeps the device's aspect ratio.
public enum CameraFrameSize: String, CaseIterable, Sendable {
    case small, medium, large

    public var longEdge: Int {
        switch self {
        case .small: 320
        case .medium: 640
        case .large: 1280
        }
    }
}

/// `takePhoto({quality})`: JPEG quality high 90, normal 80, low 60; `original` is the full
/// sensor size at 95 (MiniMedia choice).
public enum PhotoQuality: String, CaseIterable, Sendable {
    case high, normal, low, original

    public var jpegQuality: Int {
        switch self {
        case .high: 90
        case .normal: 80
        case .low: 60
        case .original: 95
        }
    }
}

/// Everything the `<camera>` attributes configure, parsed leniently: a value a platform does not
/// know falls back to that platform's default (as the platforms' own components do).
public struct CameraSettings: Sendable, Equatable {
    public var mode: CameraMode = .normal
    public var resolution: CameraResolution = .medium
    public var position: MiniCapture.CameraPosition = .back
    public var flash: FlashMode = .auto
    public var frameSize: CameraFrameSize = .medium

    public init(
        mode: CameraMode = .normal, resolution: CameraResolution = .medium,
        position: MiniCapture.CameraPosition = .back, flash: FlashMode = .auto, frameSize: CameraFrameSize = .medium
    ) {
        self.mode = mode
        self.resolution = resolution
        self.position = position
        self.flash = flash
        self.frameSize = frameSize
    }

    /// The defaults of `dialect` (Douyin's flash defaults to `off`).
    public static func defaults(for dialect: Dialect) -> CameraSettings {
        var s = CameraSettings()
        if dialect == .tt { s.flash = .off }
        return s
    }

    /// Settings from the component's attributes; `warnings` says which values were not valid.
    public init(attributes: [String: HostValue], dialect: Dialect, warnings: inout [String]) {
        self = .defaults(for: dialect)
        warnings += apply(attributes, dialect: dialect, initial: true)
    }

    /// Applies attributes; `mode` and `resolution` only when `initial` (they cannot change later).
    /// An invalid value falls back to the platform default, as the platforms do, and is reported
    /// in the returned warnings so the developer hears about it.
    @discardableResult
    public mutating func apply(_ attributes: [String: HostValue], dialect: Dialect, initial: Bool) -> [String] {
        let defaults = Self.defaults(for: dialect)
        var warnings: [String] = []
        func value<E: RawRepresentable & CaseIterable>(_ key: String, _ fallback: E) -> E? where E.RawValue == String {
            guard let v = attributes[key] else { return nil }
            if case .string(let s) = v, let e = E(rawValue: s) { return e }
            let allowed = E.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            let got = v.stringValue.map { "\"\($0)\"" } ?? v.typeName
            warnings.append("<camera> \(key) should be one of \(allowed) instead of \(got); using \"\(fallback.rawValue)\"")
            return fallback
        }
        if initial {
            if let m = value("mode", defaults.mode) { mode = m }
            if let r = value("resolution", defaults.resolution) { resolution = r }
        }
        if let p = value("device-position", defaults.position) { position = p }
        if let f = value("flash", defaults.flash) {
            // Douyin offers only off / torch.
            flash = dialect == .tt && f != .torch ? .off : f
        }
        if let fs = value("frame-size", defaults.frameSize) { frameSize = fs }
        return warnings
    }
}

/// Sizes derived from a device size: even dimensions, aspect ratio kept.
public enum CameraGeometry {
    /// `width x height` scaled so the long edge is `longEdge` (both even, at least 2).
    public static func fit(width: Int, height: Int, longEdge: Int) -> (width: Int, height: Int) {
        let landscape = width >= height
        let long = landscape ? width : height, short = landscape ? height : width
        let l = max(2, longEdge & ~1)
        let s = max(2, Int((Double(short) * Double(l) / Double(long)).rounded()) & ~1)
        return landscape ? (l, s) : (s, l)
    }

    /// The centred crop of `width x height` for digital `zoom` (even offsets and sizes, so YUV
    /// 4:2:0 planes crop exactly).
    public static func zoomCrop(width: Int, height: Int, zoom: Double) -> (x: Int, y: Int, width: Int, height: Int) {
        let z = max(1, zoom)
        let cw = max(2, Int((Double(width) / z).rounded()) & ~1)
        let ch = max(2, Int((Double(height) / z).rounded()) & ~1)
        return (((width - cw) / 2) & ~1, ((height - ch) / 2) & ~1, cw, ch)
    }

    /// The zoom `setZoom` applies: one decimal place, within `[1, maxZoom]`.
    public static func zoom(_ requested: Double, maxZoom: Double) -> Double {
        let rounded = (requested * 10).rounded() / 10
        return min(max(rounded, 1), (max(1, maxZoom) * 10).rounded(.down) / 10)
    }
}
