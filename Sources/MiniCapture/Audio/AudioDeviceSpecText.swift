import MiniCore

/// The parts of an audio device string both `--microphone` and `--speaker` take: the one bare
/// word (`synthetic`, `null`), `file:PATH` or `alsa:DEVICE`, checked with the same messages.
enum AudioDeviceSpecText {
    enum Parsed {
        case bare
        case file(String)
        case alsa(String)
    }

    /// Parses `text` for a device `noun` ("microphone", "speaker") whose bare word is `bare`;
    /// `example` is a file the error suggests.
    static func parse(_ text: String, bare: String, noun: String, example: String) throws(CameraError) -> Parsed {
        let s = text.trimmingWhitespace()
        if s.lowercased() == bare { return .bare }
        guard let colon = s.firstIndex(of: ":") else {
            throw .invalidSpec("'\(s)': expected \(bare), file:PATH or alsa:DEVICE")
        }
        let rest = String(s[s.index(after: colon)...])
        switch s[..<colon].lowercased() {
        case "file":
            guard !rest.isEmpty, !rest.utf8.contains(0) else { throw .invalidSpec("'\(s)': file spec needs a path, e.g. file:\(example)") }
            return .file(rest)
        case "alsa":
            guard !rest.isEmpty, rest.utf8.count <= 256, !rest.utf8.contains(where: { $0 < 0x20 }) else {
                throw .invalidSpec("'\(s)': alsa spec needs a PCM name, e.g. alsa:default or alsa:hw:0,0")
            }
            return .alsa(rest)
        default:
            throw .invalidSpec("'\(s)': unknown \(noun) kind '\(s[..<colon])'; expected \(bare), file or alsa")
        }
    }
}
