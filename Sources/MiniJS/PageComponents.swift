import Foundation
import MiniCore
import MiniHost
import MiniWXML

/// A page's rendered template and the native components mounted for it. Page data is mirrored
/// natively (each `setData` applied); when a change touches what the template reads, the page
/// is re-rendered and diffed by node identity: native components that appeared are mounted
/// (a camera opens), those that disappeared are unmounted (the camera stops), the rest get
/// their changed attributes.
final class PageComponents {
    struct Entry {
        var element: RenderedElement
        var native: (any NativeComponent)?
    }

    let template: PageTemplate
    private(set) var data: HostValue
    private(set) var tree: RenderTree
    /// Mounted (or mountable) native components in page order.
    private(set) var order: [NodeIdentity] = []
    private(set) var entries: [NodeIdentity: Entry] = [:]
    /// Components unmounted by a re-render: events they fire while stopping still reach the page.
    private var departed: [NodeIdentity: RenderedElement] = [:]
    /// What API handlers (`createSelectorQuery`) see of this page.
    let snapshot = RenderedPageSnapshot()
    private var mounting: Mounting?
    /// The page is under another: a re-render keeps track of new components but mounts them
    /// only when the page shows again (a hidden page must not open a camera).
    private(set) var isHidden = false

    private struct Mounting {
        let session: AppSession
        let relay: (NodeIdentity) -> any ComponentEventSink
    }

    /// The page's custom component instances (nil: the page uses none).
    let custom: CustomComponents?
    /// A render is under way: a `setData` it causes (an observer's, a parent handler's) is
    /// mirrored at once and renders again after it.
    private var rendering = false
    private var needsRender = false
    /// The page's components are mounted and `ready` ran: instances made later get `ready`
    /// right after `attached`.
    private var readyDone = false
    /// Renders one change may cause in a row (observers setting data that re-renders).
    static let maxPasses = 16

    /// Renders the page at once unless `render` is false (the runner first makes the page's
    /// components reachable, so lifetimes of the first render can `selectComponent`, then calls
    /// `rerender`).
    init(template: PageTemplate, data: HostValue, custom: CustomComponents? = nil, render: Bool = true) throws {
        self.template = template
        self.data = data
        self.custom = custom
        tree = RenderTree(nodes: [], nodeCount: 0)
        if render { try rerender(observe: { _ in }) }
    }

    /// A WeChat page template with no imports (tests).
    convenience init(wxml source: String, data: HostValue) throws {
        try self.init(template: PageTemplate(source: source, path: "/page.wxml", syntax: .wechat), data: data)
    }

    /// The rendered element a component event comes from (also just after it was unmounted).
    func element(_ identity: NodeIdentity) -> RenderedElement? {
        entries[identity]?.element ?? departed[identity]
    }

    /// Mounts a native instance for each rendered component whose tag has a factory, and lists it
    /// in the session's mounted components (by tag and id). Later re-renders mount and unmount.
    func mount(session: AppSession, relay: @escaping (NodeIdentity) -> any ComponentEventSink, observe: (AppEvent) -> Void) throws {
        mounting = Mounting(session: session, relay: relay)
        for identity in order { try mountOne(identity, observe: observe) }
    }

    private func mountOne(_ identity: NodeIdentity, observe: (AppEvent) -> Void) throws {
        guard let mounting, let entry = entries[identity] else { return }
        let r = entry.element
        observe(.componentMounted(tag: r.tag, id: r.id, attributes: r.attributes))
        guard let factory = mounting.session.registry.components[r.tag] else { return }
        let siblings = order.filter { $0 != identity && entries[$0]?.element.tag == r.tag && entries[$0]?.native != nil }.count
        let mount = ComponentMount(
            tag: r.tag, id: r.id, attributes: r.attributes, session: mounting.session, events: mounting.relay(identity),
            siblingsOfSameTag: siblings)
        let native = try factory.mount(mount)
        entries[identity]?.native = native
        mounting.session.components.register(tag: r.tag, id: r.id, native)
    }

    /// Applies a `setData` to the mirror of page data; re-renders only when a changed root is
    /// one the template reads, then mounts, unmounts and updates components by identity.
    func apply(_ changes: HostValue, observe: (AppEvent) -> Void) throws {
        guard case .object(let object) = changes else { return }
        let roots = try applySetData(&data, object)
        guard template.depends(onChangedPaths: roots) else { return }
        try rerender(observe: observe)
    }

    /// A component instance's `setData`: mirrored, then the page re-renders (its template
    /// dependencies are its own, so every instance change renders).
    func applyComponent(_ instance: ComponentInstance, _ changes: HostValue, observe: (AppEvent) -> Void) throws {
        try custom?.apply(instance, changes)
        try rerender(observe: observe)
    }

