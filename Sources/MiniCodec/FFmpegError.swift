import CFFmpeg

/// Human readable text for an FFmpeg error code.
func ffmpegErrorString(_ code: Int32) -> String {
    var buf = [CChar](repeating: 0, count: 128)
    return buf.withUnsafeMutableBufferPointer { b in
        cffmpeg_strerror(code, b.baseAddress, b.count)
        return String(cString: b.baseAddress!)
    }
}

/// FFmpeg's own logging: errors only, once per process.
enum FFmpegLogging {
    static let configure: Void = {
        av_log_set_level(cffmpeg_log_quiet())
    }()
}

/// Nanoseconds of a `Duration` (saturating at Int64's range).
extension Duration {
    var nanosecondsValue: Int64 {
        let c = components
        return c.seconds &* 1_000_000_000 &+ c.attoseconds / 1_000_000_000
    }
}
