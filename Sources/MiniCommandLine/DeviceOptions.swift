import ArgumentParser
import MiniStandard

/// The capture devices every command that runs an app takes (`run`, `auto`, `serve`): camera
/// and microphone specs, which MiniStandard's `StandardModules.Devices` parses (a bad one fails
/// the command with the spec's reason).
public struct CaptureOptions: ParsableArguments {
    public init() {}

    @Option(help: "Camera: synthetic[:WxH], file:PATH or v4l2:DEVICE.")
    public var camera: String = "synthetic"

    @Option(name: .customLong("camera-code"), help: "A code the synthetic camera shows, FORMAT:TEXT (e.g. QR_CODE:hello, EAN_13:5901234123457).")
    public var cameraCode: String?

    @Option(help: "Microphone for recordings: synthetic (tones: 1 kHz, +500 Hz per channel), file:PATH (its audio, looped) or alsa:DEVICE.")
    public var microphone: String = "synthetic"

}

/// The simulated devices of a headless command (`run`, `auto`): the capture devices, the speaker
/// and a scripted audio interruption. (`serve` has its own speaker choice: the browser's.)
public struct DeviceOptions: ParsableArguments {
    public init() {}

    @OptionGroup public var capture: CaptureOptions

    @Option(name: .customLong("audio-interruption"), help: "Simulate an audio interruption AFTER_MS after the first recording starts, lasting LENGTH_MS (default 1000): AFTER_MS[:LENGTH_MS].")
    public var audioInterruption: String?

    @Option(help: "Speaker for audio playback: null (heard by nobody, in time with the clock), file:PATH (a WAV file of the mixed output) or alsa:DEVICE.")
    public var speaker: String = "null"
}

extension DeviceOptions {
    /// The devices as `StandardModules.make` takes them.
    public var standard: StandardModules.Devices {
        StandardModules.Devices(
            camera: capture.camera, cameraCode: capture.cameraCode, microphone: capture.microphone, audioInterruption: audioInterruption,
            speaker: speaker)
    }
}
