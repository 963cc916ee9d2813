import MiniCore

/// A custom component as its template renders it: declared by a page's (or app's, or another
/// component's) `usingComponents`, loaded once per package path.
public struct ComponentTemplate: Sendable {
    /// Package path of the component without extension (`/components/card/card`).
    public let path: String
    /// The component's own template (its imports and includes); nil when it has none.
    public let template: PageTemplate?
    /// Tag → component path usable inside this component's template (its own `usingComponents`
    /// over the app's global ones).
    public let usingComponents: [String: String]
    /// The component's style file as text (`.wxss`, …), when it has one.
    public let styleSheet: String?

    public init(path: String, template: PageTemplate?, usingComponents: [String: String], styleSheet: String? = nil) {
        self.path = path
        self.template = template
        self.usingComponents = usingComponents
        self.styleSheet = styleSheet
    }
}

/// Every custom component a page can reach, by path, and the tags its own template uses.
public struct ComponentLibrary: Sendable {
    public var components: [String: ComponentTemplate]
    /// Tag → component path for the page template (page `usingComponents` over app.json's).
    public var pageTags: [String: String]

    public init(components: [String: ComponentTemplate] = [:], pageTags: [String: String] = [:]) {
        self.components = components
        self.pageTags = pageTags
    }

    public static let empty = ComponentLibrary()
}

/// A custom component's host element as the parent rendered it: what the instance is made or
/// updated from.
public struct ComponentHost: Sendable {
    /// The host element's identity: the instance's identity.
    public let identity: NodeIdentity
    /// The component's package path.
    public let path: String
    public let tag: String
    public let id: String?
    public let classes: [String]
    public let dataset: [String: HostValue]
    /// Evaluated attributes (the instance picks its declared properties from them).
    public let attributes: [String: HostValue]
    /// The instance the host element belongs to (nil: the page).
    public let owner: NodeIdentity?
    /// Alipay: event attributes as written on the host (`onTapItem`) → the owner's method name,
    /// which the instance gets as function props. Empty in the other syntaxes.
    public let eventProps: [String: String]
}

/// What a render needs of a component instance.
public struct ComponentInstanceState: Sendable {
    /// The instance's data (properties included) its template renders against.
    public var data: HostValue
    /// `options.multipleSlots`: `<slot name>`s are filled by `slot="name"` children.
    public var multipleSlots: Bool

    public init(data: HostValue, multipleSlots: Bool = false) {
        self.data = data
        self.multipleSlots = multipleSlots
    }
}

/// Makes (or finds and updates) the instance behind a host element during a render. The page
/// runtime implements it over the JS component instances.
public protocol ComponentInstanceSource: AnyObject {
    /// The instance for `host`, created on first sight, its properties updated from the host's
    /// attributes otherwise. Throws to fail the render (the message names the component).
    func instance(for host: ComponentHost) throws -> ComponentInstanceState
}
