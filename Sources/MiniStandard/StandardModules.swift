import MiniAudio
import MiniCamera
import MiniCore
import MiniHost
import MiniPhotos
import MiniVideo

/// Every feature module MiniMedia ships, wired together the way `minimedia run` uses them: the
/// camera (also the image pickers' camera and `scanCode`'s album fallback), the photo album and
/// the video file APIs.
public enum StandardModules {
    /// The devices the modules use, as the command line names them.
    public struct Devices: Sendable {
        /// `synthetic[:WxH]`, `file:PATH` or `v4l2:DEVICE`.
        public var camera: String
        /// A code the synthetic camera shows, `FORMAT:TEXT`.
        public var cameraCode: String?
        /// `synthetic`, `file:PATH` or `alsa:DEVICE`: what camera recordings hear.
        public var microphone: String
        /// `AFTER_MS[:LENGTH_MS]`: a simulated audio interruption (`AudioInterruptionPlan`).
        public var audioInterruption: String?
        /// `null`, `file:PATH` or `alsa:DEVICE`: what audio playback plays to.
        public var speaker: String = "null"

        public init(
            camera: String = "synthetic", cameraCode: String? = nil, microphone: String = "synthetic", audioInterruption: String? = nil,
            speaker: String = "null"
        ) {
            self.camera = camera
            self.cameraCode = cameraCode
            self.microphone = microphone
            self.audioInterruption = audioInterruption
            self.speaker = speaker
        }
    }

    /// The modules for `devices`; a bad device string is a `MediaError` naming it.
    public static func make(_ devices: Devices = Devices()) throws -> [any FeatureModule] {
        try make(devices, audio: { _ in })
    }

    /// `make(_:)` with the audio environment adjusted before the modules get it (the browser
    /// simulator's speaker, which streams the mix to the browser).
    public static func make(_ devices: Devices, audio adjust: (inout AudioEnvironment) -> Void) throws -> [any FeatureModule] {
        var camera = try CameraEnvironment(cameraSpec: devices.camera, code: devices.cameraCode, microphoneSpec: devices.microphone)
        camera.albumImage = { session in try await albumImage(session) }
        camera.recoveredRecording = { session, path in try keepRecovered(session, path) }
        var audio = AudioEnvironment(microphone: camera.microphone)
        audio.interruptionPlan = try devices.audioInterruption.map { try AudioInterruptionPlan(parsing: $0) }
        try audio.setSpeaker(devices.speaker)
        adjust(&audio)
        return [
            CameraModule(environment: camera),
            PhotosModule(PhotosConfiguration(
                stillPhotos: CameraStillPhotoSource(environment: camera), videoClips: CameraVideoClipSource(environment: camera))),
            VideoModule(audioOutput: MixerAudioOutput(environment: audio)),
            AudioModule(environment: audio),
        ]
    }

    /// The modules over an already configured camera environment (tests, benchmarks).
    public static func make(camera: CameraEnvironment, audio adjust: (inout AudioEnvironment) -> Void = { _ in }) -> [any FeatureModule] {
        var camera = camera
        if camera.albumImage == nil { camera.albumImage = { session in try await albumImage(session) } }
        if camera.recoveredRecording == nil { camera.recoveredRecording = { session, path in try keepRecovered(session, path) } }
        var audio = AudioEnvironment(microphone: camera.microphone, pacing: camera.pacing)
        adjust(&audio)
        return [
            CameraModule(environment: camera),
            PhotosModule(PhotosConfiguration(
                stillPhotos: CameraStillPhotoSource(environment: camera), videoClips: CameraVideoClipSource(environment: camera))),
            VideoModule(audioOutput: MixerAudioOutput(environment: audio)),
            AudioModule(environment: audio),
        ]
    }

    /// A recording recovered after a crash goes into the album, its source app marked
    /// `recovered:<app id>` (the album's "recovered" list).
    static func keepRecovered(_ session: AppSession, _ path: String) throws {
        _ = try session.photoLibrary().addVideo(at: path, sourceApp: "recovered:" + session.appID.rawValue)
    }

    /// `scanCode`'s album fallback: one image picked by the session's user, as a host path.
    static func albumImage(_ session: AppSession) async throws -> String? {
        let library = try session.photoLibrary()
        guard let item = try await library.pick(.image, count: 1, user: session.user).first else { return nil }
        return library.hostPath(of: item)
    }
}
