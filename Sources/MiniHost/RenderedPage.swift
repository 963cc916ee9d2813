import MiniCore
import MiniWXML
import Synchronization

/// What API handlers can see of the page on screen: its rendered tree (for
/// `createSelectorQuery`, and later a browser simulator or an automation protocol). The JS
/// runtime implements it for the current page and shows it on the session.
public protocol RenderedPageProvider: AnyObject, Sendable {
    /// The page's tree as last rendered; nil before it rendered or when it has no template.
    func renderedTree() -> RenderTree?
}

/// A `RenderedPageProvider` holding the latest tree a page published.
public final class RenderedPageSnapshot: RenderedPageProvider {
    private let tree = Mutex<RenderTree?>(nil)

    public init() {}

    public func renderedTree() -> RenderTree? { tree.withLock { $0 } }

    /// Replaces the published tree (the page runner calls it after each render).
    public func publish(_ newTree: RenderTree?) { tree.withLock { $0 = newTree } }
}

/// One step into a JS value: an array index or an object key.
public enum ValuePathStep: Sendable, Equatable {
    case index(Int)
    case key(String)
}

/// A native object to put into callback arguments at `path` (its first step is the argument's
/// index), e.g. a selector query's `context` — what a plain `HostValue` cannot carry.
public struct PlacedObject: Sendable {
    public let path: [ValuePathStep]
    public let object: NativeObject

    public init(path: [ValuePathStep], object: NativeObject) {
        self.path = path
        self.object = object
    }
}
