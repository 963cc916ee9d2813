import MiniAudio
import MiniCapture
import MiniHost
import MiniVideo
import Synchronization

/// `<video>` and `<live-player>` sound into the session's `AudioMixer`: each source is one mixer
/// input, pulled while it plays (`ActiveAudioSource.activity`; other sources while attached).
struct MixerAudioOutput: VideoAudioOutput {
    /// The speaker the mixer opens if a video plays before any audio API ran.
    let environment: AudioEnvironment
    private let handles = Handles()

    func attach(_ source: any AudioSource, session: AppSession) {
        let handle = AudioMixer.of(session, environment: environment).add(source)
        handles.put(handle, for: source)
        if let active = source as? any ActiveAudioSource {
            active.activity.observe { [weak handle] playing in handle?.isPlaying = playing }
        } else {
            handle.isPlaying = true
        }
    }

    func detach(_ source: any AudioSource, session: AppSession) {
        handles.take(source)?.remove()
    }

    /// The mixer handle of each attached source.
    private final class Handles: Sendable {
        private let map = Mutex<[ObjectIdentifier: AudioMixer.Handle]>([:])
        func put(_ h: AudioMixer.Handle, for s: any AudioSource) { map.withLock { $0[ObjectIdentifier(s)] = h } }
        func take(_ s: any AudioSource) -> AudioMixer.Handle? { map.withLock { $0.removeValue(forKey: ObjectIdentifier(s)) } }
    }
}
