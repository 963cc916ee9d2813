import MiniCapture
import MiniHost

/// Where `<video>` and `<live-player>` sound goes: the audio layer's mixer. Each mounted element
/// attaches its player's source (`PlayerAudio`, `LiveAudioOutput`) when it mounts and detaches it
/// when it unmounts. Without one (the
/// default) nobody pulls the sound; tests pull `controller.player.audio` directly.
///
/// The audio layer implements this with its mixer and hands it to `VideoModule(audioOutput:)`.
public protocol VideoAudioOutput: Sendable {
    func attach(_ source: any AudioSource, session: AppSession)
    func detach(_ source: any AudioSource, session: AppSession)
}
