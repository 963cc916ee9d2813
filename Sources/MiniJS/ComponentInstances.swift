import CJavaScriptCore
import MiniCore
import MiniWXML

/// One custom component instance: its JS object (protected while it lives), the id its
/// `setData` reports, its data as mirrored natively, and what its host last passed.
final class ComponentInstance {
    let identity: NodeIdentity
    let path: String
    let tag: String
    let object: JSObjectRef
    let dataID: Int
    let multipleSlots: Bool
    var data: HostValue
    /// The host element's attributes at the last render (properties are picked from them).
    var attributes: [String: HostValue]
    var attached = false
    var ready = false

    init(identity: NodeIdentity, path: String, tag: String, object: JSObjectRef, dataID: Int, multipleSlots: Bool, data: HostValue, attributes: [String: HostValue]) {
        self.identity = identity
        self.path = path
        self.tag = tag
        self.object = object
        self.dataID = dataID
        self.multipleSlots = multipleSlots
        self.data = data
        self.attributes = attributes
    }
}

/// The custom component instances of one page: made by the prelude when a render first meets
/// their host element (`created` runs then), updated when the host's attributes change (the
/// prelude coerces properties and runs observers), detached when a render no longer has them.
/// JS thread only.
final class CustomComponents: ComponentInstanceSource {
    let library: ComponentLibrary
    private unowned let runtime: JSRuntime
    private(set) var byIdentity: [NodeIdentity: ComponentInstance] = [:]
    private(set) var byDataID: [Int: ComponentInstance] = [:]
    /// Instances met by the render under way, and those it made, in render order.
    private var seen: Set<NodeIdentity> = []
    private var made: [ComponentInstance] = []

    /// The page object (the owner of the page's own host elements: Alipay's event props call it).
    private let page: JSObjectRef

    init(runtime: JSRuntime, library: ComponentLibrary, page: JSObjectRef) {
        self.runtime = runtime
        self.library = library
        self.page = page
    }

    private var core: JSCore { runtime.core }

    func beginRender() {
        seen = []
        made = []
    }

    /// After a render: the instances it made (render order) and those it no longer has.
    func endRender() -> (made: [ComponentInstance], gone: [ComponentInstance]) {
        let gone = byIdentity.values.filter { !seen.contains($0.identity) }
        return (made, gone)
    }

    /// Forgets an instance (after `detached`) and lets JS collect it.
    func remove(_ instance: ComponentInstance) {
        guard byIdentity.removeValue(forKey: instance.identity) != nil else { return }
        byDataID[instance.dataID] = nil
        JSValueUnprotect(core.ctx, instance.object)
    }

    /// Every live instance, parents before their children (render order).
    var all: [ComponentInstance] {
        byIdentity.values.sorted { $0.identity.steps.count != $1.identity.steps.count ? $0.identity.steps.count < $1.identity.steps.count : $0.dataID < $1.dataID }
    }

    func instance(for host: ComponentHost) throws -> ComponentInstanceState {
        seen.insert(host.identity)
        if let known = byIdentity[host.identity], known.path == host.path {
            var changed: [(String, HostValue)] = []
            for (k, v) in host.attributes.sorted(by: { $0.key < $1.key }) where known.attributes[k] != v { changed.append((k, v)) }
            known.attributes = host.attributes
            if !changed.isEmpty {
                let props = HostValue.object(HostObjectValue(pairs: changed))
                runtime.callInternal("updateComponent", [known.object, core.make(props, functions: runtime.functions)])
                if let error = runtime.uncaughtError { throw ComponentFailure(description: "a property observer threw: \(error)") }
            }
            return ComponentInstanceState(data: known.data, multipleSlots: known.multipleSlots)
        }
        if let stale = byIdentity[host.identity] {
            // Another component now renders at this place: the old instance leaves first.
            if stale.attached { lifetime(stale, "detached") }
            remove(stale)
        }
        let hostInfo = HostValue.object([
            "id": .string(host.id ?? ""),
            "dataset": .object(HostObjectValue(pairs: host.dataset.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })),
        ])
        let props = HostValue.object(HostObjectValue(pairs: host.attributes.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }))
        let eventProps = HostValue.object(HostObjectValue(pairs: host.eventProps.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
        let owner: JSObjectRef = host.owner.flatMap { byIdentity[$0]?.object } ?? page
        guard let made = runtime.callInternal(
            "createComponent", [
                core.string(host.path), core.make(hostInfo, functions: runtime.functions), core.make(props, functions: runtime.functions),
                core.make(eventProps, functions: runtime.functions), owner,
            ]),
            let triple = core.object(made), let object = core.object(JSObjectGetPropertyAtIndex(core.ctx, triple, 0, nil)),
            let dataID = runtime.integer(JSObjectGetPropertyAtIndex(core.ctx, triple, 1, nil))
        else { throw ComponentFailure(description: "its instance could not be made: \(runtime.uncaughtError ?? "")") }
        let multipleSlots = JSValueToBoolean(core.ctx, JSObjectGetPropertyAtIndex(core.ctx, triple, 2, nil))
        JSValueProtect(core.ctx, object)
        var holds = FunctionHolds()
        defer { runtime.functions.release(holds) }
        let data: HostValue
        do {
            let rendered = runtime.callInternal("componentRenderData", [object]) ?? core.undefined
            data = try core.host(rendered, functions: runtime.functions, limits: .setData, holds: &holds)
        } catch {
            JSValueUnprotect(core.ctx, object)
            throw ComponentFailure(description: "its data cannot be read: \(error)")
        }
        let instance = ComponentInstance(
            identity: host.identity, path: host.path, tag: host.tag, object: object, dataID: dataID, multipleSlots: multipleSlots, data: data,
            attributes: host.attributes)
        byIdentity[host.identity] = instance
        byDataID[dataID] = instance
        self.made.append(instance)
        lifetime(instance, "created")
        if let error = runtime.uncaughtError { throw ComponentFailure(description: "created threw: \(error)") }
        return ComponentInstanceState(data: instance.data, multipleSlots: multipleSlots)
    }

    /// Runs a lifetime (`created`, `attached`, `ready`, `detached`) or, with `page`, a page
    /// lifetime (`show`, `hide`) of the instance.
    func lifetime(_ instance: ComponentInstance, _ name: String, page: Bool = false) {
        runtime.callInternal("componentLifetime", [instance.object, core.string(name), JSValueMakeBoolean(core.ctx, page)])
    }

    /// Applies the instance's `setData` to its mirrored data.
    func apply(_ instance: ComponentInstance, _ changes: HostValue) throws {
        guard case .object(let object) = changes else { return }
        _ = try applySetData(&instance.data, object)
    }
}

struct ComponentFailure: Error, CustomStringConvertible {
    let description: String
}
