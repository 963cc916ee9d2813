import CALSA

/// Opening an ALSA PCM the way both ALSA devices do: non-blocking, interleaved S16_LE at the
/// format asked for, from the system's configuration or an asoundrc of the caller's (tests use
/// ALSA's own file/null plugins through one).
enum ALSAPCM {
    enum Direction {
        case capture, playback
    }

    /// The prepared PCM; the caller closes it.
    static func open(
        device: String, configurationFile: String?, direction: Direction, format f: AudioFormat, latencyMicroseconds: UInt32
    ) throws(CameraError) -> OpaquePointer {
        var pcm: OpaquePointer? = nil
        let mode = Int32(SND_PCM_NONBLOCK)
        let stream = snd_pcm_stream_t(rawValue: UInt32(direction == .capture ? calsa_stream_capture() : calsa_stream_playback()))
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
        guard r >= 0, let pcm else { throw .deviceFailure(operation: "snd_pcm_open \(device): \(message(r))", errno: -r) }
        r = snd_pcm_set_params(pcm, snd_pcm_format_t(rawValue: calsa_format_s16_le()), snd_pcm_access_t(rawValue: UInt32(calsa_access_rw_interleaved())),
                               UInt32(f.channels), UInt32(f.sampleRate), 1, latencyMicroseconds)
        if r >= 0 { r = snd_pcm_prepare(pcm) }
        if r >= 0, direction == .capture { r = snd_pcm_start(pcm) }
        guard r >= 0 else {
            snd_pcm_close(pcm)
            throw .deviceFailure(operation: "configuring \(device) for \(f): \(message(r))", errno: -r)
        }
        return pcm
    }

    static func message(_ r: Int32) -> String { String(cString: snd_strerror(r)) }
}
