import Foundation
import MiniCore
import MiniWXML

/// What the user did to built-in controls that the page's data does not hold: a `<switch>`
/// toggled with no `checked` binding, a `<scroll-view>`'s scroll position. Kept per element
/// (by rendered identity) while the driver runs.
final class ControlStates: @unchecked Sendable {
    private let lock = NSLock()
    /// A switch's state and the `checked` attribute it was toggled from: when the page renders
    /// a different `checked` since, the page's value wins.
    private var switches: [NodeIdentity: (state: Bool, from: Bool)] = [:]
    private var scrolls: [NodeIdentity: (left: Double, top: Double)] = [:]

    func switchState(_ id: NodeIdentity, attribute: Bool) -> Bool {
        lock.withLock {
            guard let s = switches[id], s.from == attribute else { return attribute }
            return s.state
        }
    }

    func setSwitch(_ id: NodeIdentity, _ state: Bool, attribute: Bool) { lock.withLock { switches[id] = (state, attribute) } }

    func scroll(_ id: NodeIdentity) -> (left: Double, top: Double)? { lock.withLock { scrolls[id] } }

    func setScroll(_ id: NodeIdentity, left: Double, top: Double) { lock.withLock { scrolls[id] = (left, top) } }
}

/// `Element.callFunction`: the DevTools functions minium's element helpers call on built-in
/// controls (`input.input`, `switch.tap`, `slider.slideTo`, `scroll-view.scrollTo`, …). Each
/// does what the user's gesture does on a device: it fires the control's own event (not
/// bubbling, as the platform's component events) with the platform's `detail`.
extension AutomationDriver {
    static let controlFunctions = [
        "input.input", "textarea.input", "switch.tap", "slider.slideTo", "scroll-view.scrollTo", "scroll-view.scrollLeft",
        "scroll-view.scrollTop", "scroll-view.scrollWidth", "scroll-view.scrollHeight", "swiper.swipeTo", "movable-view.moveTo",
    ]

