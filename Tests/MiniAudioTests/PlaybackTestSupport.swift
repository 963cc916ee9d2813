import Foundation
import MiniApp
import MiniAudio
import MiniCapture
import MiniCodec
import MiniCore
import MiniMediaTesting
import Synchronization

/// Media made for the playback tests (ffmpeg's sine source, or a WAV written here).
enum PlaybackMedia {
    /// A `seconds`-long tone at `frequency`, stereo 44.1 kHz, in the container `path` names.
    static func tone(_ path: String, frequency: Double, seconds: Double, extra: [String] = []) async throws {
        try await ffmpeg(["-y", "-f", "lavfi", "-i", "sine=frequency=\(frequency):sample_rate=44100:duration=\(seconds)",
                               "-ac", "2"] + extra + [path])
    }

    /// The ffmpeg command, off the cooperative pool.
    static func ffmpeg(_ args: [String]) async throws {
        try await offCooperativePool { try MediaTools.ffmpeg(args) }
    }

    /// ffprobe's `format=duration` of `path`, off the cooperative pool.
    static func ffprobeDuration(_ path: String) async throws -> Double {
        try await offCooperativePool {
            let p = ChildProcess()
            p.executableURL = URL(fileURLWithPath: "/usr/bin/ffprobe")
            p.arguments = ["-v", "error", "-show_entries", "format=duration", "-of", "default=nw=1:nk=1", path]
            let out = Pipe()
            p.standardOutput = out
            try p.run()
            let data = out.fileHandleForReading.readDataToEndOfFile()
            p.waitUntilExit()
            return Double(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
    }

    /// A 44.1 kHz stereo WAV whose frames name their index: left = i & 0x7fff, right = i >> 15.
    static func ramp(_ path: String, seconds: Double) throws {
        let frames = Int(seconds * 44_100)
        var samples = [Int16](repeating: 0, count: frames * 2)
        for i in 0..<frames {
            samples[2 * i] = Int16(i & 0x7fff)
            samples[2 * i + 1] = Int16(i >> 15)
        }
        try wav(path, samples, channels: 2)
    }

    static func wav(_ path: String, _ samples: [Int16], channels: Int, rate: Int = 44_100) throws {
        var d = Data()
        func u32(_ v: Int) { withUnsafeBytes(of: UInt32(v).littleEndian) { d.append(contentsOf: $0) } }
        func u16(_ v: Int) { withUnsafeBytes(of: UInt16(v).littleEndian) { d.append(contentsOf: $0) } }
        d.append(contentsOf: Array("RIFF".utf8)); u32(36 + samples.count * 2)
        d.append(contentsOf: Array("WAVEfmt ".utf8)); u32(16); u16(1); u16(channels); u32(rate); u32(rate * channels * 2); u16(channels * 2); u16(16)
        d.append(contentsOf: Array("data".utf8)); u32(samples.count * 2)
        samples.withUnsafeBytes { d.append(contentsOf: $0) }
        try d.write(to: URL(fileURLWithPath: path))
    }

    /// The frame index a ramp frame names.
    static func rampIndex(_ left: Int16, _ right: Int16) -> Int { Int(right) << 15 | Int(left) }

    /// Every sample of `path` decoded by MiniCodec at the mixer's format.
    static func decode(_ path: String) throws -> [Int16] {
        let d = try AudioDecoder(.file(path), output: .init(sampleRate: 44_100, channels: 2))
        var out: [Int16] = []
        while let c = try d.nextChunk() { out += c.samples }
        return out
    }

    /// `path` decoded by the ffmpeg command to s16le stereo 44.1 kHz.
    static func ffmpegDecode(_ path: String, into raw: String) async throws -> [Int16] {
        try await ffmpeg(["-y", "-i", path, "-f", "s16le", "-ac", "2", "-ar", "44100", raw])
        let data = try Data(contentsOf: URL(fileURLWithPath: raw))
        return data.withUnsafeBytes { Array($0.bindMemory(to: Int16.self)) }
    }
}

/// What a player reported, in order.
final class EventLog: Sendable {
    private let events = Mutex<[(PlayerEvent, Duration)]>([])
    let clock: any MediaClock
    init(clock: any MediaClock) { self.clock = clock }
    func add(_ e: PlayerEvent) { events.withLock { $0.append((e, clock.now())) } }
    var all: [PlayerEvent] { events.withLock { $0.map(\.0) } }
    func time(of e: PlayerEvent) -> Duration? { events.withLock { $0.first { $0.0 == e }?.1 } }
    var errors: [PlayerEvent] { all.filter { if case .error = $0 { true } else { false } } }
}

/// A mixer over a null speaker the test reads, on `clock`.
func testMixer(_ clock: any MediaClock, speaker: NullSpeaker) -> AudioMixer {
    var env = AudioEnvironment()
    env.speakerFactory = { _, _ in speaker }
    return AudioMixer(environment: env, clock: clock)
}

/// The package at `package` with the audio module alone, on `clock`, its sound to a null
/// speaker the test reads; data in `data`; 60 s run deadline.
func audioApp(_ package: URL, data: URL, clock: ManualClock) throws -> (MiniApp, NullSpeaker) {
    let speaker = NullSpeaker(clock: clock)
    var env = AudioEnvironment()
    env.speakerFactory = { _, _ in speaker }
    var config = MiniAppConfiguration(path: package.path, modules: [AudioModule(environment: env)], dataDirectory: data)
    config.clock = clock
    config.timeout = 60
    return (try MiniApp(config), speaker)
}

/// Polls `condition` every few milliseconds of real time, up to `seconds` (never blocks the pool).
func eventually(_ seconds: Double = 60, _ condition: () -> Bool) async -> Bool {
    let end = Date().addingTimeInterval(seconds)
    while Date() < end {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// The played samples from the first non-silent frame on.
func audible(_ samples: [Int16]) -> [Int16] {
    guard let i = samples.firstIndex(where: { $0 != 0 }) else { return [] }
    return Array(samples[(i - i % 2)...])
}
