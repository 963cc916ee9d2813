import MiniCore

/// A context object bound to a native component by tag and id (`createVideoContext(id)`,
/// `createLivePlayerContext(id)`, `createAudioContext(id)`): the component is looked up when a
/// method runs, so a context made before its element mounts works once it has.
open class ComponentContextObject: NativeObject, @unchecked Sendable {
    public let session: AppSession
    /// The element's tag, e.g. `video`.
    public let tag: String
    /// The element's id; nil: the first element with `tag`.
    public let id: String?

    public init(session: AppSession, tag: String, id: String?) {
        self.session = session
        self.tag = tag
        self.id = id
        super.init()
    }

    /// The mounted component, or a failure naming the element that is not on the page.
    public func component<C>(as type: C.Type) throws -> C {
        guard let c = session.components.find(tag: tag, id: id) as? C else {
            throw MediaError.internalError(id.map { "no <\(tag)> with id \"\($0)\" on the page" } ?? "no <\(tag)> on the page")
        }
        return c
    }
}