    /// Renders the page again (custom components made, updated and detached by identity) and
    /// diffs the native components; repeats while lifetimes and observers change data.
    func rerender(observe: (AppEvent) -> Void) throws {
        guard !rendering else {
            needsRender = true
            return
        }
        rendering = true
        defer { rendering = false }
        var passes = 0
        repeat {
            needsRender = false
            passes += 1
            guard passes <= Self.maxPasses else {
                throw ComponentFailure(description: "custom components keep changing data while rendering (\(Self.maxPasses) renders in a row)")
            }
            custom?.beginRender()
            tree = try template.render(data: data, components: custom?.library ?? .empty, instances: custom)
            snapshot.publish(tree)
            try diffNatives(observe: observe)
            guard let custom else { continue }
            let (made, gone) = custom.endRender()
            for instance in gone.sorted(by: { $0.dataID < $1.dataID }) {
                if instance.attached { custom.lifetime(instance, "detached") }
                custom.remove(instance)
            }
            for instance in made where custom.byIdentity[instance.identity] === instance {
                instance.attached = true
                custom.lifetime(instance, "attached")
            }
            if readyDone {
                for instance in made.reversed() where custom.byIdentity[instance.identity] === instance && !instance.ready {
                    instance.ready = true
                    custom.lifetime(instance, "ready")
                }
            }
        } while needsRender
    }

    /// The page's components are mounted: every instance gets `ready` (children first).
    func componentsReady() {
        readyDone = true
        guard let custom else { return }
        for instance in custom.all.reversed() where !instance.ready {
            instance.ready = true
            custom.lifetime(instance, "ready")
        }
    }

    /// Runs a page lifetime (`show`, `hide`) on every instance.
    func pageLifetime(_ name: String) {
        guard let custom else { return }
        for instance in custom.all { custom.lifetime(instance, name, page: true) }
    }

    /// The page unloads: every instance is detached (parents first) and released.
    func detachAll() {
        guard let custom else { return }
        for instance in custom.all {
            if instance.attached { custom.lifetime(instance, "detached") }
            custom.remove(instance)
        }
    }

    /// Native components by identity: gone ones unmounted, new ones mounted, the rest updated.
    private func diffNatives(observe: (AppEvent) -> Void) throws {
        let rendered = tree.elements(tagged: WXMLDocument.nativeComponentTags)
        let now = Set(rendered.map(\.identity))
        // Gone first, so a camera moving between if/else branches closes before the new one opens.
        for identity in order where !now.contains(identity) {
            guard let entry = entries.removeValue(forKey: identity) else { continue }
            if departed.count >= 64 { departed.removeAll() }
            departed[identity] = entry.element
            observe(.componentUnmounted(tag: entry.element.tag, id: entry.element.id))
            if let native = entry.native {
                mounting?.session.components.unregister(native)
                // Removed from the page as when it hides: devices stop (a camera fires `stop`).
                native.pageHidden()
                native.unmount()
            }
        }
        order = rendered.map(\.identity)
        for element in rendered {
            guard let old = entries[element.identity] else {
                departed[element.identity] = nil
                entries[element.identity] = Entry(element: element, native: nil)
                if mounting != nil, !isHidden { try mountOne(element.identity, observe: observe) }
                continue
            }
            entries[element.identity]?.element = element
            var changed: [String: HostValue] = [:]
            for (k, v) in element.attributes where old.element.attributes[k] != v { changed[k] = v }
            for k in old.element.attributes.keys where element.attributes[k] == nil { changed[k] = .undefined }
            guard !changed.isEmpty, mounting != nil else { continue }
            observe(.componentChanged(tag: element.tag, id: element.id, changes: changed))
            old.native?.update(changed)
        }
    }

    /// The page went under another (or its tab was left): its native components stop (a camera
    /// fires `stop`) and leave the session's list of the current page's components.
    func pageHidden() {
        isHidden = true
        for identity in order {
            guard let native = entries[identity]?.native else { continue }
            mounting?.session.components.unregister(native)
            native.pageHidden()
        }
    }

    /// The page shows again: its components rejoin the session's list and resume
    /// (`NativeComponent.pageShown`: the camera re-opens); those that appeared while it was
    /// hidden mount now, and those a re-render removed meanwhile stay gone.
    func pageShown(observe: (AppEvent) -> Void) throws {
        guard isHidden else { return }
        isHidden = false
        guard let mounting else { return }
        for identity in order {
            guard let entry = entries[identity] else { continue }
            if let native = entry.native {
                mounting.session.components.register(tag: entry.element.tag, id: entry.element.id, native)
                native.pageShown()
            } else {
                try mountOne(identity, observe: observe)
            }
        }
    }

    func unmount(session: AppSession) {
        for identity in order {
            guard let native = entries[identity]?.native else { continue }
            session.components.unregister(native)
            native.unmount()
            entries[identity]?.native = nil
        }
        mounting = nil
    }
}