    func callFunction(
        _ params: [String: Any], tree: ElementTree, element e: RenderedElement
    ) async throws -> Pending {
        let name = try params.string("functionName", "Element.callFunction")
        let args = params["args"] == nil || params["args"] is NSNull ? [] : try params.array("args", "Element.callFunction")
        guard Self.controlFunctions.contains(name) else {
            throw AutomationError("Element.callFunction: unknown function \"\(name)\" (known: \(Self.controlFunctions.joined(separator: ", ")))")
        }
        let tag = String(name.prefix { $0 != "." })
        guard e.tag == tag else { throw AutomationError("Element.callFunction: \(name) needs a <\(tag)>, not a <\(e.tag)>") }
        let disabled = e.attributes["disabled"].map(Self.truthy) ?? false
        func number(_ i: Int) throws -> Double {
            guard i < args.count, let n = args[i] as? NSNumber, n.doubleValue.isFinite else {
                throw AutomationError("Element.callFunction: \(name) argument \(i + 1) must be a finite number")
            }
            return n.doubleValue
        }
        func fire(_ type: String, _ detail: [String: Any]) async throws -> Pending {
            try await self.fire(type, on: e, params: params, detail: detail)
        }
        switch name {
        case "input.input", "textarea.input":
            guard let value = args.first as? String else { throw AutomationError("Element.callFunction: \(name) needs the text as its first argument") }
            let confirm = args.count > 1 ? (args[1] as? Bool ?? false) : false
            if disabled { return .now([:]) }
            let limit = Self.number(e, "maxlength") ?? 140
            let text = limit >= 0 && Double(value.count) > limit ? String(value.prefix(Int(limit))) : value
            let cursor = text.utf16.count
            let typed = try await fire("input", ["value": text, "cursor": cursor, "keyCode": 0])
            guard confirm else { return typed }
            _ = try await typed.value()
            return try await fire("confirm", ["value": text])
        case "switch.tap":
            if disabled { return .now([:]) }
            let attribute = e.attributes["checked"].map(Self.truthy) ?? false
            let next = !controls.switchState(e.identity, attribute: attribute)
            controls.setSwitch(e.identity, next, attribute: attribute)
            return try await fire("change", ["value": next])
        case "slider.slideTo":
            var value = try number(0)
            if disabled { return .now([:]) }
            let low = Self.number(e, "min") ?? 0, high = Self.number(e, "max") ?? 100
            let step = max(Self.number(e, "step") ?? 1, 0)
            value = min(max(value, low), high)
            if step > 0 { value = min(low + ((value - low) / step).rounded() * step, high) }
            return try await fire("change", ["value": value])
        case "scroll-view.scrollTo":
            let x = try number(0), y = try number(1)
            let (width, height) = contentSize(e, tree)
            let box = BoxLayout().layout(tree.tree)[e.identity]
            let left = min(max(x, 0), max(width - (box?.width ?? 0), 0)), top = min(max(y, 0), max(height - (box?.height ?? 0), 0))
            let old = scrollPosition(e)
            controls.setScroll(e.identity, left: left, top: top)
            return try await fire("scroll", [
                "scrollLeft": left, "scrollTop": top, "scrollWidth": width, "scrollHeight": height,
                "deltaX": old.left - left, "deltaY": old.top - top,
            ])
        case "scroll-view.scrollLeft": return .now(["result": scrollPosition(e).left])
        case "scroll-view.scrollTop": return .now(["result": scrollPosition(e).top])
        case "scroll-view.scrollWidth": return .now(["result": contentSize(e, tree).width])
        case "scroll-view.scrollHeight": return .now(["result": contentSize(e, tree).height])
        case "swiper.swipeTo":
            let index = try number(0)
            let items = e.children.compactMap(\.element).filter { $0.tag == "swiper-item" }
            guard index == index.rounded(), index >= 0, Int(index) < items.count else {
                throw AutomationError("Element.callFunction: swiper.swipeTo index \(index) is not one of the swiper's \(items.count) items")
            }
            let item = items[Int(index)].attributes["item-id"]?.stringValue ?? ""
            return try await fire("change", ["current": Int(index), "currentItemId": item, "source": "touch"])
        default:  // movable-view.moveTo
            let x = try number(0), y = try number(1)
            if disabled { return .now([:]) }
            return try await fire("change", ["x": x, "y": y, "source": "touch"])
        }
    }

    private func scrollPosition(_ e: RenderedElement) -> (left: Double, top: Double) {
        controls.scroll(e.identity) ?? (Self.number(e, "scroll-left") ?? 0, Self.number(e, "scroll-top") ?? 0)
    }

    /// The extent of a scroll-view's content: how far its descendants' boxes reach past its own
    /// top-left corner, at least its own size.
    private func contentSize(_ e: RenderedElement, _ tree: ElementTree) -> (width: Double, height: Double) {
        let boxes = BoxLayout().layout(tree.tree)
        guard let own = boxes[e.identity] else { return (0, 0) }
        var right = own.right, bottom = own.bottom
        func walk(_ nodes: [RenderedNode]) {
            for case .element(let c) in nodes {
                if let b = boxes[c.identity] {
                    right = max(right, b.right)
                    bottom = max(bottom, b.bottom)
                }
                walk(c.children)
            }
        }
        walk(e.children)
        return (right - own.left, bottom - own.top)
    }

    /// A numeric attribute: a bound number or literal text (`max="50"`).
    static func number(_ e: RenderedElement, _ name: String) -> Double? {
        switch e.attributes[name] {
        case .number(let n): return n.isFinite ? n : nil
        case .string(let s): return Double(s.trimmingCharacters(in: .whitespaces)).flatMap { $0.isFinite ? $0 : nil }
        default: return nil
        }
    }

    static func truthy(_ v: HostValue) -> Bool {
        switch v {
        case .undefined, .null: return false
        case .bool(let b): return b
        case .number(let n): return n != 0 && !n.isNaN
        case .string(let s): return !s.isEmpty && s != "false"
        default: return true
        }
    }
}
