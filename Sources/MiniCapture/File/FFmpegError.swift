import CFFmpeg

/// Human readable text for an FFmpeg error code.
func ffmpegErrorString(_ code: Int32) -> String {
    var buf = [CChar](repeating: 0, count: 128)
    return buf.withUnsafeMutableBufferPointer { b in
        cffmpeg_strerror(code, b.baseAddress, b.count)
        return String(cString: b.baseAddress!)
    }
}
