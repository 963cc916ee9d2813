import MiniCore

/// A native component on a page (`<camera>`, `<video>`, `<live-player>`, `<audio>`), mounted
/// by its `NativeComponentFactory` when the page renders.
public protocol NativeComponent: AnyObject, Sendable {
    /// Attributes whose `{{ }}` bindings changed after `setData` (only the changed ones).
    func update(_ changed: [String: HostValue])
    /// The page hid (`onHide`): stop devices, fire `stop` if the platform does.
    func pageHidden()
    /// The page shows again after `pageHidden` (the page above it closed, or its tab was
    /// switched back to): resume what `pageHidden` stopped, as WeChat's camera re-opens.
    func pageShown()
    /// The page is unloaded: release everything.
    func unmount()
}

extension NativeComponent {
    /// Components with nothing to resume.
    public func pageShown() {}
}

/// What a component gets when it is mounted.
public struct ComponentMount: Sendable {
    public let tag: String
    public let id: String?
    /// Attribute values with bindings evaluated against page data.
    public let attributes: [String: HostValue]
    public let session: AppSession
    /// Fires the component's events (`bindinitdone`, `binderror`…) into the page.
    public let events: any ComponentEventSink
    /// Components of the same tag already on the page.
    public let siblingsOfSameTag: Int

    public init(
        tag: String, id: String?, attributes: [String: HostValue], session: AppSession,
        events: any ComponentEventSink, siblingsOfSameTag: Int
    ) {
        self.tag = tag
        self.id = id
        self.attributes = attributes
        self.session = session
        self.events = events
        self.siblingsOfSameTag = siblingsOfSameTag
    }
}

/// Delivers a component event to the page method its `bind…`/`catch…` attribute names.
public protocol ComponentEventSink: Sendable {
    func fire(_ event: String, detail: HostValue)
}

/// Makes native components of one tag.
public protocol NativeComponentFactory: Sendable {
    var tag: String { get }
    /// The attributes and events the component implements, and its coverage status
    /// (`canIUse('camera.mode.scanCode')`, `Docs/API-COVERAGE.md`). Default: none listed, works.
    var metadata: ComponentMetadata { get }
    func mount(_ mount: ComponentMount) throws -> any NativeComponent
    /// The context object `createSelectorQuery().select(…).context()` yields for a mounted
    /// component of this tag with `id` (the same kind its `createXxxContext` gives); nil if none.
    func context(session: AppSession, id: String?) -> NativeObject?
}

extension NativeComponentFactory {
    public func context(session: AppSession, id: String?) -> NativeObject? { nil }
}

extension NativeComponentFactory {
    public var metadata: ComponentMetadata { ComponentMetadata() }
}

/// What a component implements, for `canIUse` and the coverage document.
public struct ComponentMetadata: Sendable {
    /// Attribute name (as in the template: `device-position`) → accepted values (empty: any).
    public var attributes: [String: [String]]
    /// Event names without prefix (`initdone`, `scancode`): `bind…`/`catch…` (Alipay `on…`).
    public var events: [String]
    public var status: APIStatus

    /// - Parameter attributes: `"mode=normal|scanCode"`, or a bare name for any value.
    public init(attributes: [String] = [], events: [String] = [], status: APIStatus = .works) {
        var parsed: [String: [String]] = [:]
        for a in attributes {
            let parts = a.split(separator: "=", maxSplits: 1)
            parsed[String(parts[0])] = parts.count > 1 ? parts[1].split(separator: "|").map(String.init) : []
        }
        self.attributes = parsed
        self.events = events
        self.status = status
    }
}
