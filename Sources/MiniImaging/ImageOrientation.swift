/// EXIF orientation (tag 0x0112), values 1–8, with the names mini-programs use
/// (`getImageInfo().orientation`).
///
/// The case describes how the *stored* pixels must be transformed to display the
/// picture upright.
public enum ImageOrientation: Int, Sendable, CaseIterable {
    /// 1: stored upright.
    case up = 1
    /// 2: mirrored horizontally.
    case upMirrored = 2
    /// 3: rotated 180°.
    case down = 3
    /// 4: mirrored vertically.
    case downMirrored = 4
    /// 5: transposed (mirrored across the top-left/bottom-right diagonal).
    case leftMirrored = 5
    /// 6: needs a 90° clockwise rotation to display.
    case right = 6
    /// 7: transversed (mirrored across the top-right/bottom-left diagonal).
    case rightMirrored = 7
    /// 8: needs a 90° counter-clockwise rotation to display.
    case left = 8

    /// Mini-program name, e.g. `"up-mirrored"`.
    public var name: String {
        switch self {
        case .up: "up"
        case .upMirrored: "up-mirrored"
        case .down: "down"
        case .downMirrored: "down-mirrored"
        case .leftMirrored: "left-mirrored"
        case .right: "right"
        case .rightMirrored: "right-mirrored"
        case .left: "left"
        }
    }

    /// Parses a mini-program name.
    public init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    /// Maps an EXIF value; anything outside 1–8 is treated as `.up`.
    public init(exifValue: Int) {
        self = ImageOrientation(rawValue: exifValue) ?? .up
    }

    /// True for 5–8, where the upright picture's width is the stored height.
    public var swapsDimensions: Bool { rawValue >= 5 }
}
