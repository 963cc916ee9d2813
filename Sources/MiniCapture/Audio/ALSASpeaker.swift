import CALSA
import MiniCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Real playback through ALSA (`alsa:DEVICE`): interleaved S16 at the configured rate and
/// channels (ALSA's plug layer converts), written without blocking — `play` returns once the
/// hardware buffer (about four blocks) took the block, waiting a few milliseconds of real time
/// while it is full, so the hardware paces the mixer. `close()` drains what is queued.
///
/// `configurationFile` (an asoundrc) replaces the system configuration for this device: tests
/// define a `file` plugin PCM there and need no sound card.
public final class ALSASpeaker: SpeakerDevice {
    public let device: String
    public let configurationFile: String?

    private struct Session: @unchecked Sendable {
        var configuration: SpeakerConfiguration
        var pcm: OpaquePointer
    }
    private let state = Mutex<Session?>(nil)

    public init(device: String, configurationFile: String? = nil) {
        self.device = device
        self.configurationFile = configurationFile
    }

    deinit { close() }

    public var specDescription: String { SpeakerDeviceSpec.alsa(device: device).description }
    public var format: AudioFormat? { state.withLock { $0?.configuration.format } }

    public func open(_ configuration: SpeakerConfiguration) throws(CameraError) {
        try configuration.validate()
        close()
        var pcm: OpaquePointer? = nil
        let mode = Int32(SND_PCM_NONBLOCK)
        let stream = snd_pcm_stream_t(rawValue: UInt32(calsa_stream_playback()))
        var r: Int32
        if let file = configurationFile {
            var top: OpaquePointer? = nil
            var input: OpaquePointer? = nil
            r = snd_config_top(&top)
            if r >= 0 { r = snd_input_stdio_open(&input, file, "r") }
            if r >= 0 {
                r = snd_config_load(top, input)
                snd_input_close(input)
            }
            if r >= 0 { r = snd_pcm_open_lconf(&pcm, device, stream, mode, top) }
            if top != nil { snd_config_delete(top) }
        } else {
            r = snd_pcm_open(&pcm, device, stream, mode)
        }
        guard r >= 0, let pcm else { throw .deviceFailure(operation: "snd_pcm_open \(device): \(Self.message(r))", errno: -r) }
        let f = configuration.format
        let latency = UInt32(max(Int64(40_000), configuration.chunkDuration.nanoseconds / 1_000 * 4))
        r = snd_pcm_set_params(pcm, snd_pcm_format_t(rawValue: calsa_format_s16_le()), snd_pcm_access_t(rawValue: UInt32(calsa_access_rw_interleaved())),
                               UInt32(f.channels), UInt32(f.sampleRate), 1, latency)
        if r >= 0 { r = snd_pcm_prepare(pcm) }
        guard r >= 0 else {
            snd_pcm_close(pcm)
            throw .deviceFailure(operation: "configuring \(device) for \(f): \(Self.message(r))", errno: -r)
        }
        state.withLock { $0 = Session(configuration: configuration, pcm: pcm) }
    }

    public func close() {
        state.withLock { s in
            if let pcm = s?.pcm {
                // Play what is queued, then close.
                _ = snd_pcm_nonblock(pcm, 0)
                _ = snd_pcm_drain(pcm)
                snd_pcm_close(pcm)
            }
            s = nil
        }
    }

    static func message(_ r: Int32) -> String { String(cString: snd_strerror(r)) }

    public func play(_ samples: [Int16]) async throws {
        var offset = 0
        while true {
            try Task.checkCancellation()
            let done = try state.withLock { s throws(CameraError) -> Bool in
                guard let session = s else { throw .notOpen }
                let channels = session.configuration.format.channels
                let total = samples.count / channels
                while offset < total {
                    let n = samples.withUnsafeBufferPointer { b in
                        snd_pcm_writei(session.pcm, b.baseAddress! + offset * channels, snd_pcm_uframes_t(total - offset))
                    }
                    if n > 0 {
                        offset += Int(n)
                        continue
                    }
                    if n == -Int(EAGAIN) || n == 0 { return false }
                    // Underrun and the like: recover, else the device is lost.
                    let rec = snd_pcm_recover(session.pcm, Int32(n), 1)
                    guard rec >= 0 else { throw .deviceFailure(operation: "snd_pcm_writei \(device): \(Self.message(Int32(n)))", errno: Int32(-n)) }
                }
                return true
            }
            if done { return }
            // The hardware buffer is full: wait a few milliseconds of real time.
            try await Task.sleep(for: .milliseconds(3))
        }
    }
}
