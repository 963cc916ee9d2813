import MiniCore
import MiniWXML

/// The one place that decides which handlers an event on the rendered page runs, in order,
/// on which object: user events (the simulator's taps, automation's `Element.tap`), native
/// components' events (`<camera binderror>`) and custom components' `triggerEvent`.
///
/// As on WeChat: a capture phase (root to target: `capture-bind`, `capture-catch` stops all),
/// then the target and, for bubbling events, its ancestors (`bind` continues, `catch` stops,
/// `mut-bind` runs once per event). Touch events (`tap`, `longpress`, `touchstart`, …) bubble
/// and cross custom component boundaries; other user events run on the target only; a custom
/// event bubbles if `bubbles`, and leaves the component tree it was fired in only if
/// `composed`. A handler is a method of the element's owner (the page or the component
/// instance whose template wrote the element), and sees `target` retargeted to the element of
/// its own tree (the component's host element, from outside the component).
struct EventRoute {
    /// One handler to run.
    struct Call {
        let handler: String
        /// Whose method: nil = the page, else the component instance by host identity.
        let owner: NodeIdentity?
        let target: RenderedElement
        let currentTarget: RenderedElement
    }

    /// User events that bubble (and are composed) on WeChat.
    static let bubblingTypes: Set<String> = [
        "touchstart", "touchmove", "touchcancel", "touchend", "tap", "longpress", "longtap", "transitionend",
        "animationstart", "animationiteration", "animationend", "touchforcechange",
    ]

    /// The handlers an event of `names` (the name bound, with aliases; the first is its type)
    /// reaches on `chain` (root first, the target last).
    static func calls(names: [String], chain: [RenderedElement], bubbles: Bool, composed: Bool) -> [Call] {
        guard let target = chain.last else { return [] }
        let origin = target.owner
        let eligible = composed ? chain : chain.filter { $0.owner == origin }
        func handlers(_ e: RenderedElement, _ kinds: Set<EventBindingKind>) -> [ResolvedEvent] {
            e.events.filter { ev in kinds.contains(ev.kind) && names.contains(ev.event) }
        }
        func retarget(_ e: RenderedElement) -> RenderedElement {
            chain.last { $0.owner == e.owner } ?? e
        }
        var out: [Call] = []
        for e in eligible {
            for h in handlers(e, [.captureBind, .captureCatch]) {
                out.append(Call(handler: h.handler, owner: e.owner, target: retarget(e), currentTarget: e))
                if h.kind == .captureCatch { return out }
            }
        }
        let bubbling = bubbles ? Array(eligible.reversed()) : Array(eligible.suffix(1))
        var mutDone = false
        for e in bubbling {
            for h in handlers(e, [.bind, .catch, .mutBind]) {
                if h.kind == .mutBind {
                    if mutDone { continue }
                    mutDone = true
                }
                out.append(Call(handler: h.handler, owner: e.owner, target: retarget(e), currentTarget: e))
                if h.kind == .catch { return out }
            }
        }
        return out
    }

    /// `target` / `currentTarget` as handlers see them: `id`, `dataset`, `tagName`.
    static func describe(_ e: RenderedElement) -> HostValue {
        .object([
            "id": .string(e.id ?? ""),
            "dataset": .object(HostObjectValue(pairs: e.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
            "tagName": .string(e.tag),
        ])
    }
}
