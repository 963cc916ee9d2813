import Foundation

/// A rectangle in CSS pixels of the simulated window.
public struct LayoutBox: Sendable, Equatable {
    public var left: Double
    public var top: Double
    public var width: Double
    public var height: Double

    public init(left: Double, top: Double, width: Double, height: Double) {
        self.left = left
        self.top = top
        self.width = width
        self.height = height
    }

    public var right: Double { left + width }
    public var bottom: Double { top + height }
}

/// A small deterministic block layout — an approximation, not a browser: every element is a
/// block stacked vertically under the previous sibling, at its parent's left edge; margins,
/// padding, flex and inline flow are ignored.
///
/// - width: the `style` width (`px`, `rpx` = window width / 750, `%` of the parent, `vw`), else
///   the tag's default width, else the parent's width;
/// - height: the `style` height (`px`, `rpx`, `vh`, `%` of a parent with a set height), else the
///   tag's default height, else the sum of the children's heights (a text node is 20 px);
/// - `hidden` or `display: none`: 0 × 0 at its place, children likewise.
///
/// Defaults: `<camera>`, `<video>`, `<live-player>`, `<live-pusher>` 300 × 225 px (WeChat's video
/// default), `<image>` 320 × 240 px (WeChat's image default), `<canvas>` 300 × 150 px.
public struct BoxLayout: Sendable {
    public var windowWidth: Double
    public var windowHeight: Double
    /// Height of one text node.
    public static let lineHeight = 20.0
    static let defaultSizes: [String: (Double, Double)] = [
        "camera": (300, 225), "video": (300, 225), "live-player": (300, 225), "live-pusher": (300, 225),
        "image": (320, 240), "canvas": (300, 150),
    ]

    public init(windowWidth: Double = 375, windowHeight: Double = 667) {
        self.windowWidth = windowWidth
        self.windowHeight = windowHeight
    }

    /// A box for every element of `tree`, by identity.
    public func layout(_ tree: RenderTree) -> [NodeIdentity: LayoutBox] {
        var boxes: [NodeIdentity: LayoutBox] = [:]
        _ = stack(tree.nodes, left: 0, top: 0, width: windowWidth, parentHeight: windowHeight, into: &boxes)
        return boxes
    }

    /// Lays `nodes` out top to bottom from `top`; returns the height used.
    private func stack(
        _ nodes: [RenderedNode], left: Double, top: Double, width: Double, parentHeight: Double?,
        into boxes: inout [NodeIdentity: LayoutBox]
    ) -> Double {
        var y = top
        for node in nodes {
            switch node {
            case .text:
                y += Self.lineHeight
            case .element(let e):
                let style = Self.declarations(e.style)
                if e.hidden || style["display"] == "none" {
                    collapse(e, left: left, top: y, into: &boxes)
                    continue
                }
                let defaults = Self.defaultSizes[e.tag]
                let w = length(style["width"], relativeTo: width, viewport: windowWidth) ?? defaults?.0 ?? width
                let setHeight = length(style["height"], relativeTo: parentHeight, viewport: windowHeight) ?? defaults?.1
                let content = stack(e.children, left: left, top: y, width: w, parentHeight: setHeight, into: &boxes)
                let h = setHeight ?? content
                boxes[e.identity] = LayoutBox(left: left, top: y, width: w, height: h)
                y += h
            }
        }
        return y - top
    }

    private func collapse(_ e: RenderedElement, left: Double, top: Double, into boxes: inout [NodeIdentity: LayoutBox]) {
        boxes[e.identity] = LayoutBox(left: left, top: top, width: 0, height: 0)
        for child in e.childElements { collapse(child, left: left, top: top, into: &boxes) }
    }

    /// `12px`, `750rpx`, `50%`, `100vw`/`100vh`, a bare number (px); nil if absent or not a length.
    func length(_ value: String?, relativeTo base: Double?, viewport: Double) -> Double? {
        guard var v = value?.trimmingCharacters(in: .whitespaces).lowercased(), !v.isEmpty else { return nil }
        var scale = 1.0
        if v.hasSuffix("rpx") {
            v.removeLast(3)
            scale = windowWidth / 750
        } else if v.hasSuffix("px") {
            v.removeLast(2)
        } else if v.hasSuffix("%") {
            guard let base else { return nil }
            v.removeLast()
            scale = base / 100
        } else if v.hasSuffix("vw") {
            v.removeLast(2)
            scale = windowWidth / 100
        } else if v.hasSuffix("vh") {
            v.removeLast(2)
            scale = windowHeight / 100
        }
        guard let n = Double(v.trimmingCharacters(in: .whitespaces)), n.isFinite, n >= 0 else { return nil }
        return min(n * scale, 1_000_000)
    }

    /// `a: b; c: d` → `["a": "b", "c": "d"]` (names lowercased, later wins).
    public static func declarations(_ style: String) -> [String: String] {
        var out: [String: String] = [:]
        for part in style.split(separator: ";") {
            guard let colon = part.firstIndex(of: ":") else { continue }
            let name = part[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
            let value = part[part.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            if !name.isEmpty { out[name] = value }
        }
        return out
    }
}
