import MiniCore
import MiniHost
import MiniImaging

/// `getImageInfo({src})` → `{width, height, path, orientation, type}`: the header only, raw
/// stored size (EXIF rotation not applied). `src` may be a temp, saved, user or package path,
/// or an `http(s)` url, which is downloaded into a temp file whose path is returned.
enum GetImageInfoAPI {
    static func declaration(_ c: PhotosConfiguration) -> APIDeclaration {
        .async("getImageInfo", .async { req in
            let src = try req.options().nonEmptyString("src")
            let source = try await ImageSource.fetch(src, session: req.session, downloader: c.downloader)
            return info(try source.header(), path: source.path)
        }).reading("src").returning("width", "height", "path", "orientation", "type")
    }

    static func info(_ header: ImageHeader, path: String) -> HostValue {
        .object([
            "width": .number(Double(header.width)), "height": .number(Double(header.height)),
            "path": .string(path), "orientation": .string(header.orientation.name),
            "type": .string(header.format.rawValue),
        ])
    }
}
