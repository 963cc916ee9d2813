import MiniCore
import MiniHost

/// The object `createLivePlayerContext(id)` returns: bound to the page's `<live-player>` with
/// that id (the first one without an id), looked up when a method runs.
final class LivePlayerContextObject: ComponentContextObject, @unchecked Sendable {
    override var className: String { "LivePlayerContext" }

    init(session: AppSession, id: String?) { super.init(session: session, tag: "live-player", id: id) }

    func player() throws -> LivePlayer { try component(as: LivePlayerComponent.self).player }
}

/// `createLivePlayerContext(id)` and LivePlayerContext's 15 methods (API.md §6).
enum LivePlayerContextAPI {
    static let declarations: [APIDeclaration] = [
        APIDeclaration("createLivePlayerContext", .factory({ req in
            let id = try req.options()["id"]
            switch id {
            case .string(let s)?: return LivePlayerContextObject(session: req.session, id: s)
            case nil, .undefined?, .null?: return LivePlayerContextObject(session: req.session, id: nil)
            case let other?: throw MediaError.parameter("parameter.id should be String instead of \(other.typeName);")
            }
        }), parameters: ["id", "component"])
    ]

    /// A method that acts on the player at once and answers `{}`.
    private static func control(_ name: String, _ body: @escaping @Sendable (LivePlayer, Options) throws -> Void) -> APIDeclaration {
        .async(name, promise: false, .immediate { req in
            let o = try req.options()
            try body(try req.target(as: LivePlayerContextObject.self).player(), o)
            return .object([:])
        })
    }

    /// A method for a device MiniMedia does not have: a clear failure, never a silent success.
    private static func unavailable(_ name: String, _ reason: String) -> APIDeclaration {
        .async(name, promise: false, .immediate { req in
            _ = try req.target(as: LivePlayerContextObject.self).player()
            throw MediaError(.notSupported, reason)
        }).status(.fails(reason))
    }

    static let objectClass = ObjectClass(
        "LivePlayerContext",
        members: [
            control("play") { p, _ in p.play() },
            control("stop") { p, _ in p.stop() },
            control("pause") { p, _ in p.pause() },
            control("resume") { p, _ in p.resume() },
            control("mute") { p, _ in p.mute(true) },
            control("requestFullScreen") { p, o in
                let direction = try o.number("direction", default: 0)
                guard [0, 90, -90].contains(direction) else {
                    throw MediaError.parameter("parameter.direction should be 0, 90 or -90 instead of \(JSNumber.format(direction));")
                }
                p.setFullScreen(true, direction: Int(direction))
            }.reading("direction"),
            control("exitFullScreen") { p, _ in p.setFullScreen(false, direction: 0) },
            .async("snapshot", promise: false, .blocking { req in
                let o = try req.options()
                let quality = try o.enumeration("quality", default: SnapshotQuality.raw)
                _ = try o.enumeration("sourceType", default: SnapshotSource.stream)
                let shot = try req.target(as: LivePlayerContextObject.self).player().snapshot(compressed: quality == .compressed)
                return .object(["tempImagePath": .string(shot.path), "width": .number(Double(shot.width)), "height": .number(Double(shot.height))])
            }).reading("quality", "sourceType").returning("tempImagePath", "width", "height"),
            unavailable("requestBackgroundPlayback", "background playback is not available on this host"),
            unavailable("exitBackgroundPlayback", "background playback is not available on this host"),
            unavailable("exitPictureInPicture", "picture-in-picture is not available on this host"),
            unavailable("startCasting", "no casting device"),
            unavailable("switchCasting", "no casting device"),
            unavailable("reconnectCasting", "no casting device"),
            unavailable("exitCasting", "no casting device"),
        ])
}

/// `snapshot({quality})`.
enum SnapshotQuality: String, CaseIterable, Sendable { case raw, compressed }
/// `snapshot({sourceType})`: both read the stream's frame (there is no separate view here).
enum SnapshotSource: String, CaseIterable, Sendable { case stream, view }
