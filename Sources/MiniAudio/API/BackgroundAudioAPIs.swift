import MiniCore
import MiniHost

/// `getBackgroundAudioManager()` and its class, and the legacy background audio APIs
/// (`playBackgroundAudio`, …, `onBackgroundAudioPlay/Pause/Stop`) over the same manager (API.md §5).
enum BackgroundAudioAPIs {
    static func register(into registry: inout APIRegistry, _ environment: AudioEnvironment) {
        registry.add(declarations(environment))
        registry.add(objectClass)
    }

    static let legacyDialects: Set<Dialect> = [.wx, .qq]

    static func declarations(_ environment: AudioEnvironment) -> [APIDeclaration] {
        @Sendable func manager(_ req: APIRequest) -> BackgroundAudioManager { BackgroundAudioManager.of(req.session, environment: environment) }
        return [
            .factory("getBackgroundAudioManager") { req in manager(req) },
            .async("playBackgroundAudio", dialects: legacyDialects, .async { req in
                let o = try req.options()
                let dataUrl = try o.string("dataUrl")
                guard !dataUrl.isEmpty else { throw MediaError.parameter("dataUrl should not be empty;") }
                let title = try o.string("title", default: "background audio")
                let cover = try o.string("coverImgUrl", default: "")
                try await manager(req).playLegacy(dataUrl: dataUrl, title: title.isEmpty ? "background audio" : title, coverImgUrl: cover)
                return .object([:])
            }).reading("dataUrl", "title", "coverImgUrl").returning([]),
            .async("pauseBackgroundAudio", dialects: legacyDialects, .immediate { req in
                _ = try req.options()
                manager(req).player.pause()
                return .object([:])
            }).returning([]),
            .async("stopBackgroundAudio", dialects: legacyDialects, .immediate { req in
                _ = try req.options()
                manager(req).player.stop()
                return .object([:])
            }).returning([]),
            .async("seekBackgroundAudio", dialects: legacyDialects, .immediate { req in
                let position = try req.options().number("position", in: 0...Double(Int32.max))
                let m = manager(req)
                guard m.hasSource else { throw MediaError.internalError("no background audio is playing") }
                m.player.seek(position)
                return .object([:])
            }).reading("position").returning([]),
            .async("getBackgroundAudioPlayerState", dialects: legacyDialects, .immediate { req in
                _ = try req.options()
                return manager(req).legacyState()
            }).returning("duration", "currentPosition", "status", "downloadPercent", "dataUrl"),
            APIDeclaration("onBackgroundAudioPlay", .event("backgroundAudioPlay"), dialects: legacyDialects),
            APIDeclaration("onBackgroundAudioPause", .event("backgroundAudioPause"), dialects: legacyDialects),
            APIDeclaration("onBackgroundAudioStop", .event("backgroundAudioStop"), dialects: legacyDialects),
        ]
    }

    static func manager(_ req: APIRequest) throws -> BackgroundAudioManager { try req.target(as: BackgroundAudioManager.self) }

    /// A metadata string property.
    private static func text(_ name: String) -> APIDeclaration {
        .property(name, get: { req in .string(try manager(req).get(name)) }, set: { req in
            try manager(req).set(name, try req.options().string("value"))
        })
    }

    private static func method(_ name: String, _ body: @escaping @Sendable (AudioPlayer) -> Void) -> APIDeclaration {
        APIDeclaration(name, .direct({ req in
            body(try manager(req).player)
            return .undefined
        }), parameters: [])
    }

    static let events = PlaybackAPIs.events + ["Prev", "Next"]

    static let objectClass = ObjectClass(
        "BackgroundAudioManager",
        members: [
            .property("src", get: { req in .string(try manager(req).src) }, set: { req in
                try manager(req).setSource(try req.options().string("value"))
            }),
            text("title"), text("epname"), text("singer"), text("coverImgUrl"), text("webUrl"),
            .property("protocol", get: { req in .string(try manager(req).get("protocol")) }, set: { req in
                let value = try req.options().string("value")
                guard ["http", "hls"].contains(value) else {
                    throw MediaError.parameter("protocol should be 'http' or 'hls' instead of '\(value)';")
                }
                try manager(req).set("protocol", value)
            }),
            .property("startTime", get: { req in .number(try manager(req).player.startTime) }, set: { req in
                try manager(req).player.startTime = try req.options().number("value", in: 0...Double(Int32.max))
            }),
            .property("playbackRate", get: { req in .number(try manager(req).player.playbackRate) }, set: { req in
                try manager(req).player.playbackRate = try req.options().number("value", in: 0.5...2.0)
            }),
            .property("duration", get: { req in .number(PlaybackAPIs.rounded(try manager(req).player.duration)) }),
            .property("currentTime", get: { req in .number(PlaybackAPIs.rounded(try manager(req).player.currentTime)) }),
            .property("paused", get: { req in .bool(try manager(req).player.paused) }),
            .property("buffered", get: { req in .number(PlaybackAPIs.rounded(try manager(req).player.buffered)) }),
            method("play") { $0.play() },
            method("pause") { $0.pause() },
            method("stop") { $0.stop() },
            APIDeclaration("seek", .direct({ req in
                let position = try req.options().number("position", in: 0...Double(Int32.max))
                try manager(req).player.seek(position)
                return .undefined
            }), parameters: ["position"]),
        ] + events.map { APIDeclaration("on" + $0, .event($0)).repeatingListeners() })
}
