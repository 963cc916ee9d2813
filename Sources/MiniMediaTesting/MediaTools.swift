import Foundation

/// The `ffmpeg` CLI for making test media, and the tone detector tests use to recognise the
/// synthetic microphone's signal in what was recorded or decoded.
public enum MediaTools {
    public struct Failed: Error, CustomStringConvertible {
        public let description: String
    }

    /// Whether `/usr/bin/ffmpeg` is installed (scripts/install-deps.sh installs it).
    public static var hasFFmpeg: Bool { FileManager.default.isExecutableFile(atPath: "/usr/bin/ffmpeg") }

    /// Runs `ffmpeg -hide_banner -loglevel error -nostdin -y ARGS`; throws with its stderr when it fails.
    public static func ffmpeg(_ args: [String]) throws {
        guard hasFFmpeg else { throw Failed(description: "ffmpeg is not installed") }
        let p = ChildProcess()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/ffmpeg")
        p.arguments = ["-hide_banner", "-loglevel", "error", "-nostdin", "-y"] + args
        let err = Pipe()
        p.standardError = err
        p.standardOutput = FileHandle.nullDevice
        try p.run()
        let message = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            throw Failed(description: "ffmpeg \(args.joined(separator: " ")) failed: \(String(decoding: message, as: UTF8.self))")
        }
    }

    /// Relative power of `frequency` in `samples` (Goertzel), normalised by the signal's energy:
    /// near 1 for a pure tone at that frequency, near 0 without it.
    public static func tonePower(_ samples: [Int16], sampleRate: Int, frequency: Double) -> Double {
        let k = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var s1 = 0.0, s2 = 0.0, energy = 0.0
        for x in samples {
            let v = Double(x)
            let s0 = v + k * s1 - s2
            s2 = s1
            s1 = s0
            energy += v * v
        }
        return energy > 0 ? (s1 * s1 + s2 * s2 - k * s1 * s2) / (energy * Double(samples.count) / 2) : 0
    }

    /// Channel `c` of interleaved `samples` with `n` channels.
    public static func channel(_ samples: [Int16], _ c: Int, of n: Int) -> [Int16] {
        stride(from: c, to: samples.count, by: n).map { samples[$0] }
    }
}
