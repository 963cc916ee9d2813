import MiniCapture
import MiniCore

/// Where the audio APIs' devices come from in one host: the microphone (`--microphone`) that
/// RecorderManager and the legacy voice APIs record from, and its pacing. Shared by every
/// audio API of a session.
public struct AudioEnvironment: Sendable {
    /// Which microphone to open.
    public var microphone: MicrophoneDeviceSpec
    /// `.paced` (real time on the session's clock, the default) or `.unpaced` (benchmarks).
    public var pacing: FramePacing
    /// A simulated interruption, scheduled when the session's first recording starts
    /// (`--audio-interruption AFTER_MS[:LENGTH_MS]`); nil: none.
    public var interruptionPlan: AudioInterruptionPlan?
    /// Makes the microphone (default: `microphone.makeDevice`), paced by the session's clock.
    public var microphoneFactory: @Sendable (AudioEnvironment, any MediaClock) -> any MicrophoneDevice
    /// Which speaker the session's mixer plays to (`--speaker`; headless default `null`).
    public var speaker: SpeakerDeviceSpec = .null
    /// Makes the speaker (default: `speaker.makeDevice`), paced by the session's clock.
    public var speakerFactory: @Sendable (AudioEnvironment, any MediaClock) -> any SpeakerDevice = { env, clock in
        env.speaker.makeDevice(clock: clock)
    }

    public init(
        microphone: MicrophoneDeviceSpec = .synthetic, pacing: FramePacing = .paced,
        microphoneFactory: @escaping @Sendable (AudioEnvironment, any MediaClock) -> any MicrophoneDevice = { env, clock in
            env.microphone.makeDevice(clock: clock)
        }
    ) {
        self.microphone = microphone
        self.pacing = pacing
        self.microphoneFactory = microphoneFactory
    }

    /// Parses the command-line string `--speaker` (`null`, `file:PATH`, `alsa:DEVICE`) into `speaker`.
    public mutating func setSpeaker(_ spec: String) throws {
        do { speaker = try SpeakerDeviceSpec(parsing: spec) } catch {
            guard case .invalidSpec(let reason) = error else { throw MediaError(.parameterError, "--speaker: \(error)") }
            throw MediaError(.parameterError, "--speaker: \(reason)")
        }
    }

    /// A new speaker, paced by `clock` (the session's).
    public func makeSpeaker(clock: any MediaClock) -> any SpeakerDevice { speakerFactory(self, clock) }

    /// Parses the command-line string `--microphone` (`synthetic`, `file:PATH`, `alsa:DEVICE`).
    public init(microphoneSpec: String) throws {
        self.init()
        do { microphone = try MicrophoneDeviceSpec(parsing: microphoneSpec) } catch {
            guard case .invalidSpec(let reason) = error else { throw MediaError(.parameterError, "--microphone: \(error)") }
            throw MediaError(.parameterError, "--microphone: \(reason)")
        }
    }

    /// A new microphone, paced by `clock` (the session's).
    public func makeMicrophone(clock: any MediaClock) -> any MicrophoneDevice { microphoneFactory(self, clock) }
}
