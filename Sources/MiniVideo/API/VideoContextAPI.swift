import MiniCore
import MiniHost

/// The object `createVideoContext(id)` returns: bound to the `<video>` with that id on the
/// page, looked up when a method runs (so a context made before the video mounts works).
final class VideoContextObject: ComponentContextObject, @unchecked Sendable {
    override var className: String { "VideoContext" }

    init(session: AppSession, id: String?) { super.init(session: session, tag: "video", id: id) }

    func controller() throws -> VideoController { try component(as: VideoComponent.self).controller }
}

/// `createVideoContext(id)` and VideoContext's 17 methods. The playing controls return nothing
/// (as on WeChat) and throw `<method>:fail …` for bad arguments; picture-in-picture, background
/// playback and casting are callback methods that fail: there is no such device here.
enum VideoContextAPI {
    /// `playbackRate` values (WeChat: 0.5–2.0; 3.0 and 4.0 since 3.7.5).
    static let rates: [Double] = [0.5, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0]

    static let declarations: [APIDeclaration] = [
        .factory("createVideoContext", parameters: ["id", "component"]) { req in
            let o = try req.options()
            guard case .string(let id)? = o["id"], !id.isEmpty else {
                throw MediaError.parameter("parameter.id should be String instead of \((o["id"] ?? .undefined).typeName);")
            }
            return VideoContextObject(session: req.session, id: id)
        }
    ]

    private static func control(_ name: String, parameters: [String]? = [], _ body: @escaping @Sendable (VideoController, Options) throws -> Void)
        -> APIDeclaration
    {
        .direct(name, parameters: parameters) { req in
            let o = try req.options()
            try body(try req.target(as: VideoContextObject.self).controller(), o)
            return .undefined
        }
    }

    private static func noDevice(_ name: String, _ reason: String) -> APIDeclaration {
        APIDeclaration.async(name, promise: false, .immediate { _ in throw MediaError(.notSupported, reason) })
            .status(.fails(reason))
    }

    static let objectClass = ObjectClass(
        "VideoContext",
        members: [
            control("play") { c, _ in c.player.play() },
            control("pause") { c, _ in c.player.pause() },
            control("stop") { c, _ in c.player.stop() },
            control("seek", parameters: ["position"]) { c, o in
                let p = try o.number("position")
                guard p.isFinite, p >= 0 else { throw MediaError.parameter("parameter.position should be a Number ≥ 0;") }
                c.player.seek(to: .nanoseconds(Int64(min(p, 1e7) * 1e9)))  // beyond any media: clamped to its end
            },
            control("playbackRate", parameters: ["rate"]) { c, o in
                let r = try o.number("rate")
                guard rates.contains(r) else {
                    let list = rates.map(JSNumber.format).joined(separator: ", ")
                    throw MediaError.parameter("parameter.rate should be one of \(list) instead of \(JSNumber.format(r));")
                }
                c.player.setRate(r)
            },
            control("sendDanmu", parameters: nil) { c, o in
                let text = try o.string("text")
                let color = try o.string("color", default: "#ffffff")
                c.sendDanmu(text: text, color: color)
            },
            control("requestFullScreen", parameters: nil) { c, o in
                let d = try o.optionalInt("direction")
                guard d == nil || [0, 90, -90].contains(d!) else {
                    throw MediaError.parameter("parameter.direction should be 0, 90 or -90 instead of \(d!);")
                }
                c.setFullScreen(true, direction: d)
            },
            control("exitFullScreen") { c, _ in c.setFullScreen(false, direction: nil) },
            control("showStatusBar") { c, _ in c.setStatusBarHidden(false) },
            control("hideStatusBar") { c, _ in c.setStatusBarHidden(true) },
            noDevice("requestBackgroundPlayback", "background playback is not supported: no such device"),
            noDevice("exitBackgroundPlayback", "background playback is not supported: no such device"),
            noDevice("exitPictureInPicture", "picture-in-picture is not supported: no such device"),
            noDevice("startCasting", "casting is not supported: no casting device"),
            noDevice("switchCasting", "casting is not supported: no casting device"),
            noDevice("reconnectCasting", "casting is not supported: no casting device"),
            noDevice("exitCasting", "casting is not supported: no casting device"),
        ])
}
