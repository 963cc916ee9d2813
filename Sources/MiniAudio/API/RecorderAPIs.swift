import MiniCore
import MiniHost

/// `getRecorderManager()` and its RecorderManager (API.md §4), and the legacy
/// `startRecord` / `stopRecord`.
public enum RecorderAPIs {
    /// Adds the recorder's declarations, its object class and its error numbers.
    public static func register(into registry: inout APIRegistry, environment: AudioEnvironment) {
        registry.add(declarations(environment))
        registry.add(objectClass)
        registry.add(errors: recorderErrorNumbers)
    }

    /// Every recorder declaration over `environment`.
    public static func declarations(_ environment: AudioEnvironment) -> [APIDeclaration] {
        [
            .factory("getRecorderManager") { req in RecorderManager.of(req.session, environment: environment) },
            // Not promisified: the result comes when the recording ends, which may be a minute later.
            APIDeclaration("startRecord", .direct({ req in
                let o = try req.options()
                let callbacks = try ["success", "fail", "complete"].map { try o.optionalFunction($0) }
                LegacyVoiceRecorder.of(req.session, environment: environment).start(callbacks: callbacks)
                return .undefined
            }), parameters: nil, dialects: [.wx, .qq]).reading("success", "fail", "complete").returning("tempFilePath")
                .status(.partial("records AAC (m4a), not silk; no Promise form")),
            .async("stopRecord", dialects: [.wx, .qq], .ordered { req in
                _ = try req.options()
                return LegacyVoiceRecorder.of(req.session, environment: environment).stop()
            }).returning([]),
        ]
    }

    /// RecorderManager's methods and events. The methods are ordered async calls without a
    /// Promise form: their outcome is the events; a `success`/`fail`/`complete` passed anyway
    /// hears it too.
    public static let objectClass = ObjectClass(
        "RecorderManager",
        members: [
            .async("start", promise: false, .ordered { req in try req.target(as: RecorderManager.self).start(req.args) })
                .reading("duration", "sampleRate=8000|11025|12000|16000|22050|24000|32000|44100|48000", "numberOfChannels=1|2",
                         "encodeBitRate", "format=aac|mp3|wav|PCM", "frameSize",
                         "audioSource=auto|buildInMic|headsetMic|mic|camcorder|voice_communication|voice_recognition"),
            .async("pause", promise: false, .ordered { req in try req.target(as: RecorderManager.self).pause() }),
            .async("resume", promise: false, .ordered { req in try req.target(as: RecorderManager.self).resume() }),
            .async("stop", promise: false, .ordered { req in try req.target(as: RecorderManager.self).stop() }),
        ] + ["Start", "Pause", "Resume", "Stop", "Error", "FrameRecorded", "InterruptionBegin", "InterruptionEnd"].map { name in
            APIDeclaration("on" + name, .event(name.prefix(1).lowercased() + name.dropFirst()))
        })
}
