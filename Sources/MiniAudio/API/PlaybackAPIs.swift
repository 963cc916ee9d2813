import MiniCore
import MiniHost

/// Audio playback (API.md §5): `createInnerAudioContext()` and its InnerAudioContext class,
/// `setInnerAudioOption`, `getAvailableAudioSources`, and the legacy `playVoice` family.
enum PlaybackAPIs {
    /// What `getAvailableAudioSources` lists: the one microphone under every name (API.md §4).
    static let audioSources = ["auto", "buildInMic", "headsetMic", "mic", "camcorder", "voice_communication", "voice_recognition"]

    /// Adds the playback APIs and the InnerAudioContext class.
    static func register(into registry: inout APIRegistry, _ environment: AudioEnvironment) {
        registry.add(declarations(environment))
        registry.add(objectClass)
        registry.add(VoiceAPIs.declarations(environment))
    }

    static func declarations(_ environment: AudioEnvironment) -> [APIDeclaration] {
        [
            // `{useWebAudioImplement}` is accepted (one engine either way).
            .factory("createInnerAudioContext") { req in
                if case .object = req.args { _ = try req.options().bool("useWebAudioImplement", default: false) }
                return InnerAudioContextObject(session: req.session, environment: environment)
            },
            .async("setInnerAudioOption", .immediate { req in
                let o = try req.options()
                let mixer = AudioMixer.of(req.session, environment: environment)
                var options = mixer.options
                options.mixWithOther = try o.bool("mixWithOther", default: options.mixWithOther)
                options.obeyMuteSwitch = try o.bool("obeyMuteSwitch", default: options.obeyMuteSwitch)
                options.speakerOn = try o.bool("speakerOn", default: options.speakerOn)
                mixer.options = options
                return .object([:])
            }).reading("mixWithOther", "obeyMuteSwitch", "speakerOn").returning([]),
            .async("getAvailableAudioSources", .immediate { req in
                _ = try req.options()
                return .object(["audioSources": .array(audioSources.map { .string($0) })])
            }).returning("audioSources"),
        ]
    }

    static func player(_ req: APIRequest) throws -> AudioPlayer {
        try req.target(as: InnerAudioContextObject.self).player
    }

    static func context(_ req: APIRequest) throws -> InnerAudioContextObject {
        let o = try req.target(as: InnerAudioContextObject.self)
        if o.player.isDestroyed { throw AudioErrors.destroyed }
        return o
    }

    /// A method that takes no arguments and fails clearly after `destroy()`.
    private static func method(_ name: String, _ body: @escaping @Sendable (AudioPlayer) -> Void) -> APIDeclaration {
        APIDeclaration(name, .direct({ req in
            body(try context(req).player)
            return .undefined
        }), parameters: [])
    }

    static let events = ["Canplay", "Play", "Pause", "Stop", "Ended", "TimeUpdate", "Error", "Waiting", "Seeking", "Seeked"]

    static let objectClass = ObjectClass(
        "InnerAudioContext",
        members: [
            .property("src", get: { req in .string(try req.target(as: InnerAudioContextObject.self).src) }, set: { req in
                try context(req).setSource(try req.options().string("value"))
            }),
            .property("startTime", get: { req in .number(try player(req).startTime) }, set: { req in
                try context(req).player.startTime = try req.options().number("value", in: 0...Double(Int32.max))
            }),
            .property("autoplay", get: { req in .bool(try req.target(as: InnerAudioContextObject.self).autoplay) }, set: { req in
                try context(req).autoplay = try req.options().bool("value", default: false)
            }),
            .property("loop", get: { req in .bool(try player(req).loop) }, set: { req in
                try context(req).player.loop = try req.options().bool("value", default: false)
            }),
            .property("volume", get: { req in .number(try player(req).volume) }, set: { req in
                try context(req).player.volume = try req.options().number("value", in: 0...1)
            }),
            .property("playbackRate", get: { req in .number(try player(req).playbackRate) }, set: { req in
                try context(req).player.playbackRate = try req.options().number("value", in: 0.5...2.0)
            }),
            .property("obeyMuteSwitch", get: { req in .bool(try req.target(as: InnerAudioContextObject.self).obeyMuteSwitch) }, set: { req in
                try context(req).obeyMuteSwitch = try req.options().bool("value", default: true)
            }),
            .property("referrerPolicy", get: { req in .string(try req.target(as: InnerAudioContextObject.self).referrerPolicy) }, set: { req in
                let value = try req.options().string("value")
                guard ["origin", "no-referrer"].contains(value) else {
                    throw MediaError.parameter("referrerPolicy should be 'origin' or 'no-referrer' instead of '\(value)';")
                }
                try context(req).referrerPolicy = value
            }),
            .property("duration", get: { req in .number(rounded(try player(req).duration)) }),
            .property("currentTime", get: { req in .number(rounded(try player(req).currentTime)) }, set: { req in
                try context(req).player.seek(try req.options().number("value", in: 0...Double(Int32.max)))
            }),
            .property("paused", get: { req in .bool(try player(req).paused) }),
            .property("buffered", get: { req in .number(rounded(try player(req).buffered)) }),
            method("play") { $0.play() },
            method("pause") { $0.pause() },
            method("stop") { $0.stop() },
            APIDeclaration("seek", .direct({ req in
                let position = try req.options().number("position", in: 0...Double(Int32.max))
                try context(req).player.seek(position)
                return .undefined
            }), parameters: ["position"]),
            // Destroying twice is harmless; everything else after it throws.
            APIDeclaration("destroy", .direct({ req in
                try player(req).destroy()
                return .undefined
            }), parameters: []),
        ] + events.map { APIDeclaration("on" + $0, .event($0)).repeatingListeners() })

    /// Six decimals, as WeChat reports times.
    static func rounded(_ seconds: Double) -> Double {
        guard seconds.isFinite else { return 0 }
        return (seconds * 1_000_000).rounded() / 1_000_000
    }
}
