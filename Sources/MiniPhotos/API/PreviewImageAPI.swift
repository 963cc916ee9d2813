import Foundation
import MiniCore
import MiniHost
import MiniNet

/// `previewImage({urls, current})`: every url must be an existing local image path of the app
/// or an `http(s)` url; the preview is shown to the session's `SimulatedUser`. `current` defaults
/// to the first url (Alipay: an index, default 0).
enum PreviewImageAPI {
    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("previewImage", .blocking { req in
            let o = try req.options()
            let urls = try o.stringArray("urls")
            guard !urls.isEmpty else { throw MediaError.parameter("parameter.urls should not be empty;") }
            for url in urls { try validate(url, session: req.session) }
            let current: String
            if req.dialect == .my {
                current = urls[try o.int("current", default: 0, in: 0...(urls.count - 1))]
            } else {
                current = try o.string("current", default: urls[0])
                if !urls.contains(current) { try validate(current, session: req.session) }
            }
            req.session.user.show(.preview(urls: urls, current: current))
            return .object([:])
        }).reading("urls", "current")
    }

    /// A network url with a host, or a local file that exists inside the sandbox.
    static func validate(_ url: String, session: AppSession) throws {
        if ImageDownloader.isNetworkURL(url, dialect: session.dialect) {
            guard NetworkURL(url) != nil else { throw MediaError.parameter("invalid url \(url);") }
            return
        }
        do { _ = try ImageSource.local(url, session: session) } catch let e as MediaError where e.code == .fileNotFound {
            throw MediaError(.fileNotFound, "file not found: \(url)")
        }
    }
}
