import MiniCore
import MiniHost
import MiniNet

/// `previewMedia({sources: [{url, type: 'image'|'video', poster}], current: 0})`: every url (and
/// poster) must be an existing local file of the app or an `http(s)` url; the preview is shown to
/// the session's `SimulatedUser` as a preview of the urls, starting at `current`.
enum PreviewMediaAPI {
    static let declaration = APIDeclaration.async("previewMedia", .blocking { req in
        let o = try req.options()
        guard case .array(let list)? = o["sources"] else {
            throw MediaError.parameter("parameter.sources should be Array instead of \((o["sources"] ?? .undefined).typeName);")
        }
        guard !list.isEmpty else { throw MediaError.parameter("parameter.sources should not be empty;") }
        var urls: [String] = []
        for (i, item) in list.enumerated() {
            let source = try Options(item)
            guard case .object = item else { throw MediaError.parameter("parameter.sources[\(i)] should be Object instead of \(item.typeName);") }
            let url = try source.nonEmptyString("url")
            let type = try source.string("type", default: "image")
            guard type == "image" || type == "video" else {
                throw MediaError.parameter("parameter.sources[\(i)].type should be \"image\" or \"video\" instead of \"\(type)\";")
            }
            try validate(url, session: req.session)
            if let poster = try source.optionalString("poster"), !poster.isEmpty { try validate(poster, session: req.session) }
            urls.append(url)
        }
        let current = try o.int("current", default: 0, in: 0...(urls.count - 1))
        req.session.user.show(.preview(urls: urls, current: urls[current]))
        return .object([:])
    })

    /// A network url with a host, or a local file that exists inside the sandbox.
    static func validate(_ url: String, session: AppSession) throws {
        if url.hasPrefix("http://") || url.hasPrefix("https://") {
            guard NetworkURL(url) != nil else { throw MediaError.parameter("invalid url \(url);") }
            return
        }
        do { _ = try VideoSource.open(url, session: session) } catch let e as MediaError where e.code == .fileNotFound {
            throw MediaError(.fileNotFound, "file not found: \(url)")
        }
    }
}
